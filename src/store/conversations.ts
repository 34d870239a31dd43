// The ConversationStore port on Knex (tables of migration 004), and the chat stores of a store
// opened by openStore(), for adapters that must not import Knex themselves.
import type { Knex } from 'knex';
import { z } from 'zod';
import type { Platform, PostedRef } from '../ports/chat.ts';
import type { ConversationStore, StoredConversation } from '../ports/conversations.ts';
import type { IdentityStore } from '../ports/identities.ts';
import type { Store } from '../ports/store.ts';
import { parseRef } from './delivery-json.ts';
import { SqlIdentityStore } from './identities.ts';
import { SqlStore } from './sql-store.ts';
import { parseStored } from './stored-json.ts';

interface ConversationRow {
  target_key: string;
  ref: string;
  service_url: string;
  updated_at: string;
}

const RefJson = z.record(z.string(), z.unknown());

export class SqlConversationStore implements ConversationStore {
  constructor(private readonly db: Knex) {}

  async find(platform: Platform, key: string): Promise<StoredConversation | undefined> {
    const row = (await this.db('conversation_refs').where({ platform, target_key: key }).first()) as ConversationRow | undefined;
    if (!row) return undefined;
    return { platform, key, ref: parseStored(RefJson, 'conversation ref', `${platform} ${key}`, row.ref), serviceUrl: row.service_url, updatedAt: row.updated_at };
  }

  async remember(c: StoredConversation): Promise<void> {
    await this.db('conversation_refs')
      .insert({ platform: c.platform, target_key: c.key, ref: JSON.stringify(c.ref), service_url: c.serviceUrl, updated_at: c.updatedAt })
      .onConflict(['platform', 'target_key'])
      .merge();
  }

  async findPost(platform: Platform, postKey: string): Promise<PostedRef | undefined> {
    const row = (await this.db('chat_posts').select('ref').where({ platform, post_key: postKey }).first()) as { ref: string } | undefined;
    return row ? parseRef('chat post', `${platform} ${postKey}`, row.ref) : undefined;
  }

  async rememberPost(platform: Platform, postKey: string, ref: PostedRef, at: string): Promise<void> {
    // the first post under a key stands: a second one would mean two copies are out there
    await this.db('chat_posts').insert({ platform, post_key: postKey, ref: JSON.stringify(ref), created_at: at }).onConflict(['platform', 'post_key']).ignore();
  }

  async cardOfThread(platform: Platform, threadId: string): Promise<string | undefined> {
    const row = (await this.db('chat_threads').select('card_key').where({ platform, thread_id: threadId }).first()) as { card_key: string } | undefined;
    return row?.card_key;
  }

  async rememberThread(platform: Platform, threadId: string, cardKey: string, at: string): Promise<void> {
    await this.db('chat_threads').insert({ platform, thread_id: threadId, card_key: cardKey, created_at: at }).onConflict(['platform', 'thread_id']).ignore();
  }
}

/** The identity cache and the conversation store on the same database as `store`. */
export function chatStoresOf(store: Store): { identities: IdentityStore; conversations: ConversationStore } {
  if (!(store instanceof SqlStore)) throw new Error('the chat adapters need a store opened by openStore()');
  return { identities: new SqlIdentityStore(store.knex), conversations: new SqlConversationStore(store.knex) };
}
