// The timer runner on real databases: several runners fire each timer once, a runner that dies
// holding leases loses them when they expire, and timers survive a restart of the process.
import { afterEach, describe, expect, it } from 'vitest';
import { TimerRunner } from '../../src/app/timer-runner.ts';
import type { Store } from '../../src/ports/store.ts';
import { openStore } from '../../src/store/open.ts';
import { clockTest } from '../support/clock-steps.ts';
import { sqlOf, storeTargets, type OpenedStore } from '../support/databases.ts';

const form = { what: 'Sign-off' };

async function countEvents(store: Store, type: string): Promise<number> {
  const row = (await sqlOf(store)('audit_log').count({ n: '*' }).where({ type }).first()) as { n: number | string };
  return Number(row.n);
}

describe.each(storeTargets())('timer runner on $name', (target) => {
  let opened: OpenedStore | undefined;
  let extra: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await extra?.();
    extra = undefined;
    await opened?.cleanup();
    opened = undefined;
  });

  it('two runners and 2,000 due timers: each timer fires exactly once', { timeout: 240_000 }, async () => {
    opened = await target.open();
    // platforms: [] is the local console mode: no outbox rows, so this measures the clock alone
    const t = await clockTest(opened.store, '2026-11-30T08:00:00Z', []);
    for (let i = 0; i < 100; i++) await t.run('ann@example.com', { type: 'request.submit', flow: 'load', form });
    t.clock.set('2026-11-30T09:00:00Z'); // every approver's first reminder is due: 100 × 20
    const due = (await sqlOf(opened.store)('timers').count({ n: '*' }).where({ status: 'pending', kind: 'request.remind' }).andWhere('due_at', '<=', t.clock.now.toISOString()).first()) as { n: number | string };
    expect(Number(due.n)).toBe(2000);

    const a = new TimerRunner(t.engine, t.timers, { owner: 'runner-a', limit: 50 });
    const b = new TimerRunner(t.engine, t.timers, { owner: 'runner-b', limit: 50 });
    const started = Date.now();
    const [ra, rb] = await Promise.all([a.runDue(), b.runDue()]);
    const ms = Date.now() - started;
    console.log(`[${target.name}] 2,000 timers, two runners: ${ms} ms; runner a fired ${ra.fired}, runner b ${rb.fired}`);

    expect(ra.fired + rb.fired).toBe(2000);
    expect(ra.fired).toBeGreaterThan(0); // both runners took part
    expect(rb.fired).toBeGreaterThan(0);
    expect(ra.errors + rb.errors).toBe(0);
    expect(await countEvents(opened.store, 'request.reminded')).toBe(2000);
    // once per approver per request, not merely 2,000 in total
    const pairs = (await sqlOf(opened.store)('audit_log').select('subject', 'data').where({ type: 'request.reminded' })) as { subject: string; data: string }[];
    expect(new Set(pairs.map((p) => `${p.subject} ${(JSON.parse(p.data) as { approver: string }).approver}`)).size).toBe(2000);
    const fired = (await sqlOf(opened.store)('timers').count({ n: '*' }).where({ status: 'fired' }).first()) as { n: number | string };
    expect(Number(fired.n)).toBe(2000);
    // running again fires nothing: the next reminders are an hour away
    expect((await a.runDue()).fired).toBe(0);
    expect((await opened.store.verifyAudit()).ok).toBe(true);
  });

  it('a runner killed while holding leases: its timers fire after the lease expires, once', async () => {
    opened = await target.open();
    const t = await clockTest(opened.store, '2026-11-30T08:00:00Z', []);
    for (let i = 0; i < 10; i++) await t.run('ann@example.com', { type: 'request.submit', flow: 'remind', form });
    t.clock.set('2026-11-30T10:00:00Z'); // Bob's first reminders are due on all ten (Ivan's wait for New York's morning)
    // the doomed runner claims everything due and dies before firing any of it
    const zombie = await t.timers.claimDue(t.clock.now, { owner: 'doomed', limit: 100, leaseMs: 60_000 });
    expect(zombie).toHaveLength(10);
    expect(zombie.every((row) => row.leaseOwner === 'doomed' && row.attempts === 1)).toBe(true);

    const survivor = new TimerRunner(t.engine, t.timers, { owner: 'survivor' });
    expect(await survivor.runDue()).toMatchObject({ claimed: 0, fired: 0 });
    t.clock.advance(0.5); // 30 s: the lease still holds
    expect(await survivor.runDue()).toMatchObject({ claimed: 0, fired: 0 });
    t.clock.advance(0.6); // 66 s: expired
    expect(await survivor.runDue()).toMatchObject({ claimed: 10, fired: 10 });
    expect(await countEvents(opened.store, 'request.reminded')).toBe(10);

    // the doomed runner comes back to life and fires what it held: nothing happens twice
    for (const row of zombie) {
      expect(await t.engine.execute({ actor: 'clock', key: `timer:${row.id}`, command: { type: 'clock.fire', timer: row.id } })).toMatchObject({ ok: true, duplicate: true });
      expect(await t.engine.execute({ actor: 'clock', command: { type: 'clock.fire', timer: row.id } })).toMatchObject({ ok: false, code: 'timer.not_pending' });
    }
    expect(await countEvents(opened.store, 'request.reminded')).toBe(10);
  });

  it('a timer that cannot be fired is tried again after its lease, then given up with its error', async () => {
    opened = await target.open();
    const t = await clockTest(opened.store, '2026-11-30T08:00:00Z', []);
    await sqlOf(opened.store)('timers').insert({ id: 'thing:X-1:odd', subject: 'thing:X-1', kind: 'case.at_risk', due_at: '2026-11-30T07:00:00.000Z', payload: '{}', status: 'pending', attempts: 0, created_at: '2026-11-30T07:00:00.000Z' });
    const runner = new TimerRunner(t.engine, t.timers, { owner: 'r', leaseMs: 60_000, maxAttempts: 3 });
    const attempts: unknown[] = [];
    for (let i = 0; i < 5; i++) {
      attempts.push(await runner.runDue());
      t.clock.advance(2);
    }
    expect(attempts.map((r) => (r as { errors: number }).errors)).toEqual([1, 1, 1, 0, 0]);
    const [row] = await t.timers.timersOf('thing:X-1');
    expect(row).toMatchObject({ status: 'failed', attempts: 3, lastError: 'timer thing:X-1:odd has an unknown subject thing:X-1' });
  });

  it('timers survive a restart: stopped before the due time, started after it, the timer fires once', async () => {
    opened = await target.open();
    const first = await clockTest(opened.store, '2026-11-30T08:00:00Z');
    const id = await first.run('ann@example.com', { type: 'request.submit', flow: 'escalating', form });
    await first.tickUntil('2026-11-30T16:00:00Z', 60);
    await opened.store.close(); // the process stops

    // a day later a new process opens the same database and starts its runner
    const reopened = await openStore(opened!.url);
    if (target.name === 'postgres') {
      // the first store is closed: drop the schema through the second one instead
      const url = opened.url;
      opened = undefined;
      extra = () => dropSchemaAndClose(reopened, url);
    } else {
      extra = () => reopened.close();
    }
    const second = await clockTest(reopened, '2026-12-01T09:30:00Z');
    expect(await second.runner.runDue()).toMatchObject({ fired: 2, errors: 0 }); // the at-risk redraw and the breach
    expect(await second.runner.runDue()).toMatchObject({ claimed: 0, fired: 0 });
    expect((await second.events(`request:${id}`, 'request.escalated')).map((e) => e.data.to)).toEqual([['cora@example.com']]);
    expect(await countEvents(reopened, 'request.sla_breached')).toBe(1);
  });
});

async function dropSchemaAndClose(store: Store, url: string): Promise<void> {
  const schema = new URL(url).searchParams.get('schema');
  try {
    if (schema) await sqlOf(store).raw('DROP SCHEMA IF EXISTS ?? CASCADE', [schema]);
  } finally {
    await store.close();
  }
}
