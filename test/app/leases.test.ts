// Leases run from the claim's own clock (issue 13). A dispatcher or timer runner working through a
// slow batch, and a second replica started while it does: no row or timer is claimed twice, no
// message is posted twice, and a holder whose lease was taken over cannot write its outcome.
// On the old code (one `now` per round, leases counted from it) both tests below fail: the rows
// still waiting in the slow batch are already expired and the late replica takes them.
import { afterEach, describe, expect, it } from 'vitest';
import { OutboxDispatcher } from '../../src/app/outbox-dispatcher.ts';
import { TimerRunner } from '../../src/app/timer-runner.ts';
import type { Engine } from '../../src/app/execute.ts';
import type { Card } from '../../src/core/card.ts';
import type { Delivery, Target } from '../../src/core/delivery.ts';
import type { PostKey, PostedRef } from '../../src/ports/chat.ts';
import { outboxStoreOf } from '../../src/store/ports.ts';
import { clockTest } from '../support/clock-steps.ts';
import { clockDirectory } from '../support/clock-world.ts';
import { sqlOf, storeTargets, type OpenedStore } from '../support/databases.ts';
import { manualClock } from '../support/engine-on-store.ts';
import { FakeChat } from '../support/fake-chat.ts';

const yieldToOthers = () => new Promise<void>((resolve) => setTimeout(resolve, 1));

/** a chat platform that takes `seconds` of (manual) time per post, and says when it made `n` posts */
class SlowChat extends FakeChat {
  #made = 0;
  #waiters: { n: number; resolve: () => void }[] = [];
  constructor(
    private readonly clock: { advance(minutes: number): void; now: Date },
    private readonly seconds: number,
  ) {
    super('slack', { now: () => clock.now });
  }
  override async postMessage(target: Target, text: string, card?: Card, key?: PostKey): Promise<PostedRef> {
    await yieldToOthers();
    this.clock.advance(this.seconds / 60);
    const ref = await super.postMessage(target, text, card, key);
    this.#made++;
    for (const w of this.#waiters.filter((w) => w.n <= this.#made)) w.resolve();
    return ref;
  }
  posts(n: number): Promise<void> {
    return new Promise((resolve) => this.#waiters.push({ n, resolve }));
  }
}

describe.each(storeTargets())('leases on $name', (target) => {
  let opened: OpenedStore | undefined;
  afterEach(async () => {
    await opened?.cleanup();
    opened = undefined;
  });

  it('a slow dispatcher and a second one started 100 s into its batch: 0 rows claimed twice, 0 posts twice', async () => {
    opened = await target.open();
    const store = opened.store;
    const clock = manualClock('2026-11-30T08:00:00Z');
    const chat = new SlowChat(clock, 5);
    const people = clockDirectory.people().map((p) => p.email);
    const deliveries: Delivery[] = Array.from({ length: 60 }, (_, i) => ({ type: 'message.post', target: { kind: 'person', email: people[i % people.length]! }, text: `note ${i}` }));
    await store.transaction((tx) => tx.enqueue(deliveries, clock.now.toISOString(), ['slack']));
    const dispatcher = (owner: string) => new OutboxDispatcher({ outbox: outboxStoreOf(store), ports: [chat], directory: clockDirectory, now: () => clock.now }, { owner, limit: 50, leaseMs: 60_000, concurrency: 1 });
    const a = dispatcher('replica-a').runDue();
    await chat.posts(20); // 100 s into a's first batch of 50: on the old code rows 13–50 are expired
    const b = await dispatcher('replica-b').runDue();
    const ra = await a;
    const rows = (await sqlOf(store)('outbox').select('id', 'status', 'attempts')) as { status: string; attempts: number | string }[];
    const claimedTwice = rows.filter((r) => Number(r.attempts) > 1).length;
    const postCalls = chat.calls.filter((c) => c.startsWith('postMessage'));
    const texts = chat.posted.map((p) => p.text);
    console.log(`[${target.name}] late replica: a claimed ${ra.claimed}, b claimed ${b.claimed}; rows claimed twice ${claimedTwice}; post calls ${postCalls.length} for 60 rows`);
    expect(rows.every((r) => r.status === 'done')).toBe(true);
    expect(claimedTwice).toBe(0);
    expect(ra.claimed + b.claimed).toBe(60);
    expect(postCalls).toHaveLength(60);
    expect(new Set(texts).size).toBe(60);
    expect(b.delivered).toBeGreaterThan(0); // the late replica took part
  });

  it('a holder whose lease was taken over cannot write its outcome', async () => {
    opened = await target.open();
    const store = opened.store;
    const outbox = outboxStoreOf(store);
    const clock = manualClock('2026-11-30T08:00:00Z');
    await store.transaction((tx) => tx.enqueue([{ type: 'message.post', target: { kind: 'person', email: 'ann@example.com' }, text: 'hi' }], clock.now.toISOString(), ['slack']));
    const [stale] = await outbox.claimDue(clock.now, { owner: 'stalled', limit: 10, leaseMs: 60_000, platforms: ['slack'] });
    clock.advance(2); // the stalled holder's lease runs out; another takes the row
    const [fresh] = await outbox.claimDue(clock.now, { owner: 'fresh', limit: 10, leaseMs: 60_000, platforms: ['slack'] });
    expect(fresh!.id).toBe(stale!.id);
    // the new holder knows when the dead one's lease ended: its post, if any, was made before then
    expect(stale!.expiredLeaseUntil).toBeUndefined();
    expect(fresh!.expiredLeaseUntil).toBe(stale!.leaseUntil);
    // the stalled holder wakes up and fails the row: ignored
    expect(await outbox.dead(stale!.id, stale!.token, 'permanent: it was slow')).toBe(false);
    expect(await outbox.retry(stale!.id, stale!.token, clock.now.toISOString(), 'x')).toBe(false);
    expect(await outbox.done(stale!.id, stale!.token)).toBe(false);
    expect(await outbox.renew([stale!.id], stale!.token, clock.now.toISOString())).toEqual([]);
    expect(((await sqlOf(store)('outbox').select('status', 'lease_owner').first()) as { status: string; lease_owner: string })).toEqual({ status: 'pending', lease_owner: 'fresh' });
    expect(await outbox.done(fresh!.id, fresh!.token)).toBe(true);
  });

  it('a slow timer runner and a second one started 70 s into its batch: every timer claimed once, fired once', async () => {
    opened = await target.open();
    const t = await clockTest(opened.store, '2026-11-30T08:00:00Z', []);
    for (let i = 0; i < 5; i++) await t.run('ann@example.com', { type: 'request.submit', flow: 'load', form: { what: 'Sign-off' } });
    t.clock.set('2026-11-30T09:00:00Z'); // 5 × 20 first reminders are due
    let fired = 0;
    let reached: (() => void) | undefined;
    const at35 = new Promise<void>((resolve) => (reached = resolve));
    // an engine that takes 2 s of (manual) time per firing
    const slow = Object.create(t.engine) as Engine;
    slow.execute = async (envelope) => {
      await yieldToOthers();
      t.clock.advance(2 / 60);
      const outcome = await t.engine.execute(envelope);
      if (++fired === 35) reached?.();
      return outcome;
    };
    const a = new TimerRunner(slow, t.timers, { owner: 'runner-a', limit: 50, leaseMs: 60_000 }).runDue();
    await at35;
    const rb = await new TimerRunner(slow, t.timers, { owner: 'runner-b', limit: 50, leaseMs: 60_000 }).runDue();
    const ra = await a;
    const rows = (await sqlOf(opened.store)('timers').select('status', 'attempts').where({ kind: 'request.remind' }).andWhere('due_at', '<=', '2026-11-30T09:00:00.000Z')) as { status: string; attempts: number | string }[];
    const claimedTwice = rows.filter((r) => Number(r.attempts) > 1).length;
    console.log(`[${target.name}] late runner: a claimed ${ra.claimed}, b claimed ${rb.claimed}; timers claimed twice ${claimedTwice}`);
    expect(rows).toHaveLength(100);
    expect(rows.every((r) => r.status === 'fired')).toBe(true);
    expect(claimedTwice).toBe(0);
    expect(ra.fired + rb.fired).toBe(100);
    expect(ra.skipped + rb.skipped).toBe(0);
    expect(rb.fired).toBeGreaterThan(0);
  });
});
