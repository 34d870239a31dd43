// The SLA clock end to end, on SQLite and (when TEST_DATABASE_URL is set) PostgreSQL: requests
// and cases go through the engine, timers are written with their changes, and a runner on a
// manual clock fires them. No sleeping: the clock is moved in 15-minute ticks.
import { afterEach, describe, expect, it } from 'vitest';
import type { Delivery } from '../../src/core/delivery.ts';
import { sqlOf, storeTargets, type OpenedStore } from '../support/databases.ts';
import { clockTest } from '../support/clock-steps.ts';

const form = { what: 'A new laptop' };

describe.each(storeTargets())('SLA clock on $name', (target) => {
  let opened: OpenedStore | undefined;
  afterEach(async () => {
    await opened?.cleanup();
    opened = undefined;
  });
  const setup = async (start: string) => {
    opened = await target.open();
    return clockTest(opened.store, start);
  };
  const outbox = async () => {
    const rows = (await sqlOf(opened!.store)('outbox').select('payload').orderBy('id')) as { payload: string }[];
    return rows.map((r) => JSON.parse(r.payload) as Delivery);
  };
  type Of<T extends Delivery['type']> = Extract<Delivery, { type: T }>;
  const messages = async () => (await outbox()).filter((d): d is Of<'message.post'> => d.type === 'message.post');
  const cards = async () => (await outbox()).filter((d): d is Of<'card.upsert'> => d.type === 'card.upsert');
  const replies = async () => (await outbox()).filter((d): d is Of<'thread.reply'> => d.type === 'thread.reply');

  it('5 business hours across a holiday and a weekend bring exactly the expected reminders, each in the approver\'s time zone; "never" brings none', async () => {
    // Thursday 24 December, 15:00 in Berlin, 09:00 in New York; Friday is Christmas Day
    const t = await setup('2026-12-24T14:00:00Z');
    const reminded = await t.run('ann@example.com', { type: 'request.submit', flow: 'remind', form });
    const quiet = await t.run('ann@example.com', { type: 'request.submit', flow: 'quiet', form });
    // Monday 28 December 12:00 in Berlin: five of Bob's business hours later
    await t.tickUntil('2026-12-28T11:00:00Z');

    const sent = (await t.events(`request:${reminded}`, 'request.reminded')).map((e) => [e.data.approver, e.at]);
    expect(sent.filter(([who]) => who === 'bob@example.com').map(([, at]) => at)).toEqual([
      '2026-12-24T16:00:00.000Z', // Thu 17:00 Berlin: two business hours, up to closing time
      '2026-12-28T10:00:00.000Z', // Mon 11:00 Berlin: Christmas and the weekend do not count
    ]);
    expect(sent.filter(([who]) => who === 'ivan@example.com').map(([, at]) => at)).toEqual([
      '2026-12-24T16:00:00.000Z', // 11:00 New York
      '2026-12-24T18:00:00.000Z', // 13:00
      '2026-12-24T20:00:00.000Z', // 15:00
      '2026-12-24T22:00:00.000Z', // 17:00; Monday 11:00 New York is after the window
    ]);
    expect(sent).toHaveLength(6);
    expect((await t.events(`request:${reminded}`, 'request.reminded')).every((e) => e.actor === 'clock')).toBe(true);
    // each reminder is a message to that approver
    const reminders = (await messages()).filter((d) => d.text.startsWith('Reminder:'));
    expect(reminders.map((d) => d.target.kind === 'person' && d.target.email).sort()).toEqual([...Array(2).fill('bob@example.com'), ...Array(4).fill('ivan@example.com')]);
    // the next reminders are waiting on each approver's beat: Bob Mon 13:00 Berlin, Ivan Mon 11:00 New York
    const pending = (await t.timers.timersOf(`request:${reminded}`)).filter((r) => r.status === 'pending').map((r) => [r.id, r.dueAt]);
    expect(pending).toEqual([
      [`request:${reminded}:review:slot0:remind:3`, '2026-12-28T12:00:00.000Z'],
      [`request:${reminded}:review:slot1:remind:5`, '2026-12-28T16:00:00.000Z'],
    ]);

    expect(await t.events(`request:${quiet}`, 'request.reminded')).toEqual([]);
    expect((await t.timers.timersOf(`request:${quiet}`)).filter((r) => r.kind === 'request.remind')).toEqual([]);
  });

  it('a runner that was down for a day sends one reminder per approver, not a burst, and stays on the beat', async () => {
    const t = await setup('2026-11-30T08:00:00Z'); // Monday 09:00 Berlin
    const id = await t.run('ann@example.com', { type: 'request.submit', flow: 'remind', form });
    t.clock.set('2026-12-01T12:30:00Z'); // nobody ran the clock until Tuesday 13:30 Berlin
    await t.runner.runDue();
    const sent = await t.events(`request:${id}`, 'request.reminded');
    expect(sent.map((e) => [e.data.approver, e.at])).toEqual([
      ['bob@example.com', '2026-12-01T12:30:00.000Z'],
      ['ivan@example.com', '2026-12-01T12:30:00.000Z'],
    ]);
    // Bob's beat is 11:00, 13:00, 15:00… Berlin: the next one is 15:00; Ivan's (New York) is 11:00 → 13:00 NY
    const pending = (await t.timers.timersOf(`request:${id}`)).filter((r) => r.status === 'pending').map((r) => [r.id, r.dueAt]);
    expect(pending).toEqual([
      [`request:${id}:review:slot0:remind:2`, '2026-12-01T14:00:00.000Z'],
      [`request:${id}:review:slot1:remind:2`, '2026-12-01T16:00:00.000Z'],
    ]);
  });

  it('a breach escalates to the requester\'s manager\'s manager, with the request card', async () => {
    const t = await setup('2026-11-30T08:00:00Z'); // Monday 09:00 Berlin
    const id = await t.run('ann@example.com', { type: 'request.submit', flow: 'escalating', form });
    await t.tickUntil('2026-12-01T07:45:00Z');
    expect(await t.events(`request:${id}`, 'request.escalated')).toEqual([]);
    await t.tickUntil('2026-12-01T08:00:00Z'); // Tuesday 09:00 Berlin: one business day
    expect((await t.events(`request:${id}`)).filter((e) => e.type === 'request.sla_breached' || e.type === 'request.escalated')).toEqual([
      { type: 'request.sla_breached', at: '2026-12-01T08:00:00.000Z', actor: 'clock', data: { step: 'manager', due: '2026-12-01T08:00:00.000Z' } },
      { type: 'request.escalated', at: '2026-12-01T08:00:00.000Z', actor: 'clock', data: { step: 'manager', to: ['cora@example.com'], waiting: ['bob@example.com'] } },
    ]);
    const escalations = (await messages()).filter((d) => d.text.startsWith('Escalation:'));
    expect(escalations).toHaveLength(1);
    const [escalation] = escalations;
    expect(escalation!.target).toEqual({ kind: 'person', email: 'cora@example.com' });
    expect(escalation!.text).toBe(`Escalation: Escalating (${id}) has waited for Manager approval since Mon 30 Nov 09:00 GMT+1; still waiting on Bob Jones.`);
    expect(escalation!.card).toMatchObject({ key: `request:${id}`, sla: { state: 'breached', due: '2026-12-01T08:00:00.000Z' }, actions: [] });
    // the approver's card now says so too
    const bobCards = (await cards()).filter((d) => d.target.kind === 'person' && d.target.email === 'bob@example.com');
    expect(bobCards.at(-1)!.card.sla).toEqual({ state: 'breached', due: '2026-12-01T08:00:00.000Z', label: 'Overdue · Manager approval due Tue 1 Dec 09:00 GMT+1' });
    // a later tick fires nothing again
    await t.tickUntil('2026-12-03T08:00:00Z', 60);
    expect(await t.events(`request:${id}`, 'request.escalated')).toHaveLength(1);
  });

  it('a breach can escalate to the manager of each approver still waiting', async () => {
    const t = await setup('2026-11-30T08:00:00Z'); // Monday 09:00 Berlin
    const id = await t.run('adam@example.com', { type: 'request.submit', flow: 'escalating-to-managers', form });
    await t.tickUntil('2026-12-01T08:00:00Z');
    // Ann's manager is Bob, Ivan's is Cora
    const escalated = await t.events(`request:${id}`, 'request.escalated');
    expect(escalated.map((e) => e.data)).toEqual([{ step: 'finance', to: ['bob@example.com', 'cora@example.com'], waiting: ['ann@example.com', 'ivan@example.com'] }]);
    expect((await messages()).filter((d) => d.text.startsWith('Escalation:')).map((d) => d.target)).toEqual([
      { kind: 'person', email: 'bob@example.com' },
      { kind: 'person', email: 'cora@example.com' },
    ]);
  });

  it('decides automatically at the deadline, as the clock, naming the rule, and moves on', async () => {
    const t = await setup('2026-11-30T08:00:00Z');
    const id = await t.run('ann@example.com', { type: 'request.submit', flow: 'auto', form });
    await t.tickUntil('2026-12-03T07:45:00Z');
    expect((await t.store.getRequest(id))!.steps[0]!.status).toBe('active');
    await t.tickUntil('2026-12-03T08:00:00Z'); // Thursday 09:00: three business days
    const r = (await t.store.getRequest(id))!;
    expect(r.steps.map((s) => s.status)).toEqual(['approved', 'active']);
    expect(r.steps[0]!.automatic).toEqual({ outcome: 'approved', by: 'clock', reason: 'no decision within 3 business days' });
    expect(await t.events(`request:${id}`, 'request.step_approved')).toEqual([
      { type: 'request.step_approved', at: '2026-12-03T08:00:00.000Z', actor: 'clock', data: { step: 'manager', automatic: true, reason: 'no decision within 3 business days', rule: 'steps.manager.autoDecision' } },
    ]);
    expect((await replies()).map((d) => d.text)).toContain('Manager approval: approved automatically (no decision within 3 business days).');
    // the first step's timers are done with; the second step has none of its own
    expect((await t.timers.timersOf(`request:${id}`)).filter((row) => row.status === 'pending')).toEqual([]);
  });

  it('a decided step\'s timers are cancelled with the decision and never fire', async () => {
    const t = await setup('2026-11-30T08:00:00Z');
    const id = await t.run('ann@example.com', { type: 'request.submit', flow: 'everything', form });
    const before = await t.timers.timersOf(`request:${id}`);
    expect(before.map((row) => [row.kind, row.status])).toEqual([
      ['request.remind', 'pending'],
      ['request.at_risk', 'pending'],
      ['request.breach', 'pending'],
      ['request.escalate', 'pending'],
      ['request.auto_decide', 'pending'],
    ]);
    // a runner claims the first reminder just before Bob decides, and fires it after
    t.clock.advance(60);
    const claimed = await t.timers.claimDue(t.clock.now, { owner: 'slow-runner', limit: 10, leaseMs: 60_000 });
    expect(claimed.map((row) => row.kind)).toEqual(['request.remind']);
    await t.run('bob@example.com', { type: 'request.approve', request: id });
    expect((await t.timers.timersOf(`request:${id}`)).map((row) => row.status)).toEqual(['cancelled', 'cancelled', 'cancelled', 'cancelled', 'cancelled']);
    const late = await t.engine.execute({ actor: 'clock', command: { type: 'clock.fire', timer: claimed[0]!.id } });
    expect(late).toMatchObject({ ok: false, code: 'timer.not_pending' });
    await t.tickUntil('2026-12-07T08:00:00Z', 60);
    const clockEvents = (await t.events(`request:${id}`)).filter((e) => e.actor === 'clock');
    expect(clockEvents).toEqual([]);
    expect((await t.store.getRequest(id))!.status).toBe('approved');
  });

  it('nobody but the clock may fire a timer', async () => {
    const t = await setup('2026-11-30T08:00:00Z');
    const id = await t.run('ann@example.com', { type: 'request.submit', flow: 'everything', form });
    const [first] = await t.timers.timersOf(`request:${id}`);
    expect(await t.engine.execute({ actor: 'bob@example.com', command: { type: 'clock.fire', timer: first!.id } })).toMatchObject({ ok: false, code: 'command.clock_only' });
    expect(await t.engine.execute({ actor: 'clock', command: { type: 'request.approve', request: id } })).toMatchObject({ ok: false, code: 'person.unknown' });
    // and the clock cannot fire a timer before it is due
    expect(await t.engine.execute({ actor: 'clock', command: { type: 'clock.fire', timer: first!.id } })).toMatchObject({ ok: false, code: 'timer.not_due' });
  });

  it('a case pauses while waiting, resumes, and a raised priority recomputes its due times from the open time', async () => {
    const t = await setup('2026-11-30T08:00:00Z'); // Monday 09:00 Berlin
    const id = await t.run('ann@example.com', { type: 'case.open', flow: 'ticket', title: 'Printer on fire' });
    const due = async () =>
      Object.fromEntries((await t.timers.timersOf(`case:${id}`)).filter((r) => r.status === 'pending' && r.kind !== 'case.status_update' && !r.kind.startsWith('case.task_')).map((r) => [r.id.replace(`case:${id}:`, ''), r.dueAt]));
    expect(await due()).toEqual({
      'response:at-risk': '2026-11-30T11:00:00.000Z',
      'response:breach': '2026-11-30T12:00:00.000Z', // 4 business hours
      'resolution:at-risk': '2026-12-01T20:00:00.000Z',
      'resolution:breach': '2026-12-02T08:00:00.000Z', // 2 business days: Wednesday 09:00
    });
    // task templates got absolute due times on the owner's calendar
    expect((await t.store.getCase(id))!.tasks.map((task) => [task.title, task.due ?? null])).toEqual([
      ['Call the customer', '2026-11-30T10:00:00.000Z'],
      ['No deadline', null],
    ]);

    t.clock.set('2026-11-30T10:00:00Z'); // Monday 11:00: Bob asks the customer and waits
    await t.run('bob@example.com', { type: 'case.update', case: id, change: { type: 'set_status', status: 'waiting' } });
    expect(await due()).toEqual({});
    expect((await t.store.getCase(id))!.pauses).toEqual([{ from: '2026-11-30T10:00:00.000Z' }]);
    await t.tickUntil('2026-12-01T09:00:00Z', 60); // nothing fires while paused
    expect(await t.events(`case:${id}`, 'case.sla_breached')).toEqual([]);

    // Tuesday 10:00: the customer answered. 7 business hours were paused (Mon 11–17, Tue 9–10),
    // so the resolution is due Wednesday 16:00 instead of 09:00; the response was met by Bob.
    await t.run('bob@example.com', { type: 'case.update', case: id, change: { type: 'set_status', status: 'investigating' } });
    expect((await t.store.getCase(id))!.pauses).toEqual([{ from: '2026-11-30T10:00:00.000Z', to: '2026-12-01T09:00:00.000Z' }]);
    expect(await due()).toEqual({
      'resolution:at-risk': '2026-12-02T01:15:00.000Z',
      'resolution:breach': '2026-12-02T15:00:00.000Z',
    });

    // Tuesday 11:00: raised to p1 (1 business day). Recomputed from Monday 09:00 minus the
    // pause: 2 business hours before it, 6 after it → Tuesday 16:00, as if p1 from the start.
    t.clock.set('2026-12-01T10:00:00Z');
    await t.run('bob@example.com', { type: 'case.update', case: id, change: { type: 'set_priority', priority: 'p1' } });
    expect(await due()).toEqual({
      'resolution:at-risk': '2026-12-01T07:15:00.000Z',
      'resolution:breach': '2026-12-01T15:00:00.000Z',
    });
    // the at-risk instant is already past: it fires now and the card says so
    await t.runner.runDue();
    const caseCards = (await cards()).filter((d) => d.card.key === `case:${id}`);
    expect(caseCards.at(-1)!.card.sla).toEqual({ state: 'at_risk', due: '2026-12-01T15:00:00.000Z', label: 'At risk · Resolution due Tue 1 Dec 16:00 GMT+1' });

    await t.tickUntil('2026-12-01T15:00:00Z');
    expect(await t.events(`case:${id}`, 'case.sla_breached')).toEqual([
      { type: 'case.sla_breached', at: '2026-12-01T15:00:00.000Z', actor: 'clock', data: { which: 'resolution', due: '2026-12-01T15:00:00.000Z', priority: 'p1' } },
    ]);
    // the flow's sla_breached rule told the admin
    expect((await messages()).filter((d) => d.text === 'SLA breached on Printer on fire').map((d) => d.target)).toEqual([{ kind: 'person', email: 'adam@example.com' }]);
  });

  it('reminds the owner of a status update on the cadence; a note starts it over', async () => {
    const t = await setup('2026-11-30T08:00:00Z'); // Monday 09:00 Berlin
    const id = await t.run('ann@example.com', { type: 'case.open', flow: 'ticket', title: 'Slow VPN' });
    await t.tickUntil('2026-11-30T10:00:00Z'); // 11:00: two business hours, first nudge
    t.clock.set('2026-11-30T10:30:00Z');
    await t.run('bob@example.com', { type: 'case.update', case: id, change: { type: 'add_note', text: 'Looking at the concentrator' } });
    await t.tickUntil('2026-11-30T14:30:00Z'); // the next nudges come 2 business hours after the note, then 2 more
    const nudges = await t.events(`case:${id}`, 'case.status_update_requested');
    expect(nudges.map((e) => e.at)).toEqual(['2026-11-30T10:00:00.000Z', '2026-11-30T12:30:00.000Z', '2026-11-30T14:30:00.000Z']);
    const dms = (await messages()).filter((d) => d.text.includes('is due a status update'));
    expect(dms.map((d) => d.target)).toEqual(Array(3).fill({ kind: 'person', email: 'bob@example.com' }));
  });
});
