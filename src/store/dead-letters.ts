// Dead-lettered outbox rows, for the admin console: messages a platform refused for good
// (channel not found, bot not in channel, invalid auth), with the reason the dispatcher gave.
// Reads the outbox table of migrations 001/002; the dispatcher owns every other transition.
import type { Knex } from 'knex';
import type { DeadLetter, DeadLetters } from '../ports/console.ts';
import type { Store } from '../ports/store.ts';
import { SqlStore } from './sql-store.ts';
import { clampLimit, toInt } from './sql-util.ts';

interface Row {
  id: number | string;
  platform: string | null;
  type: string;
  target: string;
  card_key: string | null;
  created_at: string;
  attempts: number | string;
  dead_reason: string | null;
  last_error: string | null;
}

export class SqlDeadLetters implements DeadLetters {
  constructor(private readonly knex: Knex) {}

  async list(limit?: number): Promise<DeadLetter[]> {
    const rows = (await this.knex('outbox')
      .select('id', 'platform', 'type', 'target', 'card_key', 'created_at', 'attempts', 'dead_reason', 'last_error')
      .where('status', 'dead')
      .orderBy('id', 'desc')
      .limit(clampLimit(limit))) as Row[];
    return rows.map((r) => ({
      id: toInt(r.id),
      platform: r.platform,
      type: r.type,
      target: r.target,
      cardKey: r.card_key,
      createdAt: r.created_at,
      attempts: toInt(r.attempts),
      reason: r.dead_reason,
      lastError: r.last_error,
    }));
  }

  async count(): Promise<number> {
    const row = (await this.knex('outbox').count({ n: '*' }).where('status', 'dead').first()) as { n: number | string } | undefined;
    return row ? toInt(row.n) : 0;
  }

  async requeue(id: number, at: string): Promise<boolean> {
    const updated = await this.knex('outbox')
      .where({ id, status: 'dead' })
      .update({ status: 'pending', due_at: at, attempts: 0, dead_reason: null, lease_owner: null, lease_until: null, slot_at: null });
    return updated > 0;
  }
}

export function deadLettersOf(store: Store): DeadLetters {
  if (!(store instanceof SqlStore)) throw new Error('dead letters need a store opened by openStore()');
  return new SqlDeadLetters(store.knex);
}
