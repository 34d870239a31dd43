// The conversation store (migration 004) on SQLite and PostgreSQL: references replaced in place,
// the first post under a key kept, threads found by id.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConversationStore } from '../../src/ports/conversations.ts';
import { chatStoresOf } from '../../src/store/conversations.ts';
import { sqlOf, storeTargets, type OpenedStore } from '../support/databases.ts';

describe.each(storeTargets())('conversation store on $name', (target) => {
  let opened: OpenedStore;
  let store: ConversationStore;
  beforeAll(async () => {
    opened = await target.open();
    store = chatStoresOf(opened.store).conversations;
  });
  afterAll(async () => {
    await opened?.cleanup();
  });

  it('creates its tables in migration 004', async () => {
    for (const table of ['conversation_refs', 'chat_posts', 'chat_threads']) expect(await sqlOf(opened.store).schema.hasTable(table), table).toBe(true);
  });

  it('remembers a reference per platform and target, replacing the old one', async () => {
    expect(await store.find('teams', 'person:ann@example.com')).toBeUndefined();
    const first = { platform: 'teams' as const, key: 'person:ann@example.com', ref: { conversation: { id: 'a:1' } }, serviceUrl: 'https://a.example/', updatedAt: '2026-11-30T09:00:00.000Z' };
    await store.remember(first);
    await store.remember({ ...first, ref: { conversation: { id: 'a:2' } }, serviceUrl: 'https://b.example/', updatedAt: '2026-11-30T10:00:00.000Z' });
    expect(await store.find('teams', 'person:ann@example.com')).toEqual({ ...first, ref: { conversation: { id: 'a:2' } }, serviceUrl: 'https://b.example/', updatedAt: '2026-11-30T10:00:00.000Z' });
    expect(await store.find('slack', 'person:ann@example.com')).toBeUndefined();
  });

  it('keeps the first post made under a key', async () => {
    await store.rememberPost('teams', 'outbox:1', { activityId: 'a1' }, '2026-11-30T09:00:00.000Z');
    await store.rememberPost('teams', 'outbox:1', { activityId: 'a2' }, '2026-11-30T09:00:01.000Z');
    expect(await store.findPost('teams', 'outbox:1')).toEqual({ activityId: 'a1' });
    expect(await store.findPost('teams', 'outbox:2')).toBeUndefined();
  });

  it('finds the card of a thread by the thread id', async () => {
    await store.rememberThread('teams', '19:x@thread.tacv2;messageid=7', 'case:C-1', '2026-11-30T09:00:00.000Z');
    expect(await store.cardOfThread('teams', '19:x@thread.tacv2;messageid=7')).toBe('case:C-1');
    expect(await store.cardOfThread('teams', '19:x@thread.tacv2;messageid=8')).toBeUndefined();
  });

  it('says which row is corrupt when a stored reference is not JSON', async () => {
    await sqlOf(opened.store)('conversation_refs').insert({ platform: 'teams', target_key: 'person:bad@example.com', ref: '{not json', service_url: 'x', updated_at: 'x' });
    await expect(store.find('teams', 'person:bad@example.com')).rejects.toThrow('stored conversation ref teams person:bad@example.com is corrupt: not JSON');
  });
});
