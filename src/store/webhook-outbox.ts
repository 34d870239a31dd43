// The webhook outbox (migrations/011_api.ts): rows written in the engine's transaction, leased
// by the webhook dispatcher with FOR UPDATE SKIP LOCKED on PostgreSQL (SQLite is serialized), so
// several replicas each send a row once. A lease is fenced by its owner: a dispatcher whose
// lease ran out and was taken over cannot mark the row afterwards.
import type { Knex } from 'knex';
import type { StoreTx } from '../ports/store.ts';
import type { NewWebhookDelivery, WebhookDelivery, WebhookOutbox } from '../ports/webhooks.ts';
import type { Store } from '../ports/store.ts';
import { SqlStore, trxOf } from './sql-store.ts';
import { clampLimit, type Dialect, toInt } from './sql-util.ts';

interface Row {
  id: number | string;
  subscription: string;
  event_type: string;
  subject: string;
  payload: string;
  created_at: string;
  status: string;
  attempts: number | string;
  last_error: string | null;
  dead_reason: string | null;
}

const STATUSES = ['pending', 'done', 'dead'] as const;

function fromRow(r: Row): WebhookDelivery {
  const status = STATUSES.find((s) => s === r.status);
  if (!status) throw new Error(`webhook outbox row ${String(r.id)} has an unknown status ${r.status}`);
  return {
    id: toInt(r.id),
    subscription: r.subscription,
    eventType: r.event_type,
    subject: r.subject,
    payload: r.payload,
    createdAt: r.created_at,
    status,
    attempts: toInt(r.attempts),
    lastError: r.last_error,
    deadReason: r.dead_reason,
  };
}

async function insert(db: Knex, rows: NewWebhookDelivery[], at: string): Promise<void> {
  if (rows.length === 0) return;
  await db('webhook_outbox').insert(rows.map((r) => ({ subscription: r.subscription, event_type: r.eventType, subject: r.subject, payload: r.payload, created_at: at, due_at: at })));
}

export class SqlWebhookOutbox implements WebhookOutbox {
  constructor(
    private readonly knex: Knex,
    private readonly dialect: Dialect,
  ) {}

  within(tx: StoreTx) {
    const trx = trxOf(tx);
    return { enqueue: (rows: NewWebhookDelivery[], at: string) => insert(trx, rows, at) };
  }

  claimDue(now: Date, owner: string, limit: number, leaseMs: number): Promise<WebhookDelivery[]> {
    const at = now.toISOString();
    const until = new Date(now.getTime() + leaseMs).toISOString();
    return this.knex.transaction(async (trx) => {
      const query = trx('webhook_outbox')
        .select('*')
        .where('status', 'pending')
        .andWhere('due_at', '<=', at)
        .andWhere((q) => q.whereNull('lease_until').orWhere('lease_until', '<=', at))
        .orderBy([{ column: 'due_at' }, { column: 'id' }])
        .limit(clampLimit(limit));
      const rows = (await (this.dialect === 'postgres' ? query.forUpdate().skipLocked() : query)) as Row[];
      if (rows.length === 0) return [];
      await trx('webhook_outbox')
        .whereIn('id', rows.map((r) => toInt(r.id)))
        .update({ lease_owner: owner, lease_until: until, attempts: trx.raw('attempts + 1') });
      return rows.map((r) => fromRow({ ...r, attempts: toInt(r.attempts) + 1 }));
    });
  }

  async delivered(id: number, owner: string, at: string): Promise<void> {
    await this.knex('webhook_outbox').where({ id, lease_owner: owner, status: 'pending' }).update({ status: 'done', delivered_at: at, lease_owner: null, lease_until: null, last_error: null });
  }

  async retry(id: number, owner: string, dueAt: string, error: string): Promise<void> {
    await this.knex('webhook_outbox').where({ id, lease_owner: owner, status: 'pending' }).update({ due_at: dueAt, last_error: error.slice(0, 1000), lease_owner: null, lease_until: null });
  }

  async dead(id: number, owner: string, reason: string, error: string): Promise<void> {
    await this.knex('webhook_outbox').where({ id, lease_owner: owner, status: 'pending' }).update({ status: 'dead', dead_reason: reason, last_error: error.slice(0, 1000), lease_owner: null, lease_until: null });
  }

  async recent(options: { status?: WebhookDelivery['status']; limit?: number }): Promise<WebhookDelivery[]> {
    const q = this.knex('webhook_outbox').select('*');
    if (options.status) q.where('status', options.status);
    return ((await q.orderBy('id', 'desc').limit(clampLimit(options.limit))) as Row[]).map(fromRow);
  }

  async byId(id: number): Promise<WebhookDelivery | undefined> {
    const row = (await this.knex('webhook_outbox').select('*').where({ id }).first()) as Row | undefined;
    return row ? fromRow(row) : undefined;
  }

  async redeliver(id: number, at: string): Promise<boolean> {
    const n = await this.knex('webhook_outbox').where({ id, status: 'dead' }).update({ status: 'pending', due_at: at, attempts: 0, dead_reason: null, lease_owner: null, lease_until: null });
    return n > 0;
  }
}

export function webhookOutboxOf(store: Store): WebhookOutbox {
  if (!(store instanceof SqlStore)) throw new Error('the webhook outbox needs a store opened by openStore()');
  return new SqlWebhookOutbox(store.knex, store.dialect);
}
