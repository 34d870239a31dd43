// `docket migrate` and `docket audit verify`, on every test database.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAuditVerify } from '../../src/cli/audit.ts';
import { runMigrate } from '../../src/cli/migrate.ts';
import { listMigrations } from '../../src/store/migrations.ts';
import { anEvent } from '../support/builders.ts';
import { sqlOf, storeTargets, type OpenedStore } from '../support/databases.ts';

function capture() {
  const lines: string[] = [];
  return { lines, out: (line: string) => void lines.push(line) };
}

describe.each(storeTargets())('store commands on $name', (target) => {
  let opened: OpenedStore;
  beforeAll(async () => {
    opened = await target.open({ migrate: false });
  });
  afterAll(async () => {
    await opened?.cleanup();
  });

  it('migrate applies every migration, then reports the database up to date', async () => {
    const first = capture();
    expect(await runMigrate(opened.url, first.out)).toBe(0);
    expect(first.lines).toEqual(listMigrations().map((m) => `applied ${m.name}`));
    expect(first.lines[0]).toBe('applied 001_initial');
    const second = capture();
    expect(await runMigrate(opened.url, second.out)).toBe(0);
    expect(second.lines).toEqual(['database is up to date']);
  });

  it('audit verify reports an intact chain with its row count', async () => {
    await opened.store.transaction((tx) => tx.appendEvents([anEvent(1), anEvent(2), anEvent(3)]));
    const run = capture();
    expect(await runAuditVerify(opened.url, run.out)).toBe(0);
    expect(run.lines).toEqual(['audit ok: 3 rows in 1 subjects, 0 checkpoints, no signatures']);
  });

  it('audit verify names the first broken row and exits 1', async () => {
    await sqlOf(opened.store)('audit_log').where({ seq: 2 }).update({ actor: 'mallory@example.com' });
    const run = capture();
    expect(await runAuditVerify(opened.url, run.out)).toBe(1);
    expect(run.lines).toEqual(['audit broken at seq 2 (request:R-1): value at $actor does not match its digest (the row was edited)']);
  });
});

describe('store commands on a database they cannot use', () => {
  it('migrate says why it failed and exits 1', async () => {
    const run = capture();
    expect(await runMigrate('mysql://db/docket', run.out)).toBe(1);
    expect(run.lines).toEqual(['migrate failed: database url must start with sqlite: or postgres:// (for example sqlite:./data/docket.db)']);
  });

  it('audit verify says why it failed and exits 1', async () => {
    const run = capture();
    expect(await runAuditVerify('sqlite::memory:', run.out)).toBe(1);
    expect(run.lines).toHaveLength(1);
    expect(run.lines[0]).toMatch(/^audit verify failed: .*audit_/);
  });
});

describe('audit checkpoint, keygen and verify against an exported checkpoint', () => {
  it('signs with a generated key, and proves the database still holds the exported checkpoint', async () => {
    const { mkdtemp, writeFile } = await import('node:fs/promises');
    const os = await import('node:os');
    const path = await import('node:path');
    const { runAuditCheckpoint, runAuditKeygen } = await import('../../src/cli/audit.ts');
    const keygen = capture();
    expect(runAuditKeygen(keygen.out)).toBe(0);
    const value = (name: string) => keygen.lines.find((l) => l.startsWith(`${name}=`))!.slice(name.length + 1);
    const [target] = storeTargets();
    const opened = await target!.open();
    try {
      await opened.store.transaction((tx) => tx.appendEvents([anEvent(1), anEvent(2, { subject: 'case:C-1' })]));
      const written = capture();
      expect(await runAuditCheckpoint(opened.url, written.out, value('DOCKET_AUDIT_SIGNING_KEY'))).toBe(0);
      const checkpoint = JSON.parse(written.lines[0]!);
      expect(checkpoint).toMatchObject({ id: 1, heads: 2, signature: expect.any(String) });
      const file = path.join(await mkdtemp(path.join(os.tmpdir(), 'docket-cp-')), 'checkpoints.jsonl');
      await writeFile(file, written.lines[0] + '\n');
      const verified = capture();
      expect(await runAuditVerify(opened.url, verified.out, { publicKey: value('DOCKET_AUDIT_PUBLIC_KEY'), checkpointFile: file })).toBe(0);
      expect(verified.lines).toEqual(['audit ok: 2 rows in 2 subjects, 1 checkpoints, signatures checked, matches exported checkpoint 1']);
      await writeFile(file, JSON.stringify({ ...checkpoint, root: 'f'.repeat(64) }) + '\n');
      const forged = capture();
      expect(await runAuditVerify(opened.url, forged.out, { checkpointFile: file })).toBe(1);
      expect(forged.lines).toEqual(['audit broken at seq 0: checkpoint 1 differs from the exported copy (the log was rewritten since it was exported)']);
      await writeFile(file, 'not json\n');
      const bad = capture();
      expect(await runAuditVerify(opened.url, bad.out, { checkpointFile: file })).toBe(1);
      expect(bad.lines[0]).toMatch(/^audit verify failed: .*neither its last line nor the whole file is JSON/);
    } finally {
      await opened.cleanup();
    }
  });
});
