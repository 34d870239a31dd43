// `docket diff` on a seeded history: lowering the purchase finance threshold from 5,000 to
// 2,000 EUR reports exactly as many past requests needing Finance as a direct SQL count over the
// same period; running requests are listed as staying on their version; the database is read
// only; --base reads the old flows from git. On SQLite, and on PostgreSQL when TEST_DATABASE_URL is set.
import { execFileSync } from 'node:child_process';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDiff } from '../../src/cli/diff.ts';
import { runSeedDemo } from '../../src/cli/seed-demo.ts';
import { sqlOf, storeTargets, type OpenedStore } from '../support/databases.ts';

const DAYS = 20;

async function flowsCopy(root: string, threshold: number): Promise<string> {
  const dir = path.join(root, 'flows');
  await cp('flows', dir, { recursive: true });
  const file = path.join(dir, 'requests/purchase.yaml');
  const text = await readFile(file, 'utf8');
  await writeFile(file, text.replace('when: form.total.amount > 5000', `when: form.total.amount > ${threshold}`));
  return dir;
}

async function diff(url: string, ...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runDiff(argv, { out: (l) => out.push(l), err: (l) => err.push(l), flowsDir: 'flows', databaseUrl: url, now: () => new Date() });
  return { code, out, err, text: out.join('\n') };
}

describe.each(storeTargets())('docket diff on $name', (target) => {
  let opened: OpenedStore;
  let root: string;
  beforeAll(async () => {
    opened = await target.open();
    root = await mkdtemp(path.join(os.tmpdir(), 'docket-diff-test-'));
    // npm run seed:demo itself (src/cli/seed-demo.ts), small: a month of history ending now
    const log: string[] = [];
    const code = await runSeedDemo(['--days', '30', '--requests', '200', '--cases', '20', '--seed', '11'], { DATABASE_URL: opened.url, FLOWS_DIR: 'flows' }, (l) => log.push(l), (l) => log.push(l));
    if (code !== 0) throw new Error(`seed:demo failed:\n${log.join('\n')}`);
  }, 120_000);
  afterAll(async () => {
    await opened?.cleanup();
    if (root) await rm(root, { recursive: true, force: true });
  });

  async function needingFinance(since: string, threshold: number): Promise<number> {
    const db = sqlOf(opened.store);
    const amount = target.name === 'sqlite' ? "CAST(json_extract(state, '$.form.total.amount') AS REAL)" : "(state::jsonb #>> '{form,total,amount}')::numeric";
    const row = (await db('requests').where({ flow_id: 'purchase' }).andWhere('submitted_at', '>=', since).andWhereRaw(`${amount} > ?`, [threshold]).count({ n: '*' }).first()) as { n: number | string };
    return Number(row.n);
  }

  it('counts the past requests that would have needed Finance at 2,000 EUR, equal to a direct SQL count', async () => {
    const newDir = await flowsCopy(path.join(root, 'lowered'), 2000);
    const db = sqlOf(opened.store);
    const auditBefore = await db('audit_log').count({ n: '*' }).first();
    const r = await diff(opened.url, 'flows', newDir, '--days', String(DAYS), '--json');
    expect(r.err).toEqual([]);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.text);
    expect(json.flows).toHaveLength(1);
    const purchase = json.flows[0];
    expect(purchase).toMatchObject({ id: 'purchase', kind: 'request', change: 'changed' });
    const since = purchase.replay.since as string;
    expect(Date.now() - new Date(since).getTime()).toBeGreaterThanOrEqual(DAYS * 86_400_000);
    expect(Date.now() - new Date(since).getTime()).toBeLessThan(DAYS * 86_400_000 + 60_000);
    const submitted = Number(((await db('requests').where({ flow_id: 'purchase' }).andWhere('submitted_at', '>=', since).count({ n: '*' }).first()) as { n: number }).n);
    expect(purchase.replay.submitted).toBe(submitted);
    expect(purchase.replay.sampled).toBeNull();
    const s = purchase.replay.summary;
    expect(s.replayed).toBe(submitted);
    expect(s.notReplayed).toEqual([]);
    const finance = s.steps.find((x: { id: string }) => x.id === 'finance');
    const atNew = await needingFinance(since, 2000);
    const atOld = await needingFinance(since, 5000);
    expect(atNew).toBeGreaterThan(atOld);
    expect(finance).toEqual({ id: 'finance', name: 'Finance review', old: atOld, new: atNew });
    expect(s.extraSteps.count).toBe(atNew - atOld);
    expect(s.fewerSteps.count).toBe(0);
    expect(s.extraSteps.examples[0].what).toMatch(/: \+ Finance review \(the total cost is over 2,000 \(EUR or USD\)\)$/);
    // running requests keep their version: the ones the database says are pending or sent back
    const running = ((await db('requests').select('id').where({ flow_id: 'purchase' }).whereIn('status', ['pending', 'changes_requested']).orderBy('submitted_at')) as { id: string }[]).map((x) => x.id);
    expect(running.length).toBeGreaterThan(0);
    expect(purchase.inFlight.count).toBe(running.length);
    expect(purchase.inFlight.ids).toEqual(running.slice(0, 20));
    expect(Object.keys(purchase.inFlight.byVersion)).toEqual([purchase.oldVersion]);
    // read-only: nothing was added
    expect(await db('audit_log').count({ n: '*' }).first()).toEqual(auditBefore);
  });

  it('prints the same as text, and samples when the history is larger than --limit, saying so', async () => {
    const newDir = await flowsCopy(path.join(root, 'text'), 2000);
    const r = await diff(opened.url, 'flows', newDir, '--days', String(DAYS), '--limit', '10');
    expect(r.code).toBe(0);
    expect(r.text).toMatch(/purchase \(Purchase request\): changed, version [0-9a-f]{16} → [0-9a-f]{16}/);
    expect(r.text).toMatch(/in flight: \d+ request\(s\) still being decided stay on the version they started on/);
    expect(r.text).toMatch(/replay: 10 of \d+ requests submitted since/);
    expect(r.text).toMatch(/sampled: 10 of \d+, evenly over the period \(--limit\); counts are of the sample/);
    expect(r.text).toMatch(/Finance review \[finance\]: \d+ → \d+/);
  });

  it('reads the old flows from git with --base', async () => {
    const repo = path.join(root, 'repo');
    const dir = await flowsCopy(repo, 5000);
    const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', '-c', 'init.defaultBranch=main', ...args], { cwd: repo, stdio: 'pipe' });
    git('init', '-q');
    git('add', '-A');
    git('commit', '-qm', 'flows');
    const file = path.join(dir, 'requests/purchase.yaml');
    await writeFile(file, (await readFile(file, 'utf8')).replace('form.total.amount > 5000', 'form.total.amount > 2000'));
    const r = await diff(opened.url, '--base', 'main', dir, '--days', String(DAYS), '--json');
    expect(r.err).toEqual([]);
    const json = JSON.parse(r.text);
    expect(json.base).toMatch(/^main \([0-9a-f]{12}\)$/);
    const finance = json.flows[0].replay.summary.steps.find((x: { id: string }) => x.id === 'finance');
    expect(finance.new).toBe(await needingFinance(json.flows[0].replay.since, 2000));
    // a revision that looks like an option never reaches git as one
    const hostile = await diff(opened.url, '--base=--output=/tmp/owned', dir);
    expect(hostile.code).toBe(2);
    expect(hostile.err[0]).toBe('docket diff: --base: not a git revision: "--output=/tmp/owned"');
    const unknown = await diff(opened.url, '--base', 'no-such-branch', dir);
    expect(unknown.err[0]).toBe('docket diff: --base: git does not know the revision "no-such-branch"');
  });
});

describe('docket diff without history', () => {
  it('says when nothing changed, and refuses a wrong command line with exit 2', async () => {
    const r = await diff('sqlite:/nonexistent/docket.db', 'flows', 'flows');
    expect(r.code).toBe(0);
    expect(r.out).toEqual(['docket diff: no flow changed between flows and flows']);
    expect((await diff('sqlite::memory:', 'flows')).code).toBe(2);
    expect((await diff('sqlite::memory:', 'a', 'b', '--days', 'many')).err[0]).toBe('docket diff: --days takes a whole number from 1 to 3650');
  });

  it('refuses to create a database it was asked to read', async () => {
    const root = await mkdtemp(path.join(os.tmpdir(), 'docket-diff-none-'));
    try {
      const newDir = await flowsCopy(root, 2000);
      const r = await diff(`sqlite:${path.join(root, 'missing.db')}`, 'flows', newDir);
      expect(r.code).toBe(1);
      expect(r.err[0]).toMatch(/^docket diff: cannot read sqlite:.*missing\.db: /);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});
