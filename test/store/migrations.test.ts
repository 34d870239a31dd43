// Migrations run up from empty on every database, are a no-op the second time, and go down.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Knex } from 'knex';
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

/** every table but knex's own, with its columns and indexes: what a migration's down must restore */
async function schemaOf(db: Knex, dialect: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  if (dialect === 'sqlite') {
    const rows = (await db.raw("SELECT type, name, tbl_name FROM sqlite_master WHERE name NOT LIKE 'knex_%' AND name NOT LIKE 'sqlite_%' ORDER BY name")) as Array<{ type: string; name: string; tbl_name: string }>;
    for (const r of rows) {
      if (r.type === 'table') out[r.name] = ((await db.raw(`PRAGMA table_info("${r.name}")`)) as Array<{ name: string }>).map((c) => c.name).join(',');
      else out[`${r.type}:${r.name}`] = r.tbl_name;
    }
  } else {
    const cols = (await db.raw("SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name NOT LIKE 'knex_%' ORDER BY table_name, ordinal_position")).rows as Array<{ table_name: string; column_name: string }>;
    for (const c of cols) out[c.table_name] = out[c.table_name] ? `${out[c.table_name]},${c.column_name}` : c.column_name;
    const idx = (await db.raw("SELECT indexname, tablename FROM pg_indexes WHERE schemaname = current_schema() AND tablename NOT LIKE 'knex_%'")).rows as Array<{ indexname: string; tablename: string }>;
    for (const i of idx) out[`index:${i.indexname}`] = i.tablename;
    const seqs = (await db.raw("SELECT sequence_name FROM information_schema.sequences WHERE sequence_schema = current_schema() AND sequence_name NOT LIKE 'knex_%'")).rows as Array<{ sequence_name: string }>;
    for (const q of seqs) out[`sequence:${q.sequence_name}`] = '';
  }
  return out;
}

describe.each(storeTargets())('each migration on $name', (target) => {
  let opened: OpenedStore;
  beforeAll(async () => {
    opened = await target.open({ migrate: false });
  });
  afterAll(async () => {
    await opened?.cleanup();
  });

  it('goes down to exactly the schema it came up from, one at a time, newest first', async () => {
    const db = sqlOf(opened.store);
    const config = { migrationSource: migrationSource() };
    const before: Array<Record<string, string>> = [];
    for (const name of ALL) {
      before.push(await schemaOf(db, target.name));
      await db.migrate.up({ ...config, name });
    }
    for (const name of [...ALL].reverse()) {
      await db.migrate.down({ ...config, name });
      expect(await schemaOf(db, target.name), `down of ${name}`).toEqual(before.pop());
    }
    expect(await schemaOf(db, target.name)).toEqual({});
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
