// The reverse of card_refs: which card lives at a platform reference. Slack names a thread by
// its root message, so a reply in a case thread is traced back to the case this way. Read-only;
// card_refs is written by the outbox dispatcher. Indexed for Slack by migration 003.
import type { Platform, PostedRef } from '../ports/chat.ts';
import type { Store } from '../ports/store.ts';
import { SqlStore } from './sql-store.ts';

/**
 * The card key posted at `ref` on `platform`, optionally only keys starting with `prefix`
 * ("case:"). The reference must be given with its keys in the order the adapter returned them
 * when posting: it is matched as the JSON text the dispatcher stored.
 */
export type CardAt = (platform: Platform, ref: PostedRef, prefix?: string) => Promise<string | undefined>;

export function cardAtOf(store: Store): CardAt {
  if (!(store instanceof SqlStore)) throw new Error('card references need a store opened by openStore()');
  const db = store.knex;
  return async (platform, ref, prefix) => {
    // one message holds one card; a handful of rows at most, filtered here rather than with LIKE
    const rows = (await db('card_refs').select('card_key').where({ platform, ref: JSON.stringify(ref) }).orderBy('updated_at', 'desc').limit(10)) as { card_key: string }[];
    return rows.find((r) => !prefix || r.card_key.startsWith(prefix))?.card_key;
  };
}
