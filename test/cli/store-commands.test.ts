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
    expect(run.lines).toEqual(['audit ok: 3 rows']);
  });

  it('audit verify names the first broken row and exits 1', async () => {
    await sqlOf(opened.store)('audit_log').where({ seq: 2 }).update({ actor: 'mallory@example.com' });
    const run = capture();
    expect(await runAuditVerify(opened.url, run.out)).toBe(1);
    expect(run.lines).toEqual(['audit broken at seq 2: content does not match its hash (the row was edited)']);
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
    expect(run.lines[0]).toMatch(/^audit verify failed: .*audit_head/);
  });
});
