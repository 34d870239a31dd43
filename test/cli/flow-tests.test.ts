// `docket test`: the example flows ship with tests that pass and cover every step condition and
// rule; a changed threshold makes them fail with the place, the values and the reason; broken
// test files are reported at file:line:col like flow files.
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.ts';

async function docket(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { out: (l) => out.push(l), err: (l) => err.push(l), env: {} });
  return { code, out, err, text: out.join('\n') };
}

const temps: string[] = [];
afterEach(async () => {
  for (const dir of temps.splice(0)) await rm(dir, { recursive: true, force: true });
});

/** a copy of flows/ under a temporary "flows" folder, with `edit` applied to one file */
async function copyFlows(edits: Record<string, (text: string) => string> = {}): Promise<string> {
  const root = await mkdtemp(path.join(tmpdir(), 'docket-flowtest-'));
  temps.push(root);
  const dir = path.join(root, 'flows');
  await cp('flows', dir, { recursive: true });
  for (const [file, edit] of Object.entries(edits)) {
    const full = path.join(dir, file);
    const before = await readFile(full, 'utf8').catch(() => '');
    const after = edit(before);
    expect(after, `the edit of ${file} changed nothing`).not.toBe(before);
    await writeFile(full, after);
  }
  return dir;
}

describe('docket test on the example flows', () => {
  it('passes, and covers every step condition (true and false) and every rule', async () => {
    const r = await docket('test', 'flows', '--require-coverage');
    expect(r.text).not.toContain('FAIL');
    expect(r.text).not.toContain('coverage:');
    expect(r.out.at(-1)).toMatch(/^ok: \d+ passed, 0 failed \(6 files\); every step condition seen true and false, every rule fired$/);
    expect(r.code).toBe(0);
  });

  it('fails with a clear message when the finance threshold in a copy of purchase.yaml is raised', async () => {
    const dir = await copyFlows({ 'requests/purchase.yaml': (t) => t.replace('when: form.total.amount > 5000', 'when: form.total.amount > 50000') });
    const r = await docket('test', dir);
    expect(r.code).toBe(1);
    const test = await readFile(path.join(dir, 'tests/purchase.yaml'), 'utf8');
    // the line of the expectation `finance: { status: applied, … }` in the 12,000 EUR test
    const line = test.split('\n').findIndex((l) => l.includes('finance: { status: applied, approvers: [fiona')) + 1;
    const at = r.out.findIndex((l) => l.includes('FAIL  a 12,000 EUR software purchase reaches finance but not the CFO'));
    expect(at).toBeGreaterThan(-1);
    expect(r.out.slice(at + 1, at + 6)).toEqual([
      `        flows/tests/purchase.yaml:${line}:28  steps.finance`,
      '          expected: applied',
      '          actual:   skipped',
      '          why:      condition "the total cost is over 50,000 (EUR or USD)" is false  [when: form.total.amount > 50000]',
      '                    total = 12000 EUR',
    ]);
    expect(r.out.at(-1)).toMatch(/^FAIL: \d+ passed, [1-9]\d* failed/);
  });

  it('catches a threshold lowered to 2,000 too', async () => {
    const dir = await copyFlows({ 'requests/purchase.yaml': (t) => t.replace('form.total.amount > 5000', 'form.total.amount > 2000') });
    const r = await docket('test', dir);
    expect(r.code).toBe(1);
    expect(r.text).toContain('FAIL  3,000 EUR is still below the finance threshold');
  });

  it('names who is away when the approvers differ', async () => {
    const dir = await copyFlows({ 'tests/purchase.yaml': (t) => t.replace('finance: { approvers: [frank@example.com, victor@example.com] }', 'finance: { approvers: [fiona@example.com, victor@example.com] }') });
    const r = await docket('test', dir);
    expect(r.code).toBe(1);
    expect(r.text).toContain('expected: fiona@example.com, victor@example.com');
    expect(r.text).toContain('actual:   frank@example.com, victor@example.com');
    expect(r.text).toContain('Fiona Walsh is away until 2026-12-04; Frank Moreau covers.');
  });

  it('reports what is not covered, and fails on it with --require-coverage', async () => {
    const dir = await copyFlows({ 'tests/purchase.yaml': (t) => t.replace(/\n {2}- name: 25,000 USD[\s\S]*?outcome: approved\n/, '\n') });
    const loose = await docket('test', dir);
    expect(loose.code).toBe(0);
    expect(loose.text).toContain('coverage: purchase: step cfo: its condition is never true (form.total.amount > 20000)');
    expect((await docket('test', dir, '--require-coverage')).code).toBe(1);
  });

  it('reports broken test files at file:line:col, like the flow loader', async () => {
    const dir = await copyFlows({
      'tests/broken.yaml': () => 'flow: purchase\nkind: request\ntests:\n  - name: x\n    as: ann@example.com\n    form: {}\n    expect: { outcom: approved }\n',
      'tests/nope.yaml': () => 'flow: nope\nkind: request\ntests:\n  - { name: x, as: ann@example.com, form: {}, expect: {} }\n',
      'tests/bad.yaml': () => 'flow: [unclosed\n',
    });
    const r = await docket('test', dir);
    expect(r.code).toBe(1);
    expect(r.out[0]).toMatch(/^flows\/tests\/bad\.yaml:\d+:\d+  \(yaml\): malformed YAML/);
    expect(r.text).toMatch(/flows\/tests\/broken\.yaml:7:\d+  tests\[0\]\.expect\.outcom: .*unknown key/i);
    expect(r.text).toContain('flows/tests/nope.yaml:1:7  flow: expected a request flow of flows/, got "nope"');
  });

  it('says which step a test names that the flow does not have, and which person is unknown', async () => {
    const dir = await copyFlows({
      'tests/extra.yaml': () =>
        'flow: purchase\nkind: request\ntests:\n  - name: typo\n    as: ann@example.com\n    at: 2026-12-01T10:00\n    form: { item: X, total: 10 EUR, category: hardware, justification: Twenty characters at least. }\n    expect:\n      steps: { fnance: skipped }\n  - name: stranger\n    as: zed@example.com\n    form: {}\n    expect: {}\n',
    });
    const r = await docket('test', dir);
    expect(r.code).toBe(1);
    expect(r.text).toContain('flows/tests/extra.yaml:9:24  steps.fnance');
    expect(r.text).toContain('actual:   no such step; its steps: manager, finance, cfo');
    expect(r.text).toContain('flows/tests/extra.yaml:11:9  as');
  });

  it('refuses a wrong command line with exit 2, and an empty test folder with exit 1', async () => {
    expect((await docket('test', 'a', 'b')).code).toBe(2);
    expect((await docket('test', '--bogus')).code).toBe(2);
    const dir = await copyFlows({ 'tests/purchase.yaml': () => '' });
    for (const f of ['access', 'time-off', 'customer-complaint', 'expense-dispute', 'it-incident', 'purchase']) await rm(path.join(dir, 'tests', `${f}.yaml`));
    const r = await docket('test', dir);
    expect(r.code).toBe(1);
    expect(r.text).toContain('no tests in flows/tests/');
  });
});
