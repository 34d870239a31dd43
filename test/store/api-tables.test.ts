// The REST API's tables on every database: tokens by hash, keyset paging, the webhook outbox
// (lease, fencing, retry, dead letter, redelivery), subscriptions, and inbound dedup keys.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConflictError } from '../../src/ports/store.ts';
import { SqlApiTokens } from '../../src/store/api-tokens.ts';
import { SqlInboundKeys } from '../../src/store/inbound-keys.ts';
import { SqlItemQueries } from '../../src/store/item-queries.ts';
import { SqlWebhookOutbox } from '../../src/store/webhook-outbox.ts';
import { SqlWebhookSubscriptions } from '../../src/store/webhook-subscriptions.ts';
import { aCase, aRequest, at } from '../support/builders.ts';
import { sqlOf, storeTargets, type OpenedStore } from '../support/databases.ts';

describe.each(storeTargets())('API tables on $name', (target) => {
  let opened: OpenedStore;
  beforeAll(async () => {
    opened = await target.open();
  });
  afterAll(async () => {
    await opened?.cleanup();
  });

  it('tokens: found by hash while live, listed, touched, revoked by name', async () => {
    const tokens = new SqlApiTokens(sqlOf(opened.store));
    await tokens.insert({ id: 'tok_1', name: 'hr', hash: 'h1', scopes: ['requests:read'], flows: ['purchase'], person: null, createdAt: at(0), lastUsedAt: null, revokedAt: null });
    expect(await tokens.byHash('h1')).toMatchObject({ id: 'tok_1', scopes: ['requests:read'], flows: ['purchase'] });
    expect(await tokens.byHash('nope')).toBeUndefined();
    await tokens.touch('tok_1', at(5));
    expect((await tokens.list())[0]!.lastUsedAt).toBe(at(5));
    expect(await tokens.revoke('hr', at(6))).toBe(1);
    expect(await tokens.byHash('h1')).toBeUndefined();
    expect(await tokens.revoke('hr', at(7))).toBe(0);
  });

  it('item queries page newest first by (time, id), with ties, filters and no repeats', async () => {
    const store = opened.store;
    await store.transaction(async (tx) => {
      for (const [i, minute] of [[1, 0], [2, 10], [3, 10], [4, 20], [5, 30]] as const) await tx.insertRequest(aRequest({ id: `R-${i}`, submittedAt: at(minute), flowId: i === 5 ? 'access' : 'purchase' }));
      await tx.insertCase(aCase({ id: 'C-1' }));
    });
    const q = new SqlItemQueries(sqlOf(store));
    const seen: string[] = [];
    let after;
    do {
      const page = await q.requests({ flows: ['purchase'] }, { limit: 2, ...(after ? { after } : {}) });
      seen.push(...page.items.map((r) => r.id));
      after = page.next;
    } while (after);
    expect(seen).toEqual(['R-4', 'R-3', 'R-2', 'R-1']);
    expect((await q.requests({ status: 'approved' }, { limit: 10 })).items).toEqual([]);
    expect((await q.cases({ category: 'open' }, { limit: 10 })).items.map((c) => c.id)).toEqual(['C-1']);
    expect((await q.request('R-5'))?.flowId).toBe('access');
  });

  it('webhook outbox: enqueue in a transaction, lease, fence, retry, dead, redeliver', async () => {
    const db = sqlOf(opened.store);
    const outbox = new SqlWebhookOutbox(db, opened.store.dialect);
    await opened.store.transaction((tx) => outbox.within(tx).enqueue([{ subscription: 'wh_1', eventType: 'request.approved', subject: 'request:R-1', payload: '{"a":1}' }], at(0)));
    // a rolled-back transaction leaves nothing behind
    await expect(opened.store.transaction(async (tx) => {
      await outbox.within(tx).enqueue([{ subscription: 'wh_1', eventType: 'request.rejected', subject: 'request:R-2', payload: '{}' }], at(0));
      throw new Error('roll back');
    })).rejects.toThrow('roll back');
    const [row] = await outbox.claimDue(new Date(at(1)), 'a', 10, 60_000);
    expect(row).toMatchObject({ subscription: 'wh_1', attempts: 1, payload: '{"a":1}' });
    expect(await outbox.claimDue(new Date(at(1)), 'b', 10, 60_000)).toEqual([]); // leased to a
    await outbox.retry(row!.id, 'a', at(10), 'HTTP 500');
    expect(await outbox.claimDue(new Date(at(5)), 'b', 10, 60_000)).toEqual([]); // backing off
    const [again] = await outbox.claimDue(new Date(at(10)), 'b', 10, 60_000);
    expect(again!.attempts).toBe(2);
    await outbox.delivered(again!.id, 'a', at(11)); // a's lease is gone: fenced off
    expect((await outbox.byId(again!.id))!.status).toBe('pending');
    await outbox.dead(again!.id, 'b', 'attempts_exhausted', 'HTTP 503');
    expect(await outbox.recent({ status: 'dead' })).toMatchObject([{ id: again!.id, deadReason: 'attempts_exhausted', lastError: 'HTTP 503' }]);
    expect(await outbox.redeliver(again!.id, at(20))).toBe(true);
    expect(await outbox.redeliver(again!.id, at(20))).toBe(false);
    const [third] = await outbox.claimDue(new Date(at(20)), 'c', 10, 60_000);
    expect(third!.attempts).toBe(1);
    await outbox.delivered(third!.id, 'c', at(21));
    expect((await outbox.byId(third!.id))!.status).toBe('done');
  });

  it('subscriptions and inbound keys', async () => {
    const subs = new SqlWebhookSubscriptions(sqlOf(opened.store));
    await subs.insert({ id: 'wh_1', name: 'erp', url: 'https://erp.example/h', secret: 'whsec_x', events: ['request.*'], flows: null, source: 'api' }, at(0));
    expect(await subs.list()).toEqual([{ id: 'wh_1', name: 'erp', url: 'https://erp.example/h', secret: 'whsec_x', events: ['request.*'], flows: null, source: 'api' }]);
    expect(await subs.remove('wh_1')).toBe(true);
    expect(await subs.list()).toEqual([]);

    const keys = new SqlInboundKeys();
    await opened.store.transaction(async (tx) => {
      await keys.within(tx).set('alertmanager', 'group-1', 'C-1', at(0), undefined);
      expect(await keys.within(tx).find('alertmanager', 'group-1')).toBe('C-1');
      await keys.within(tx).set('alertmanager', 'group-1', 'C-2', at(1), 'C-1');
      expect(await keys.within(tx).find('alertmanager', 'group-1')).toBe('C-2');
      expect(await keys.within(tx).find('generic', 'group-1')).toBeUndefined();
    });
    // a writer that read an older state loses, as a conflict the engine runs again
    await expect(opened.store.transaction((tx) => keys.within(tx).set('alertmanager', 'group-1', 'C-3', at(2), undefined))).rejects.toThrow(ConflictError);
    await expect(opened.store.transaction((tx) => keys.within(tx).set('alertmanager', 'group-1', 'C-3', at(2), 'C-1'))).rejects.toThrow(ConflictError);
  });
});
