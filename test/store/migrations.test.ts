// Migrations run up from empty on every database, are a no-op the second time, and go down.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listMigrations, migrationSource } from '../../src/store/migrations.ts';
import { migrate } from '../../src/store/open.ts';
import { sqlOf, storeTargets, type OpenedStore } from '../support/databases.ts';

const TABLES = [
  'requests',
  'request_approvers',
  'cases',
  'case_people',
  'audit_log',
  'audit_head',
  'outbox',
  'idempotency_keys',
  'counters',
  'rotations',
  'flow_versions',
  // 002_time_and_delivery
  'timers',
  'card_refs',
  'platform_identities',
  'channel_pacing',
  // 006_audit_chains
  'audit_subject_heads',
  'audit_checkpoints',
  'audit_checkpoint_heads',
  // 010_retention
  'retention_done',
];

/** every migration in migrations/, so a new file does not have to edit this test */
const ALL = listMigrations().map((m) => m.name);

describe.each(storeTargets())('migrations on $name', (target) => {
  let opened: OpenedStore;
  beforeAll(async () => {
    opened = await target.open({ migrate: false });
  });
  afterAll(async () => {
    await opened?.cleanup();
  });

  it('start from an empty database', async () => {
    for (const table of TABLES) expect(await sqlOf(opened.store).schema.hasTable(table), table).toBe(false);
  });

  it('apply every migration from empty, then nothing the second time', async () => {
    expect(await migrate(opened.url)).toEqual(ALL);
    expect(ALL.slice(0, 2)).toEqual(['001_initial', '002_time_and_delivery']);
    expect(await migrate(opened.url)).toEqual([]);
    const db = sqlOf(opened.store);
    for (const table of TABLES) expect(await db.schema.hasTable(table), table).toBe(true);
    for (const column of ['platform', 'dead_reason', 'target_key', 'slot_at', 'notice_of']) expect(await db.schema.hasColumn('outbox', column), column).toBe(true);
    const head = await db('audit_head').select('id', 'last_seq', 'last_hash');
    expect(head.map((h) => [h.id, Number(h.last_seq), h.last_hash])).toEqual([[1, 0, '0'.repeat(64)]]);
    expect(await opened.store.verifyAudit()).toMatchObject({ ok: true, rows: 0 });
  });

  it('go down again, leaving none of their tables', async () => {
    const db = sqlOf(opened.store);
    await db.migrate.rollback({ migrationSource: migrationSource() }, true);
    for (const table of TABLES) expect(await db.schema.hasTable(table), table).toBe(false);
    expect(await migrate(opened.url)).toEqual(ALL);
  });
});

describe('listMigrations', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'docket-migrations-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('lists the project\'s migrations in order, starting with 001_initial', () => {
    const names = listMigrations().map((m) => m.name);
    expect(names[0]).toBe('001_initial');
    expect([...names].sort()).toEqual(names);
  });

  it('orders numbered files and ignores other files', async () => {
    for (const f of ['002_b.ts', '001_a.ts', 'README.md', '003_c.d.ts', 'helper.ts']) await writeFile(path.join(dir, f), '');
    expect(listMigrations(dir).map((m) => m.name)).toEqual(['001_a', '002_b']);
  });

  it('refuses a gap or a repeated number', async () => {
    await writeFile(path.join(dir, '004_d.ts'), '');
    expect(() => listMigrations(dir)).toThrow('migrations: expected a file numbered 003, found 004_d');
    await rm(path.join(dir, '004_d.ts'));
    await writeFile(path.join(dir, '002_again.ts'), '');
    expect(() => listMigrations(dir)).toThrow('migrations: expected a file numbered 003, found 002_b');
  });
});
