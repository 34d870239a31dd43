// Migration 006 moves an existing log from one global chain to per-subject chains: the old
// chain is checked first and its verdict recorded in the log, then every row is re-sealed.
import { afterEach, describe, expect, it } from 'vitest';
import type { Knex } from 'knex';
import { GENESIS_HASH, legacyHashRow } from '../../src/store/audit-chain.ts';
import { listMigrations, migrationSource } from '../../src/store/migrations.ts';
import { anEvent } from '../support/builders.ts';
import { sqlOf, storeTargets, type OpenedStore } from '../support/databases.ts';

const before006 = { ...migrationSource(), getMigrations: async () => listMigrations().filter((m) => m.name < '006') };

async function writeLegacyLog(db: Knex, count: number): Promise<void> {
  let prevHash = GENESIS_HASH;
  for (let seq = 1; seq <= count; seq++) {
    const e = anEvent(seq, { subject: `request:R-${seq % 4}` });
    const hash = legacyHashRow({ seq, at: e.at, actor: e.actor, type: e.type, subject: e.subject, data: e.data, prevHash });
    await db('audit_log').insert({ seq, at: e.at, actor: e.actor, type: e.type, subject: e.subject, data: JSON.stringify(e.data), prev_hash: prevHash, hash });
    prevHash = hash;
  }
  await db('audit_head').where({ id: 1 }).update({ last_seq: count, last_hash: prevHash });
}

describe.each(storeTargets())('migration 006 on $name', (target) => {
  let opened: OpenedStore | undefined;
  afterEach(async () => {
    await opened?.cleanup();
    opened = undefined;
  });

  async function legacyThenLatest(tamper?: (db: Knex) => Promise<void>) {
    opened = await target.open({ migrate: false });
    const db = sqlOf(opened.store);
    await db.migrate.latest({ migrationSource: before006 });
    await writeLegacyLog(db, 12);
    await tamper?.(db);
    await db.migrate.latest({ migrationSource: migrationSource() });
    return db;
  }

  it('re-seals an intact log into per-subject chains and records that the old chain held', async () => {
    await legacyThenLatest();
    const store = opened!.store;
    expect(await store.verifyAudit()).toMatchObject({ ok: true, rows: 13, subjects: 5 });
    const [migrated] = await store.timeline('audit:log');
    expect(migrated).toMatchObject({ type: 'audit.chains_migrated', actor: 'docket', data: { legacyRows: 12, legacyVerified: true } });
    expect((await store.timeline('request:R-1')).map((r) => [r.subjectSeq, r.data.n])).toEqual([[1, 1], [2, 5], [3, 9]]);
    // new appends continue each subject's chain, and the global seq after the old rows
    await store.transaction((tx) => tx.appendEvents([anEvent(13, { subject: 'request:R-1' })]));
    const timeline = await store.timeline('request:R-1');
    expect(timeline.at(-1)).toMatchObject({ subjectSeq: 4 });
    expect(timeline.at(-1)!.seq).toBeGreaterThan(13);
    expect(await store.verifyAudit()).toMatchObject({ ok: true, rows: 14 });
    expect(await store.checkpointAudit('2026-02-01T00:00:00.000Z')).toMatchObject({ id: 1, heads: 5 });
  });

  it('records a broken old chain instead of laundering it', async () => {
    await legacyThenLatest((db) => db('audit_log').where({ seq: 7 }).update({ actor: 'mallory@example.com' }).then(() => undefined));
    const [migrated] = await opened!.store.timeline('audit:log');
    expect(migrated!.data).toMatchObject({ legacyVerified: false, legacyProblem: 'row 7: content does not match its hash' });
  });
});
