// The outbox dispatcher on real databases with the in-memory chat platform and a manual clock:
// retries with backoff and Retry-After, dead letters with their reason, restarts mid-delivery,
// cards updated in place, and per-channel pacing that holds up no other channel.
import { afterEach, describe, expect, it } from 'vitest';
import { OutboxDispatcher, type DispatchReport } from '../../src/app/outbox-dispatcher.ts';
import type { Card } from '../../src/core/card.ts';
import type { Delivery, Target } from '../../src/core/delivery.ts';
import { DeliveryError, type ChatPort, type Platform } from '../../src/ports/chat.ts';
import type { Store } from '../../src/ports/store.ts';
import { openStore } from '../../src/store/open.ts';
import { outboxStoreOf } from '../../src/store/ports.ts';
import { clockTest } from '../support/clock-steps.ts';
import { clockDirectory } from '../support/clock-world.ts';
import { sqlOf, storeTargets, type OpenedStore } from '../support/databases.ts';
import { manualClock } from '../support/engine-on-store.ts';
import { FakeChat } from '../support/fake-chat.ts';

const ann: Target = { kind: 'person', email: 'ann@example.com' };
const nora: Target = { kind: 'person', email: 'nora@example.com' }; // no Slack id
const tickets: Target = { kind: 'channel', channel: { name: '#tickets', slack: 'C0TICKETS' } };
const ops: Target = { kind: 'channel', channel: { name: '#ops', slack: 'C0OPS' } };
const message = (target: Target, text: string): Delivery => ({ type: 'message.post', target, text });

/** Slack reaches people with a Slack id in org.yaml and channels with a Slack channel id. */
const slackReaches = (t: Target) => (t.kind === 'channel' ? Boolean(t.channel.slack) : Boolean(clockDirectory.person(t.email)?.slackId));

interface Row {
  id: number;
  status: string;
  attempts: number;
  due_at: string;
  dead_reason: string | null;
  last_error: string | null;
  notice_of: number | null;
  payload: string;
}

describe.each(storeTargets())('outbox dispatcher on $name', (target) => {
  let opened: OpenedStore | undefined;
  let extra: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await extra?.();
    extra = undefined;
    await opened?.cleanup();
    opened = undefined;
  });

  const setup = async (options: { ports?: ChatPort[]; maxAttempts?: number; limit?: number } = {}) => {
    opened = await target.open();
    const store = opened.store;
    const clock = manualClock('2026-11-30T08:00:00Z');
    const chat = new FakeChat('slack', { reaches: slackReaches, now: () => clock.now, channelLimitMs: 1_000 });
    const ports = options.ports ?? [chat];
    const dispatcher = (owner: string, on: Store = store) =>
      new OutboxDispatcher({ outbox: outboxStoreOf(on), ports, directory: clockDirectory, now: () => clock.now }, { owner, random: () => 0.5, concurrency: 1, ...(options.maxAttempts ? { maxAttempts: options.maxAttempts } : {}), ...(options.limit ? { limit: options.limit } : {}) });
    const enqueue = (deliveries: Delivery[], platforms: Platform[] = ['slack']) => store.transaction((tx) => tx.enqueue(deliveries, clock.now.toISOString(), platforms));
    const rows = async () => (await sqlOf(store)('outbox').select('*').orderBy('id')) as Row[];
    return { store, clock, chat, dispatcher, enqueue, rows, d: dispatcher('dispatcher-1') };
  };

  it('a retryable failure, then success: delivered once, after a backoff with jitter', async () => {
    const { clock, chat, d, enqueue, rows } = await setup();
    chat.failNext('postMessage', new DeliveryError('retryable', 'internal_error'));
    await enqueue([message(ann, 'Your request is approved.')]);
    expect(await d.runDue()).toMatchObject({ claimed: 1, retried: 1, delivered: 0 });
    const [failed] = await rows();
    // attempt 1 failed: 2 s base, equal jitter with random() = 0.5 → 1.5 s
    expect(failed).toMatchObject({ status: 'pending', attempts: 1, due_at: '2026-11-30T08:00:01.500Z', last_error: 'internal_error' });
    expect(await d.runDue()).toMatchObject({ claimed: 0 });
    clock.advance(1.5 / 60);
    expect(await d.runDue()).toMatchObject({ claimed: 1, delivered: 1 });
    expect(await d.runDue()).toMatchObject({ claimed: 0 });
    expect(chat.seenBy(ann).map((p) => p.text)).toEqual(['Your request is approved.']);
    expect(await rows()).toMatchObject([{ status: 'done', attempts: 2, last_error: null }]);
  });

  it('a 429 waits exactly as long as Retry-After says', async () => {
    const { clock, chat, d, enqueue, rows } = await setup();
    chat.failNext('postMessage', new DeliveryError('retryable', 'ratelimited', 30_000));
    await enqueue([message(ann, 'hello')]);
    await d.runDue();
    expect((await rows())[0]!.due_at).toBe('2026-11-30T08:00:30.000Z');
    clock.set('2026-11-30T08:00:29.999Z');
    expect(await d.runDue()).toMatchObject({ claimed: 0 });
    clock.set('2026-11-30T08:00:30.000Z');
    expect(await d.runDue()).toMatchObject({ delivered: 1 });
    expect(chat.seenBy(ann)).toHaveLength(1);
  });

  it('gives up on a retryable failure after the last attempt, dead-lettered with its reason', async () => {
    const { clock, chat, d, enqueue, rows } = await setup({ maxAttempts: 3 });
    chat.failNext('postMessage', new DeliveryError('retryable', 'internal_error'), 3);
    await enqueue([message(ann, 'hello')]);
    for (let i = 0; i < 3; i++) {
      await d.runDue();
      clock.advance(60);
    }
    const [row] = await rows();
    expect(row).toMatchObject({ status: 'dead', attempts: 3, dead_reason: 'gave up after 3 attempts: internal_error' });
    expect(chat.seenBy(ann)).toEqual([]);
  });

  it('a permanent failure is dead-lettered with its reason, never retried, and the admins are told once', async () => {
    const { clock, chat, d, enqueue, rows } = await setup();
    chat.failNext('postCard', new DeliveryError('permanent', 'channel_not_found'), 2);
    const card: Card = { key: 'case:C-1', title: 'Printer on fire', subtitle: 'Ticket · C-1', status: { label: 'Open', tone: 'info' }, fields: [], progress: [], actions: [], version: 1 };
    await enqueue([{ type: 'card.upsert', target: tickets, card }]);
    await d.runDue();
    const [dead] = await rows();
    expect(dead).toMatchObject({ status: 'dead', dead_reason: 'permanent: channel_not_found' });
    // the notice to the admins is an outbox row of its own, delivered like any other
    await d.runDue();
    const adminSees = chat.seenBy({ kind: 'person', email: 'adam@example.com' }).map((p) => p.text);
    expect(adminSees).toEqual([
      `Docket could not deliver to channel #tickets on Slack: permanent: channel_not_found. It will not be retried (outbox row ${dead!.id}). Check their entry in org.yaml, the channel, and the bot's access there.`,
    ]);
    // a second failure to the same channel the same day adds no second notice
    await enqueue([{ type: 'card.upsert', target: tickets, card: { ...card, key: 'case:C-2' } }]);
    clock.advance(1);
    await d.runDue();
    clock.advance(24 * 60);
    await d.runDue();
    expect(chat.seenBy({ kind: 'person', email: 'adam@example.com' })).toHaveLength(1);
    expect((await rows()).map((r) => [r.status, r.notice_of === null ? null : 'notice'])).toEqual([['dead', null], ['done', 'notice'], ['dead', null]]);
    expect(chat.calls.filter((c) => c.startsWith('postCard'))).toHaveLength(2); // one try each, never again
  });

  it('someone no enabled platform reaches: dead-lettered, never retried, one notice to the admins', async () => {
    const { clock, d, enqueue, rows, chat } = await setup();
    await enqueue([message(nora, 'one'), message(nora, 'two'), message(nora, 'three')]);
    await d.runDue();
    clock.advance(24 * 60 - 1);
    await d.runDue();
    const all = await rows();
    expect(all.slice(0, 3).map((r) => [r.status, Number(r.attempts), r.dead_reason])).toEqual(Array(3).fill(['dead', 1, 'unreachable: no Slack user is known for them (set slackId in org.yaml, or use the same email in Slack)']));
    const notices = chat.seenBy({ kind: 'person', email: 'adam@example.com' });
    expect(notices).toHaveLength(1);
    expect(notices[0]!.text).toContain('Docket could not deliver to Nora Nobody (nora@example.com) on Slack');
  });

  it('someone Slack cannot reach but Teams can: the Teams copy arrives and the admins are not bothered', async () => {
    const slack = new FakeChat('slack', { reaches: slackReaches });
    const teams = new FakeChat('teams');
    const { d, enqueue, rows } = await setup({ ports: [slack, teams] });
    await enqueue([message(nora, 'hello')], ['slack', 'teams']);
    await d.runDue();
    await d.runDue();
    expect((await rows()).map((r) => r.status)).toEqual(['dead', 'done']);
    expect(teams.seenBy(nora).map((p) => p.text)).toEqual(['hello']);
    expect([...slack.posted, ...teams.posted].filter((p) => p.target === 'person:adam@example.com')).toEqual([]);
  });

  it('restart mid-delivery: a message posted just before the crash is not posted again', async () => {
    const { clock, chat, dispatcher, enqueue } = await setup();
    await enqueue([message(ann, 'Reminder: R-1 is waiting for you.')]);
    const crashed = dispatcher('doomed');
    const posted = chat.hangNext('postMessage');
    void crashed.runDue(); // posts, then the process dies before it hears back
    await posted;
    expect(chat.seenBy(ann)).toHaveLength(1);
    await opened!.store.close();

    // the replacement process opens the database again; the lease has run out by then
    const reopened = await openStore(opened!.url);
    const url = opened!.url;
    if (target.name === 'postgres') {
      opened = undefined;
      extra = async () => {
        await sqlOf(reopened).raw('DROP SCHEMA IF EXISTS ?? CASCADE', [new URL(url).searchParams.get('schema')!]);
        await reopened.close();
      };
    } else {
      extra = () => reopened.close();
    }
    const next = dispatcher('replacement', reopened);
    clock.advance(1);
    expect(await next.runDue()).toMatchObject({ claimed: 1, delivered: 1 });
    expect(chat.seenBy(ann)).toHaveLength(1); // the platform recognised the row's key
    expect(((await sqlOf(reopened)('outbox').select('status', 'attempts')) as Row[]).map((r) => [r.status, Number(r.attempts)])).toEqual([['done', 2]]);
  });

  it('restart mid-delivery: a card posted just before the crash is then updated in place, not posted twice', async () => {
    const { clock, chat, dispatcher, enqueue } = await setup();
    const card = (version: number, label: string): Card => ({ key: 'request:R-1', title: 'Laptop', subtitle: 'Purchase · R-1', status: { label, tone: 'info' }, fields: [], progress: [], actions: [], version });
    await enqueue([{ type: 'card.upsert', target: ann, card: card(1, 'Waiting') }]);
    const posted = chat.hangNext('postCard');
    void dispatcher('doomed').runDue();
    await posted;
    clock.advance(1);
    const next = dispatcher('replacement');
    expect(await next.runDue()).toMatchObject({ delivered: 1 });
    await enqueue([{ type: 'card.upsert', target: ann, card: card(2, 'Approved') }]);
    expect(await next.runDue()).toMatchObject({ delivered: 1 });
    // one redraw after adopting the post of unknown outcome, one for the approval
    expect(chat.seenBy(ann).map((p) => [p.card?.status.label, p.updates])).toEqual([['Approved', 2]]);
  });

  it('a message whose post was recorded before the crash is marked done without posting', async () => {
    const { store, chat, d, enqueue, rows } = await setup();
    await enqueue([message(ann, 'hello')]);
    const [row] = await rows();
    // recorded by an attempt that died before marking the row done
    await sqlOf(store)('outbox').where({ id: row!.id }).update({ delivered_ref: JSON.stringify({ id: 'm-earlier' }) });
    expect(await d.runDue()).toMatchObject({ delivered: 1 });
    expect(chat.calls).toEqual([]);
    expect((await rows())[0]!.status).toBe('done');
  });

  it('200 messages to one channel go out one a second, and another channel and a DM are not held up', async () => {
    const { clock, chat, d, enqueue } = await setup();
    await enqueue(Array.from({ length: 200 }, (_, i) => message(tickets, `update ${i + 1}`)));
    await enqueue([message(ops, 'deploy done'), message(ann, 'your card')]);
    const start = clock.now.getTime();
    const reports: DispatchReport[] = [await d.runDue()];
    // the other channel and the DM went out at once, behind 200 rows of the busy channel
    expect(chat.seenBy(ops).map((p) => p.at.getTime() - start)).toEqual([0]);
    expect(chat.seenBy(ann).map((p) => p.at.getTime() - start)).toEqual([0]);
    expect(chat.seenBy(tickets)).toHaveLength(1);
    expect(reports[0]).toMatchObject({ delivered: 3, postponed: 199, retried: 0 });
    for (let s = 1; s <= 200; s++) {
      clock.advance(1 / 60);
      reports.push(await d.runDue());
    }
    const sent = chat.seenBy(tickets);
    expect(sent.map((p) => p.text)).toEqual(Array.from({ length: 200 }, (_, i) => `update ${i + 1}`));
    // one a second, in order, and the platform never had to say 429
    expect(sent.map((p) => p.at.getTime() - start)).toEqual(Array.from({ length: 200 }, (_, i) => i * 1000));
    expect(reports.reduce((n, r) => n + r.retried + r.dead, 0)).toBe(0);
  });

  it('two dispatchers share the outbox: every row is delivered once', async () => {
    const { chat, dispatcher, enqueue, rows } = await setup({ limit: 20 });
    const people = clockDirectory.people().filter((p) => p.slackId).map((p) => p.email);
    await enqueue(Array.from({ length: 300 }, (_, i) => message({ kind: 'person', email: people[i % people.length]! }, `note ${i}`)));
    const [a, b] = await Promise.all([dispatcher('a').runDue(), dispatcher('b').runDue()]);
    expect(a.delivered + b.delivered).toBe(300);
    expect(chat.posted).toHaveLength(300);
    expect(new Set(chat.posted.map((p) => p.text)).size).toBe(300);
    expect((await rows()).every((r) => r.status === 'done' && Number(r.attempts) === 1)).toBe(true);
  });

  it('a reply whose card was never posted is retried, then dead-lettered, not retried forever', async () => {
    const { clock, d, enqueue, rows } = await setup({ maxAttempts: 4 });
    await enqueue([{ type: 'thread.reply', target: tickets, cardKey: 'case:C-9', text: 'orphan' }]);
    for (let i = 0; i < 10; i++) {
      await d.runDue();
      clock.advance(60);
    }
    const [reply, notice] = await rows();
    expect(reply).toMatchObject({ status: 'dead', attempts: 4, dead_reason: 'gave up after 4 attempts: the card case:C-9 is not posted there yet' });
    expect(notice).toMatchObject({ status: 'done', notice_of: reply!.id });
  });
});

describe.each(storeTargets())('engine, outbox and chat together on $name', (target) => {
  let opened: OpenedStore | undefined;
  afterEach(async () => {
    await opened?.cleanup();
    opened = undefined;
  });

  it('posts each copy of a card once, updates it in place, threads replies under it, and never shows an older card', async () => {
    opened = await target.open();
    const t = await clockTest(opened.store, '2026-11-30T08:00:00Z', ['slack']);
    const chat = new FakeChat('slack', { reaches: slackReaches, now: () => t.clock.now });
    const outbox = outboxStoreOf(opened.store);
    const d = new OutboxDispatcher({ outbox, ports: [chat], directory: clockDirectory, now: () => t.clock.now }, { owner: 'd', random: () => 0.5 });
    const id = await t.run('ann@example.com', { type: 'request.submit', flow: 'escalating', form: { what: 'Laptop' } });
    await d.runDue();
    const bob: Target = { kind: 'person', email: 'bob@example.com' };
    expect(chat.seenBy(ann).map((p) => p.card?.status.label)).toEqual(['Waiting for Manager approval']);
    expect(chat.seenBy(bob).map((p) => p.card?.actions.map((a) => a.id))).toEqual([['request.approve', 'request.reject', 'request.send_back', 'request.reassign', 'request.add_approver', 'request.comment']]);

    t.clock.advance(30);
    await t.run('bob@example.com', { type: 'request.approve', request: id });
    await d.runDue();
    expect(chat.seenBy(ann).map((p) => [p.card?.status.label, p.card?.version, p.updates, p.replies])).toEqual([
      // the replies one decision owes one card copy arrive as one message
      ['Approved', 2, 1, ['Manager approval: approved by Bob Jones.\nYour request is approved. 🎉']],
    ]);
    expect(chat.seenBy(bob).map((p) => [p.card?.status.label, p.card?.actions])).toEqual([['Approved', []]]);

    // a copy drawn earlier, delivered late (a slow replica), does not replace the newer card
    const stale = (await sqlOf(opened.store)('outbox').select('payload').where({ type: 'card.upsert' }).orderBy('id').first()) as { payload: string };
    await opened.store.transaction((tx) => tx.enqueue([JSON.parse(stale.payload) as Delivery], t.clock.now.toISOString(), ['slack']));
    expect(await d.runDue()).toMatchObject({ delivered: 1 });
    expect(chat.seenBy(ann).map((p) => [p.card?.status.label, p.updates])).toEqual([['Approved', 1]]);
  });

  it('writes one row per enabled platform, and none with no platform enabled', async () => {
    opened = await target.open();
    const count = async () => Number(((await sqlOf(opened!.store)('outbox').count({ n: '*' }).first()) as { n: number | string }).n);
    const none = await clockTest(opened.store, '2026-11-30T08:00:00Z', []);
    await none.run('ann@example.com', { type: 'request.submit', flow: 'escalating', form: { what: 'A' } });
    expect(await count()).toBe(0);
    const both = await clockTest(opened.store, '2026-11-30T08:00:00Z', ['slack', 'teams']);
    await both.run('ann@example.com', { type: 'request.submit', flow: 'escalating', form: { what: 'B' } });
    const rows = (await sqlOf(opened.store)('outbox').select('platform', 'type', 'target_key').orderBy('id')) as { platform: string; type: string; target_key: string }[];
    expect(rows.map((r) => `${r.platform} ${r.type} ${r.target_key}`).sort()).toEqual([
      'slack card.upsert person:ann@example.com',
      'slack card.upsert person:bob@example.com',
      'teams card.upsert person:ann@example.com',
      'teams card.upsert person:bob@example.com',
    ]);
  });
});
