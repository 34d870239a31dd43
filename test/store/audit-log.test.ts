// The audit chain on real databases: tampering done with plain SQL, as an intruder with database
// access would, must be caught at the first row it touched.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Knex } from 'knex';
import type { Store } from '../../src/ports/store.ts';
import { hashRow } from '../../src/store/audit-chain.ts';
import { verifyAudit } from '../../src/store/audit-log.ts';
import { anEvent } from '../support/builders.ts';
import { sqlOf, storeTargets, type OpenedStore } from '../support/databases.ts';

const CONTENT = ['at', 'actor', 'type', 'subject', 'data', 'prev_hash', 'hash'] as const;

describe.each(storeTargets())('audit log on $name', (target) => {
  let opened: OpenedStore;
  let store: Store;
  let db: Knex;

  beforeEach(async () => {
    opened = await target.open();
    store = opened.store;
    db = sqlOf(store);
    // 20 events over several transactions, so the chain crosses transaction boundaries
    for (let start = 1; start <= 20; start += 5) {
      await store.transaction((tx) => tx.appendEvents([0, 1, 2, 3, 4].map((i) => anEvent(start + i, { subject: `request:R-${(start + i) % 3}` }))));
    }
  });
  afterEach(async () => {
    await opened?.cleanup();
  });

  it('verifies an untouched chain of 20 rows, also when read in small batches', async () => {
    expect(await store.verifyAudit()).toEqual({ ok: true, rows: 20 });
    expect(await verifyAudit(db, store.dialect, 3)).toEqual({ ok: true, rows: 20 });
    const rows = await db('audit_log').orderBy('seq');
    expect(rows.map((r) => Number(r.seq))).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(rows[1].prev_hash).toBe(rows[0].hash);
    const head = await db('audit_head').first();
    expect([Number(head.last_seq), head.last_hash]).toEqual([20, rows[19].hash]);
  });

  it('an empty log verifies with 0 rows', async () => {
    const fresh = await target.open();
    try {
      expect(await fresh.store.verifyAudit()).toEqual({ ok: true, rows: 0 });
    } finally {
      await fresh.cleanup();
    }
  });

  it('names the row whose data was edited', async () => {
    await db('audit_log').where({ seq: 7 }).update({ data: JSON.stringify({ n: 7, approvedBy: 'mallory@example.com' }) });
    expect(await store.verifyAudit()).toEqual({ ok: false, rows: 6, seq: 7, problem: 'content does not match its hash (the row was edited)' });
    expect(await verifyAudit(db, store.dialect, 4)).toMatchObject({ ok: false, seq: 7 });
  });

  it('names the row whose actor was edited', async () => {
    await db('audit_log').where({ seq: 13 }).update({ actor: 'mallory@example.com' });
    expect(await store.verifyAudit()).toMatchObject({ ok: false, seq: 13 });
  });

  it('an edit with a recomputed hash breaks the link to the next row', async () => {
    const row = await db('audit_log').where({ seq: 7 }).first();
    const data = { n: 7, forged: true };
    const hash = hashRow({ seq: 7, at: row.at, actor: row.actor, type: row.type, subject: row.subject, data, prevHash: row.prev_hash });
    await db('audit_log').where({ seq: 7 }).update({ data: JSON.stringify(data), hash });
    expect(await store.verifyAudit()).toEqual({ ok: false, rows: 7, seq: 8, problem: 'prev_hash does not match the hash of row 7' });
  });

  it('names a deleted middle row', async () => {
    await db('audit_log').where({ seq: 10 }).delete();
    expect(await store.verifyAudit()).toEqual({ ok: false, rows: 9, seq: 10, problem: 'row 10 is missing (the next row is 11)' });
    // a batch boundary right at the gap changes nothing
    expect(await verifyAudit(db, store.dialect, 9)).toMatchObject({ ok: false, seq: 10 });
  });

  it('names a deleted middle row even when the later rows were renumbered to close the gap', async () => {
    await db('audit_log').where({ seq: 10 }).delete();
    for (let seq = 11; seq <= 20; seq++) await db('audit_log').where({ seq }).update({ seq: seq - 1 });
    await db('audit_head').where({ id: 1 }).update({ last_seq: 19 });
    expect(await store.verifyAudit()).toMatchObject({ ok: false, rows: 9, seq: 10 });
  });

  it('names a deleted last row (the head still points at it)', async () => {
    await db('audit_log').where({ seq: 20 }).delete();
    expect(await store.verifyAudit()).toEqual({ ok: false, rows: 19, seq: 20, problem: 'row 20 is missing (the head says the log ends at 20)' });
  });

  it('names the first of two rows whose contents were swapped', async () => {
    const five = await db('audit_log').where({ seq: 5 }).first();
    const twelve = await db('audit_log').where({ seq: 12 }).first();
    const pick = (r: Record<string, unknown>) => Object.fromEntries(CONTENT.map((c) => [c, r[c]]));
    await db('audit_log').where({ seq: 5 }).update(pick(twelve));
    await db('audit_log').where({ seq: 12 }).update(pick(five));
    expect(await store.verifyAudit()).toMatchObject({ ok: false, rows: 4, seq: 5 });
  });

  it('names two adjacent rows swapped at the first of them', async () => {
    const a = await db('audit_log').where({ seq: 15 }).first();
    const b = await db('audit_log').where({ seq: 16 }).first();
    const pick = (r: Record<string, unknown>) => Object.fromEntries(CONTENT.map((c) => [c, r[c]]));
    await db('audit_log').where({ seq: 15 }).update(pick(b));
    await db('audit_log').where({ seq: 16 }).update(pick(a));
    expect(await store.verifyAudit()).toMatchObject({ ok: false, seq: 15 });
  });

  it('names a row added behind the head\'s back, even with a valid hash', async () => {
    const last = await db('audit_log').where({ seq: 20 }).first();
    const row = { seq: 21, at: last.at, actor: 'mallory@example.com', type: 'request.approved', subject: 'request:R-1', data: {}, prevHash: last.hash };
    const { prevHash, ...columns } = row;
    await db('audit_log').insert({ ...columns, prev_hash: prevHash, data: '{}', hash: hashRow(row) });
    expect(await store.verifyAudit()).toEqual({ ok: false, rows: 20, seq: 21, problem: 'row 21 is beyond the head (rows were added without updating it)' });
  });

  it('names a row whose data is no longer JSON', async () => {
    await db('audit_log').where({ seq: 3 }).update({ data: '{"n": 3' });
    expect(await store.verifyAudit()).toEqual({ ok: false, rows: 2, seq: 3, problem: 'data is not valid JSON (the row was edited)' });
  });

  it('keeps verifying after more appends', async () => {
    await store.transaction((tx) => tx.appendEvents([anEvent(21), anEvent(22)]));
    expect(await store.verifyAudit()).toEqual({ ok: true, rows: 22 });
  });
});
