// What the dispatcher sends first and how much (issue 14), and what it does with a second copy
// of a card (issue 13): card updates before notices, several pending updates of one card copy
// drawn once as the newest, one change's thread replies as one message, and a copy posted twice
// (a platform that cannot look a post up) kept up to date like the first — never left stale.
import { afterEach, describe, expect, it } from 'vitest';
import { OutboxDispatcher } from '../../src/app/outbox-dispatcher.ts';
import type { Card } from '../../src/core/card.ts';
import type { Delivery, Target } from '../../src/core/delivery.ts';
import type { Platform } from '../../src/ports/chat.ts';
import { outboxStoreOf } from '../../src/store/ports.ts';
import { clockDirectory } from '../support/clock-world.ts';
import { sqlOf, storeTargets, type OpenedStore } from '../support/databases.ts';
import { manualClock } from '../support/engine-on-store.ts';
import { FakeChat, type FakeChatOptions } from '../support/fake-chat.ts';

const ann: Target = { kind: 'person', email: 'ann@example.com' };
const bob: Target = { kind: 'person', email: 'bob@example.com' };
const card = (version: number, label: string, actions: Card['actions'] = []): Card => ({ key: 'request:R-1', title: 'Laptop', subtitle: 'Purchase · R-1', status: { label, tone: 'info' }, fields: [], progress: [], actions, version });
const upsert = (target: Target, c: Card): Delivery => ({ type: 'card.upsert', target, card: c });

describe.each(storeTargets())('outbox order and copies on $name', (target) => {
  let opened: OpenedStore | undefined;
  afterEach(async () => {
    await opened?.cleanup();
    opened = undefined;
  });

  const setup = async (chatOptions: FakeChatOptions = {}) => {
    opened = await target.open();
    const store = opened.store;
    const clock = manualClock('2026-11-30T08:00:00Z');
    const chat = new FakeChat('slack', { now: () => clock.now, ...chatOptions });
    const dispatcher = (owner: string) => new OutboxDispatcher({ outbox: outboxStoreOf(store), ports: [chat], directory: clockDirectory, now: () => clock.now }, { owner, concurrency: 1, random: () => 0.5 });
    const enqueue = (deliveries: Delivery[], platforms: Platform[] = ['slack']) => store.transaction((tx) => tx.enqueue(deliveries, clock.now.toISOString(), platforms));
    const rows = async () => (await sqlOf(store)('outbox').select('id', 'type', 'status', 'merged_into').orderBy('id')) as { id: number; type: string; status: string; merged_into: number | null }[];
    return { clock, chat, dispatcher, enqueue, rows };
  };

  it('card updates go out before notices queued earlier', async () => {
    const { chat, dispatcher, enqueue } = await setup();
    await enqueue(Array.from({ length: 5 }, (_, i): Delivery => ({ type: 'message.post', target: ann, text: `notice ${i}` })));
    await enqueue([upsert(bob, card(1, 'Waiting'))]);
    await dispatcher('d').runDue();
    expect(chat.calls).toEqual(['postCard person:bob@example.com', ...Array(5).fill('postMessage person:ann@example.com')]);
  });

  it('three pending updates of one card copy: one update, drawn from the newest', async () => {
    const { chat, dispatcher, enqueue, rows } = await setup();
    await enqueue([upsert(ann, card(1, 'Waiting'))]);
    await dispatcher('d').runDue();
    await enqueue([upsert(ann, card(2, 'Step 2'))]);
    await enqueue([upsert(ann, card(3, 'Step 3'))]);
    await enqueue([upsert(ann, card(4, 'Approved'))]);
    expect(await dispatcher('d').runDue()).toMatchObject({ claimed: 1, delivered: 1 });
    expect(chat.calls).toEqual(['postCard person:ann@example.com', 'updateCard person:ann@example.com']);
    expect(chat.seenBy(ann).map((p) => [p.card?.status.label, p.updates])).toEqual([['Approved', 1]]);
    const all = await rows();
    expect(all.map((r) => [r.status, r.merged_into === null ? null : Number(r.merged_into)])).toEqual([['done', null], ['done', null], ['done', all[1]!.id], ['done', all[1]!.id]]);
  });

  it("one change's replies under a card: one message; another change's replies: another", async () => {
    const { clock, chat, dispatcher, enqueue } = await setup();
    await enqueue([upsert(ann, card(1, 'Waiting'))]);
    await dispatcher('d').runDue();
    await enqueue([{ type: 'thread.reply', target: ann, cardKey: 'request:R-1', text: 'Manager approval: approved.' }, { type: 'thread.reply', target: ann, cardKey: 'request:R-1', text: 'Finance: next.' }]);
    clock.advance(1);
    await enqueue([{ type: 'thread.reply', target: ann, cardKey: 'request:R-1', text: 'Finance approval: approved.' }]);
    await dispatcher('d').runDue();
    expect(chat.seenBy(ann)[0]!.replies).toEqual(['Manager approval: approved.\nFinance: next.', 'Finance approval: approved.']);
  });

  it('a card posted by an attempt that died, and a newer one queued meanwhile: the adopted post shows the newest card', async () => {
    const { clock, chat, dispatcher, enqueue } = await setup();
    await enqueue([upsert(ann, card(1, 'Waiting', [{ id: 'request.recall', label: 'Recall', style: 'danger' }] as Card['actions']))]);
    const posted = chat.hangNext('postCard');
    void dispatcher('doomed').runDue();
    await posted;
    await enqueue([upsert(ann, card(2, 'Approved'))]);
    clock.advance(2);
    await dispatcher('next').runDue();
    // found by its key and adopted, then drawn from the newest card: no live Recall on an approved request
    expect(chat.seenBy(ann).map((p) => [p.card?.status.label, p.card?.actions.length])).toEqual([['Approved', 0]]);
  });

  it('a copy posted twice where the platform cannot look posts up: both copies recorded, the late one redrawn, both updated', async () => {
    const { clock, chat, dispatcher, enqueue } = await setup({ lookup: false });
    await enqueue([upsert(ann, card(1, 'Waiting', [{ id: 'request.approve', label: 'Approve', style: 'primary' }] as Card['actions']))]);
    // the first holder posts, then stalls past its lease before it hears back
    const held = chat.holdNext('postCard');
    const stalled = dispatcher('stalled').runDue();
    await held.reached;
    clock.advance(2);
    // the second holder cannot tell whether the first post went out, and Teams cannot be asked
    await dispatcher('second').runDue();
    await enqueue([upsert(ann, card(2, 'Approved'))]);
    await dispatcher('second').runDue();
    held.release();
    await stalled;
    // two copies are out there, and neither shows the old card with live buttons
    expect(chat.seenBy(ann).map((p) => [p.card?.status.label, p.card?.actions.length])).toEqual([['Approved', 0], ['Approved', 0]]);
    await enqueue([upsert(ann, card(3, 'Paid'))]);
    await dispatcher('second').runDue();
    expect(chat.seenBy(ann).map((p) => p.card?.status.label)).toEqual(['Paid', 'Paid']);
  });
});
