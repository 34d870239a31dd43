// Where each copy of a card was posted, per platform, so that later changes update it in place.
import type { Knex } from 'knex';
import type { Platform, PostedRef } from '../ports/chat.ts';
import type { CardRef } from '../ports/outbox.ts';
import { parseRef } from './delivery-json.ts';
import { toInt } from './sql-util.ts';

export async function cardRef(db: Knex, cardKey: string, targetKey: string, platform: Platform): Promise<CardRef | undefined> {
  const row = (await db('card_refs').select('ref', 'version').where({ card_key: cardKey, target_key: targetKey, platform }).first()) as
    | { ref: string; version: number | string }
    | undefined;
  return row ? { ref: parseRef('card ref', `${cardKey} ${targetKey} ${platform}`, row.ref), version: toInt(row.version) } : undefined;
}

// One statement on both databases (SQLite ≥ 3.24 and PostgreSQL share the ON CONFLICT syntax):
// a copy drawn from an older version never replaces the record of a newer one.
const SAVE = `INSERT INTO card_refs (card_key, target_key, platform, ref, version, updated_at) VALUES (?, ?, ?, ?, ?, ?)
ON CONFLICT (card_key, target_key, platform) DO UPDATE SET ref = excluded.ref, version = excluded.version, updated_at = excluded.updated_at
WHERE card_refs.version <= excluded.version`;

export async function saveCardRef(db: Knex, cardKey: string, targetKey: string, platform: Platform, ref: PostedRef, version: number, at: string): Promise<void> {
  await db.raw(SAVE, [cardKey, targetKey, platform, JSON.stringify(ref), version, at]);
}

export async function cardCopies(db: Knex, cardKey: string, targetKey: string, platform: Platform): Promise<PostedRef[]> {
  const rows = (await db('card_copies').select('ref').where({ card_key: cardKey, target_key: targetKey, platform }).orderBy('created_at')) as { ref: string }[];
  return rows.map((r) => parseRef('card copy', `${cardKey} ${targetKey} ${platform}`, r.ref));
}

export async function addCardCopy(db: Knex, cardKey: string, targetKey: string, platform: Platform, ref: PostedRef, at: string): Promise<void> {
  await db('card_copies').insert({ card_key: cardKey, target_key: targetKey, platform, ref: JSON.stringify(ref), created_at: at }).onConflict(['card_key', 'target_key', 'platform', 'ref']).ignore();
}
