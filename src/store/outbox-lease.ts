// Leasing outbox rows to the dispatcher and recording how each attempt went. A lease is a
// promise to deliver by `lease_until`; a dispatcher that dies loses its rows when that passes.
// Each claim draws a fencing token: an outcome is written only by the row's current holder, so
// a holder whose lease ran out (a stalled process, a slow platform) cannot undo the new one's.
import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import type { Card } from '../core/card.ts';
import type { Delivery } from '../core/delivery.ts';
import type { Platform, PostedRef } from '../ports/chat.ts';
import type { OutboxClaim, OutboxRow } from '../ports/outbox.ts';
import { parseDelivery, parseRef } from './delivery-json.ts';
import { enqueue } from './outbox-rows.ts';
import { toInt, type Dialect } from './sql-util.ts';

interface Stored {
  id: number | string;
  platform: string;
  payload: string;
  attempts: number | string;
  created_at: string;
  due_at: string;
  delivered_ref: string | null;
  slot_at: string | null;
  notice_of: number | string | null;
  /** as it was when claimed: set, the previous holder's lease ran out (it died or stalled) */
  lease_until: string | null;
}

const PLATFORMS: readonly Platform[] = ['slack', 'teams'];

function toRow(row: Stored, token: string, leaseUntil: string): OutboxRow {
  const id = toInt(row.id);
  const platform = PLATFORMS.find((p) => p === row.platform);
  if (!platform) throw new Error(`outbox row ${id} is for an unknown platform ${row.platform}`);
  return {
    id,
    platform,
    delivery: parseDelivery(id, row.payload),
    attempts: toInt(row.attempts),
    createdAt: row.created_at,
    dueAt: row.due_at,
    ...(row.delivered_ref ? { deliveredRef: parseRef('delivered ref of outbox row', String(id), row.delivered_ref) } : {}),
    ...(row.slot_at ? { slotAt: row.slot_at } : {}),
    ...(row.notice_of !== null ? { noticeOf: toInt(row.notice_of) } : {}),
    ...(row.lease_until ? { expiredLeaseUntil: row.lease_until } : {}),
    token,
    leaseUntil,
  };
}

const NO_LEASE = { lease_owner: null, lease_until: null, claim_token: null };

/** card updates first (a click waits for them), then thread replies, then notices */
const PRIORITY = `CASE o.type WHEN 'card.upsert' THEN 0 WHEN 'thread.reply' THEN 1 ELSE 2 END`;

export function claimDue(db: Knex, dialect: Dialect, now: Date, claim: OutboxClaim): Promise<OutboxRow[]> {
  if (claim.platforms.length === 0) return Promise.resolve([]);
  const at = now.toISOString();
  const until = new Date(now.getTime() + claim.leaseMs).toISOString();
  return db.transaction(async (trx) => {
    const query = trx('outbox as o')
      .select('o.*')
      .where('o.status', 'pending')
      .whereIn('o.platform', claim.platforms)
      .andWhere('o.due_at', '<=', at)
      .andWhere((q) => q.whereNull('o.lease_until').orWhere('o.lease_until', '<=', at))
      // one row per card copy at a time, the oldest: updates of one card apply in order, and
      // two replicas never post the same card twice (index outbox(card_key, target_key, platform, status))
      .whereNotExists((q) =>
        q
          .select(trx.raw('1'))
          .from('outbox as p')
          .where('p.status', 'pending')
          .whereRaw('p.card_key = o.card_key')
          .whereRaw('p.target_key = o.target_key')
          .whereRaw('p.platform = o.platform')
          .whereRaw('p.id < o.id'),
      )
      .orderByRaw(`${PRIORITY}, o.due_at, o.id`)
      .limit(claim.limit);
    const rows = (await (dialect === 'postgres' ? query.forUpdate('o').skipLocked() : query)) as Stored[];
    if (rows.length === 0) return [];
    const token = randomUUID();
    await trx('outbox')
      .whereIn('id', rows.map((r) => toInt(r.id)))
      .update({ lease_owner: claim.owner, lease_until: until, claim_token: token, attempts: trx.raw('attempts + 1') });
    return rows.map((r) => toRow({ ...r, attempts: toInt(r.attempts) + 1 }, token, until));
  });
}

export async function renew(db: Knex, ids: readonly number[], token: string, until: string): Promise<number[]> {
  if (ids.length === 0) return [];
  await db('outbox').whereIn('id', ids).andWhere({ claim_token: token, status: 'pending' }).update({ lease_until: until });
  const held = (await db('outbox').select('id').whereIn('id', ids).andWhere({ claim_token: token, status: 'pending' })) as { id: number | string }[];
  return held.map((r) => toInt(r.id));
}

export async function followers(db: Knex, row: OutboxRow, cardKey: string | null, targetKey: string | null): Promise<OutboxRow[]> {
  if (!cardKey || !targetKey) return [];
  const type = row.delivery.type;
  if (type === 'message.post') return [];
  const query = db('outbox')
    .select('*')
    .where({ status: 'pending', card_key: cardKey, target_key: targetKey, platform: row.platform, type })
    .andWhere('id', '>', row.id)
    .orderBy('id')
    .limit(50);
  // replies of one change share its transaction's timestamp; card updates of any change coalesce
  if (type === 'thread.reply') query.andWhere('created_at', row.createdAt);
  const rows = (await query) as Stored[];
  return rows.map((r) => toRow(r, row.token, row.leaseUntil));
}

export async function latestCard(db: Knex, cardKey: string, targetKey: string, platform: Platform): Promise<Card | undefined> {
  const row = (await db('outbox').select('id', 'payload').where({ card_key: cardKey, target_key: targetKey, platform, type: 'card.upsert' }).orderBy('id', 'desc').first()) as { id: number | string; payload: string } | undefined;
  if (!row) return undefined;
  const d = parseDelivery(toInt(row.id), row.payload);
  return d.type === 'card.upsert' ? d.card : undefined;
}

const held = (db: Knex, id: number, token: string) => db('outbox').where({ id, status: 'pending', claim_token: token });

export async function setDeliveredRef(db: Knex, id: number, token: string, ref: PostedRef): Promise<boolean> {
  return (await held(db, id, token).update({ delivered_ref: JSON.stringify(ref) })) === 1;
}

export function done(db: Knex, id: number, token: string, merged: readonly number[] = []): Promise<boolean> {
  return db.transaction(async (trx) => {
    const mine = await held(trx, id, token).update({ status: 'done', last_error: null, ...NO_LEASE });
    if (mine !== 1) return false;
    // delivered with this row: closed in the same transaction, so nobody claims them in between
    if (merged.length > 0) await trx('outbox').whereIn('id', merged).andWhere({ status: 'pending' }).update({ status: 'done', merged_into: id, last_error: null, ...NO_LEASE });
    return true;
  });
}

export async function retry(db: Knex, id: number, token: string, dueAt: string, error: string): Promise<boolean> {
  return (await held(db, id, token).update({ due_at: dueAt, last_error: error.slice(0, 2000), slot_at: null, ...NO_LEASE })) === 1;
}

export async function postpone(db: Knex, id: number, token: string, slotAt: string): Promise<boolean> {
  // waiting for a pacing slot is not a failed attempt
  return (await held(db, id, token).update({ due_at: slotAt, slot_at: slotAt, attempts: db.raw('attempts - 1'), ...NO_LEASE })) === 1;
}

export async function dead(db: Knex, id: number, token: string, reason: string): Promise<boolean> {
  return (await held(db, id, token).update({ status: 'dead', dead_reason: reason.slice(0, 2000), ...NO_LEASE })) === 1;
}

export function enqueueNotice(db: Knex, input: { noticeOf: number; dedupeKey: string; deliveries: Delivery[]; platforms: readonly Platform[]; at: string }): Promise<boolean> {
  return db.transaction(async (trx) => {
    const seen = await trx('outbox').select('id').where({ card_key: input.dedupeKey }).first();
    if (seen) return false;
    await enqueue(trx, input.deliveries, input.at, input.platforms, { cardKey: input.dedupeKey, noticeOf: input.noticeOf });
    return true;
  });
}
