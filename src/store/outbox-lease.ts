// Leasing outbox rows to the dispatcher and recording how each attempt went. A lease is a
// promise to deliver by `lease_until`; a dispatcher that dies loses its rows when that passes.
import type { Knex } from 'knex';
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
}

const PLATFORMS: readonly Platform[] = ['slack', 'teams'];

function toRow(row: Stored): OutboxRow {
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
  };
}

const NO_LEASE = { lease_owner: null, lease_until: null };

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
      .orderBy([{ column: 'o.due_at' }, { column: 'o.id' }])
      .limit(claim.limit);
    const rows = (await (dialect === 'postgres' ? query.forUpdate('o').skipLocked() : query)) as Stored[];
    if (rows.length === 0) return [];
    await trx('outbox')
      .whereIn('id', rows.map((r) => toInt(r.id)))
      .update({ lease_owner: claim.owner, lease_until: until, attempts: trx.raw('attempts + 1') });
    return rows.map((r) => toRow({ ...r, attempts: toInt(r.attempts) + 1 }));
  });
}

export async function setDeliveredRef(db: Knex, id: number, ref: PostedRef): Promise<void> {
  await db('outbox').where({ id }).update({ delivered_ref: JSON.stringify(ref) });
}

export async function done(db: Knex, id: number): Promise<void> {
  await db('outbox').where({ id, status: 'pending' }).update({ status: 'done', last_error: null, ...NO_LEASE });
}

export async function retry(db: Knex, id: number, dueAt: string, error: string): Promise<void> {
  await db('outbox').where({ id, status: 'pending' }).update({ due_at: dueAt, last_error: error.slice(0, 2000), slot_at: null, ...NO_LEASE });
}

export async function postpone(db: Knex, id: number, slotAt: string): Promise<void> {
  // waiting for a pacing slot is not a failed attempt
  await db('outbox').where({ id, status: 'pending' }).update({ due_at: slotAt, slot_at: slotAt, attempts: db.raw('attempts - 1'), ...NO_LEASE });
}

export async function dead(db: Knex, id: number, reason: string): Promise<void> {
  await db('outbox').where({ id, status: 'pending' }).update({ status: 'dead', dead_reason: reason.slice(0, 2000), ...NO_LEASE });
}

export function enqueueNotice(db: Knex, input: { noticeOf: number; dedupeKey: string; deliveries: Delivery[]; platforms: readonly Platform[]; at: string }): Promise<boolean> {
  return db.transaction(async (trx) => {
    const seen = await trx('outbox').select('id').where({ card_key: input.dedupeKey }).first();
    if (seen) return false;
    await enqueue(trx, input.deliveries, input.at, input.platforms, { cardKey: input.dedupeKey, noticeOf: input.noticeOf });
    return true;
  });
}
