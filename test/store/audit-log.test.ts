// The audit log on real databases: tampering done with plain SQL, as an intruder with database
// access would, must be caught at the first row it touched — or, for a cut tail or a rewritten
// chain, against the last signed checkpoint.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Knex } from 'knex';
import type { Store } from '../../src/ports/store.ts';
import { GENESIS_HASH, hashSealed, sealEvent } from '../../src/store/audit-chain.ts';
import { generateAuditKeys } from '../../src/store/audit-signing.ts';
import { verifyAudit } from '../../src/store/audit-verify.ts';
import { anEvent } from '../support/builders.ts';
import { sqlOf, storeTargets, type OpenedStore } from '../support/databases.ts';

const KEYS = generateAuditKeys();
const OTHER = generateAuditKeys();
const CONTENT = ['subject_seq', 'at', 'actor', 'type', 'subject', 'data', 'digests', 'salts', 'prev_hash', 'hash'] as const;
const pick = (r: Record<string, unknown>) => Object.fromEntries(CONTENT.map((c) => [c, r[c]]));

describe.each(storeTargets())('audit log on $name', (target) => {
  let opened: OpenedStore;
  let store: Store;
  let db: Knex;
  /** the rows of R-1, oldest first */
  const r1 = async () => db('audit_log').where({ subject: 'request:R-1' }).orderBy('subject_seq');

  beforeEach(async () => {
    opened = await target.open();
    store = opened.store;
    db = sqlOf(store);
    // 21 events over several transactions on three subjects (R-0, R-1, R-2: 7 each)
    for (let start = 1; start <= 21; start += 7) {
      await store.transaction((tx) => tx.appendEvents([0, 1, 2, 3, 4, 5, 6].map((i) => anEvent(start + i, { subject: `request:R-${(start + i) % 3}` }))));
    }
  });
  afterEach(async () => {
    await opened?.cleanup();
  });

  it('verifies untouched chains, also when read in small batches', async () => {
    expect(await store.verifyAudit()).toMatchObject({ ok: true, rows: 21, subjects: 3, checkpoints: 0, signatures: 'unsigned' });
    expect(await verifyAudit(db, { batchSize: 1 })).toMatchObject({ ok: true, rows: 21, subjects: 3 });
    const rows = await r1();
    expect(rows.map((r) => Number(r.subject_seq))).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(rows[0].prev_hash).toBe(GENESIS_HASH);
    expect(rows[1].prev_hash).toBe(rows[0].hash);
    const head = await db('audit_subject_heads').where({ subject: 'request:R-1' }).first();
    expect([Number(head.last_seq), head.last_hash]).toEqual([7, rows[6].hash]);
    // the global seq still orders everything that was written
    const all = await db('audit_log').orderBy('seq');
    expect(all.map((r) => JSON.parse(r.data).n)).toEqual(Array.from({ length: 21 }, (_, i) => i + 1));
  });

  it('an empty log verifies with 0 rows', async () => {
    const fresh = await target.open();
    try {
      expect(await fresh.store.verifyAudit()).toMatchObject({ ok: true, rows: 0, subjects: 0 });
      expect(await fresh.store.checkpointAudit('2026-01-01T00:00:00.000Z')).toBeUndefined();
    } finally {
      await fresh.cleanup();
    }
  });

  it('names the row whose data was edited', async () => {
    const [, second] = await r1();
    await db('audit_log').where({ seq: second.seq }).update({ data: JSON.stringify({ ...JSON.parse(second.data), n: 999 }) });
    expect(await store.verifyAudit()).toMatchObject({ ok: false, seq: Number(second.seq), subject: 'request:R-1', problem: 'value at n does not match its digest (the row was edited)' });
  });

  it('names the row whose actor was edited', async () => {
    const rows = await r1();
    await db('audit_log').where({ seq: rows[3].seq }).update({ actor: 'mallory@example.com' });
    expect(await store.verifyAudit()).toMatchObject({ ok: false, seq: Number(rows[3].seq), problem: 'value at $actor does not match its digest (the row was edited)' });
  });

  it('an edit with recomputed digests and hash breaks the link to the next row', async () => {
    const rows = await r1();
    const row = rows[2];
    const forged = sealEvent({ subject: row.subject, at: row.at, type: row.type, actor: 'mallory@example.com', data: { n: 0, forged: true } }, 3, row.prev_hash, () => 'pepper');
    await db('audit_log').where({ seq: row.seq }).update({ actor: forged.actor, data: JSON.stringify(forged.data), digests: JSON.stringify(forged.digests), salts: JSON.stringify(forged.salts), hash: forged.hash });
    expect(await store.verifyAudit()).toMatchObject({ ok: false, seq: Number(rows[3].seq), problem: 'prev_hash does not match the hash of request:R-1 row 3' });
  });

  it('names a deleted middle row, also when the later ones were renumbered', async () => {
    const rows = await r1();
    await db('audit_log').where({ seq: rows[2].seq }).delete();
    expect(await store.verifyAudit()).toMatchObject({ ok: false, seq: Number(rows[3].seq), problem: 'request:R-1 row 3 is missing (the next is 4)' });
    for (let i = 3; i < 7; i++) await db('audit_log').where({ seq: rows[i].seq }).update({ subject_seq: i });
    await db('audit_subject_heads').where({ subject: 'request:R-1' }).update({ last_seq: 6 });
    expect(await store.verifyAudit()).toMatchObject({ ok: false, seq: Number(rows[3].seq) });
  });

  it('names a deleted last row against the head', async () => {
    const rows = await r1();
    await db('audit_log').where({ seq: rows[6].seq }).delete();
    expect(await store.verifyAudit()).toMatchObject({ ok: false, seq: Number(rows[5].seq), problem: 'request:R-1 row 7 is missing (its head says the chain ends at 7)' });
  });

  it('names two rows whose contents were swapped, at the first of them', async () => {
    const rows = await r1();
    // each keeps its place in the chain (the unique index holds it), the contents trade places
    const { subject_seq: _a, ...fourth } = pick(rows[4]);
    const { subject_seq: _b, ...first } = pick(rows[1]);
    await db('audit_log').where({ seq: rows[1].seq }).update(fourth);
    await db('audit_log').where({ seq: rows[4].seq }).update(first);
    expect(await store.verifyAudit()).toMatchObject({ ok: false, subject: 'request:R-1' });
    const verdict = await store.verifyAudit();
    expect(verdict.ok ? 0 : verdict.seq).toBe(Number(rows[1].seq));
  });

  it('names a row added behind the head\'s back, even with a valid hash', async () => {
    const rows = await r1();
    const extra = sealEvent({ subject: 'request:R-1', at: rows[6].at, type: 'request.approved', actor: 'mallory@example.com', data: {} }, 8, rows[6].hash, () => 'pepper');
    await db('audit_log').insert({ seq: 1000, ...pick({ ...extra, subject_seq: 8, data: '{}', digests: JSON.stringify(extra.digests), salts: JSON.stringify(extra.salts), prev_hash: extra.prevHash }) });
    expect(await store.verifyAudit()).toMatchObject({ ok: false, seq: 1000, problem: 'request:R-1 row 8 is beyond its head (rows were added without updating it)' });
  });

  it('names rows of a subject that has no head', async () => {
    const extra = sealEvent({ subject: 'request:R-9', at: '2026-01-01T00:00:00.000Z', type: 'request.approved', actor: 'mallory@example.com', data: {} }, 1, GENESIS_HASH, () => 'pepper');
    await db('audit_log').insert({ seq: 1001, subject_seq: 1, at: extra.at, actor: extra.actor, type: extra.type, subject: extra.subject, data: '{}', digests: JSON.stringify(extra.digests), salts: JSON.stringify(extra.salts), prev_hash: extra.prevHash, hash: extra.hash });
    expect(await store.verifyAudit()).toMatchObject({ ok: false, seq: 1001, problem: 'request:R-9 has rows but no head (rows were added around the log)' });
  });

  it('names a row whose data is no longer JSON', async () => {
    const rows = await r1();
    await db('audit_log').where({ seq: rows[0].seq }).update({ data: '{"n": 3' });
    expect(await store.verifyAudit()).toMatchObject({ ok: false, seq: Number(rows[0].seq), problem: 'data is not valid JSON (the row was edited)' });
  });

  describe('with signed checkpoints', () => {
    beforeEach(async () => {
      const first = await store.checkpointAudit('2026-02-01T00:00:00.000Z', KEYS.privateKey);
      expect(first).toMatchObject({ id: 1, heads: 3, prevHash: GENESIS_HASH, keyId: KEYS.keyId });
      // nothing changed since: no checkpoint
      expect(await store.checkpointAudit('2026-02-01T00:01:00.000Z', KEYS.privateKey)).toBeUndefined();
      await store.transaction((tx) => tx.appendEvents([anEvent(22, { subject: 'request:R-1' })]));
      expect(await store.checkpointAudit('2026-02-01T00:02:00.000Z', KEYS.privateKey)).toMatchObject({ id: 2, heads: 1, prevHash: first!.hash });
    });

    it('verifies, checking signatures with the public key', async () => {
      expect(await store.verifyAudit({ publicKey: KEYS.publicKey })).toEqual({ ok: true, rows: 22, subjects: 3, checkpoints: 2, signatures: 'checked' });
      expect(await store.verifyAudit()).toMatchObject({ ok: true, signatures: 'unchecked' });
      expect(await store.verifyAudit({ publicKey: OTHER.publicKey })).toMatchObject({ ok: false, problem: `checkpoint 1: its signature does not verify with key ${OTHER.keyId}` });
    });

    it('detects a truncated tail, even with the head moved back to match', async () => {
      const rows = await r1();
      await db('audit_log').where({ seq: rows.at(-1).seq }).delete();
      await db('audit_subject_heads').where({ subject: 'request:R-1' }).update({ last_seq: 7, last_hash: rows[6].hash });
      expect(await store.verifyAudit({ publicKey: KEYS.publicKey })).toMatchObject({ ok: false, subject: 'request:R-1', problem: 'request:R-1 ends at row 7, but checkpoint 2 recorded 8 rows (its tail was deleted)' });
    });

    it('detects a subject\'s whole chain rewritten consistently', async () => {
      const rows = await r1();
      let prev = GENESIS_HASH;
      for (const row of rows) {
        const data = { ...JSON.parse(row.data), n: 0 };
        const forged = sealEvent({ subject: row.subject, at: row.at, type: row.type, actor: row.actor, data }, Number(row.subject_seq), prev, () => 'pepper');
        await db('audit_log').where({ seq: row.seq }).update({ data: JSON.stringify(data), digests: JSON.stringify(forged.digests), salts: JSON.stringify(forged.salts), prev_hash: forged.prevHash, hash: forged.hash });
        prev = forged.hash;
      }
      await db('audit_subject_heads').where({ subject: 'request:R-1' }).update({ last_hash: prev });
      expect(await store.verifyAudit({ publicKey: KEYS.publicKey })).toMatchObject({ ok: false, problem: 'request:R-1 row 8 is not the one checkpoint 2 recorded (its chain was rewritten)' });
    });

    it('detects a deleted subject, heads and all', async () => {
      await db('audit_log').where({ subject: 'request:R-2' }).delete();
      await db('audit_subject_heads').where({ subject: 'request:R-2' }).delete();
      expect(await store.verifyAudit()).toMatchObject({ ok: false, subject: 'request:R-2', problem: 'request:R-2 has no head, but checkpoint 1 recorded 7 rows of it (its rows were deleted)' });
    });

    it('detects an edited, a deleted and a re-signed-without-key checkpoint', async () => {
      await db('audit_checkpoint_heads').where({ checkpoint_id: 2 }).update({ last_seq: 7 });
      expect(await store.verifyAudit()).toMatchObject({ ok: false, problem: 'checkpoint 2: its recorded heads do not match its root (they were edited)' });
      await db('audit_checkpoint_heads').where({ checkpoint_id: 1 }).delete();
      await db('audit_checkpoints').where({ id: 1 }).delete();
      expect(await store.verifyAudit()).toMatchObject({ ok: false, problem: 'checkpoint 1 is missing (the next is 2)' });
    });

    it('an exported checkpoint proves the newest checkpoints were not dropped', async () => {
      const [latest] = await store.auditCheckpoints(1);
      expect(await store.verifyAudit({ publicKey: KEYS.publicKey, exported: latest! })).toMatchObject({ ok: true });
      // an intruder drops the last checkpoint and the rows it covered: the chain alone looks fine
      const rows = await r1();
      await db('audit_checkpoint_heads').where({ checkpoint_id: 2 }).delete();
      await db('audit_checkpoints').where({ id: 2 }).delete();
      await db('audit_log').where({ seq: rows.at(-1).seq }).delete();
      await db('audit_subject_heads').where({ subject: 'request:R-1' }).update({ last_seq: 7, last_hash: rows[6].hash });
      expect(await store.verifyAudit({ publicKey: KEYS.publicKey })).toMatchObject({ ok: true });
      expect(await store.verifyAudit({ publicKey: KEYS.publicKey, exported: latest! })).toMatchObject({ ok: false, problem: 'the exported checkpoint 2 is not in the database (the log was truncated or rewritten)' });
    });
  });

  describe('redaction', () => {
    it('replaces values, keeps every chain verifying, and records who did it', async () => {
      await store.transaction((tx) => tx.appendEvents([anEvent(30, { subject: 'request:R-7', data: { form: { iban: 'DE89370400440532013000', total: 7200 } } })]));
      const [row] = await db('audit_log').where({ subject: 'request:R-7' });
      const count = await store.transaction((tx) =>
        tx.redactAudit('request:R-7', [{ seq: Number(row.seq), paths: ['form/iban', '$actor'] }], { actor: 'dpo@example.com', at: '2026-03-01T00:00:00.000Z', reason: 'erasure request 42' }),
      );
      expect(count).toBe(2);
      const timeline = await store.timeline('request:R-7');
      expect(timeline.map((e) => e.type)).toEqual(['request.submitted', 'audit.redacted']);
      expect(timeline[0]).toMatchObject({ actor: '[redacted]', data: { form: { iban: '[redacted]', total: 7200 } } });
      expect(timeline[1]).toMatchObject({ actor: 'dpo@example.com', data: { rows: [{ seq: Number(row.seq), paths: ['form/iban', '$actor'] }], reason: 'erasure request 42' } });
      expect(JSON.stringify(await db('audit_log').select('*'))).not.toContain('DE89370400440532013000');
      expect(await store.verifyAudit()).toMatchObject({ ok: true, rows: 23 });
      // redacting again changes nothing and records nothing
      expect(await store.transaction((tx) => tx.redactAudit('request:R-7', [{ seq: Number(row.seq), paths: ['form/iban'] }], { actor: 'dpo@example.com', at: '2026-03-02T00:00:00.000Z', reason: 'again' }))).toBe(0);
      expect(await store.timeline('request:R-7')).toHaveLength(2);
    });

    it('a "redaction" done by hand, without the recorded event, is reported', async () => {
      const rows = await r1();
      const salts = JSON.parse(rows[0].salts);
      delete salts.note;
      await db('audit_log').where({ seq: rows[0].seq }).update({ data: JSON.stringify({ ...JSON.parse(rows[0].data), note: '[redacted]' }), salts: JSON.stringify(salts) });
      expect(await store.verifyAudit()).toMatchObject({ ok: false, seq: Number(rows[0].seq), problem: 'value at note is redacted, but no audit.redacted event of request:R-1 records it' });
    });

    it('refuses a place the row does not have, writing nothing', async () => {
      const rows = await r1();
      await expect(store.transaction((tx) => tx.redactAudit('request:R-1', [{ seq: Number(rows[0].seq), paths: ['form/none'] }], { actor: 'dpo@example.com', at: '2026-03-01T00:00:00.000Z', reason: 'x' }))).rejects.toThrow('has no value at form/none');
      expect(await store.verifyAudit()).toMatchObject({ ok: true, rows: 21 });
    });
  });

  it('keeps one subject\'s chain whole when 20 transactions append to it at once, new subject or not', async () => {
    await Promise.all(
      Array.from({ length: 20 }, (_, i) => store.transaction((tx) => tx.appendEvents([anEvent(100 + i, { subject: 'request:R-1' }), anEvent(200 + i, { subject: 'case:NEW-1' })]))),
    );
    expect(await store.verifyAudit()).toMatchObject({ ok: true, rows: 61, subjects: 4 });
    expect((await store.timeline('case:NEW-1')).map((r) => r.subjectSeq)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
  });

  it('keeps verifying after more appends', async () => {
    await store.transaction((tx) => tx.appendEvents([anEvent(22), anEvent(23, { subject: 'case:C-1' })]));
    expect(await store.verifyAudit()).toMatchObject({ ok: true, rows: 23, subjects: 4 });
    expect(hashSealed).toBeTypeOf('function');
  });
});
