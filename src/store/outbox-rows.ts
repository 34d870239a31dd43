// Writing deliveries to the outbox, in the same transaction as the change that owes them: one
// row per delivery and enabled platform. The dispatcher (src/app) leases and delivers them later.
import type { Knex } from 'knex';
import type { Delivery } from '../core/delivery.ts';
import { targetKey, type Platform } from '../ports/chat.ts';

const INSERT_CHUNK = 100;

/** the card a delivery belongs to: updates and thread replies of one card are kept together */
export function cardKeyOf(delivery: Delivery): string | null {
  switch (delivery.type) {
    case 'card.upsert':
      return delivery.card.key;
    case 'thread.reply':
      return delivery.cardKey;
    case 'message.post':
      return delivery.card?.key ?? null;
  }
}

export async function enqueue(db: Knex, deliveries: Delivery[], at: string, platforms?: readonly Platform[], extra: { cardKey?: string; noticeOf?: number } = {}): Promise<void> {
  const rows = (platforms ?? [null]).flatMap((platform) =>
    deliveries.map((d) => ({
      created_at: at,
      due_at: at,
      type: d.type,
      target: JSON.stringify(d.target),
      target_key: targetKey(d.target),
      card_key: extra.cardKey ?? cardKeyOf(d),
      payload: JSON.stringify(d),
      status: 'pending',
      attempts: 0,
      platform,
      notice_of: extra.noticeOf ?? null,
    })),
  );
  for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
    await db('outbox').insert(rows.slice(i, i + INSERT_CHUNK));
  }
}
