// The timers a case should have: SLA clocks while it runs, none while it waits or is resolved,
// the pause history that moves its due times, and the beat of reminders.
import { describe, expect, it } from 'vitest';
import { runCase } from '../../../src/core/case/commands.ts';
import { caseCard } from '../../../src/core/case/card.ts';
import { openCase } from '../../../src/core/case/open.ts';
import type { CaseState } from '../../../src/core/case/state.ts';
import type { EngineContext } from '../../../src/core/context.ts';
import { lastBeat } from '../../../src/core/timers/cadence.ts';
import { caseTimers } from '../../../src/core/timers/case-timers.ts';
import { accepted } from '../../support/engine-steps.ts';
import { clockDirectory, makeClockRegistry } from '../../support/clock-world.ts';

const flows = makeClockRegistry();
const ticket = flows.caseFlow('ticket')!;
const ctx = (actor: string, now: string): EngineContext => ({ actor, now: new Date(now), directory: clockDirectory, flows });
const open = (owner?: string) => accepted(openCase({ id: 'C-1', flow: ticket, title: 'Printer', fields: {}, ...(owner ? { owner } : {}) }, ctx('ann@example.com', '2026-11-30T08:00:00Z'))).state;
const run = (c: CaseState, change: Parameters<typeof runCase>[2], at: string, by = 'bob@example.com') => ({ ...accepted(runCase(c, ticket, change, ctx(by, at))).state, version: c.version + 1 });
/** the SLA and cadence timers (task timers have their own test below) */
const kinds = (c: CaseState) => caseTimers(c, ticket, clockDirectory).map((t) => t.id.replace('case:C-1:', '')).filter((id) => !id.startsWith('task:'));
const taskTimersOf = (c: CaseState) => caseTimers(c, ticket, clockDirectory).filter((t) => t.id.includes(':task:')).map((t) => [t.id.replace('case:C-1:', ''), t.dueAt, t.what]);

describe('caseTimers', () => {
  it('reminds the assignee of a task at its due time and tells the owner when it stays overdue, in working hours', () => {
    const c = open('bob@example.com');
    // the template task "Call the customer" is due 2 business hours after opening (08:00Z Monday)
    expect(taskTimersOf(c)).toEqual([
      ['task:T1:due:202611301000', '2026-11-30T10:00:00.000Z', { kind: 'case.task_due', task: 'T1' }],
      ['task:T1:overdue:202611301000', '2026-11-30T14:00:00.000Z', { kind: 'case.task_overdue', task: 'T1' }],
    ]);
    // waiting does not stop a task's deadline; done or resolved it has none; a new due date is a new reminder
    expect(taskTimersOf(run(c, { type: 'set_status', status: 'waiting' }, '2026-11-30T09:00:00Z'))).toHaveLength(2);
    expect(taskTimersOf(run(c, { type: 'resolve', resolution: 'fixed' }, '2026-11-30T09:00:00Z'))).toEqual([]);
    const later = { ...c, tasks: c.tasks.map((t) => (t.id === 'T1' ? { ...t, due: '2026-12-01T23:00:00.000Z' } : t)) };
    // due at night: the reminder waits for the next working morning
    expect(taskTimersOf(later).map((t) => t[0])).toEqual(['task:T1:due:202612012300', 'task:T1:overdue:202612012300']);
    expect(Date.parse(String(taskTimersOf(later)[0]![1]))).toBeGreaterThan(Date.parse('2026-12-01T23:00:00Z'));
    const done = { ...c, tasks: c.tasks.map((t) => ({ ...t, done: { by: 'bob@example.com', at: '2026-11-30T09:00:00Z' } })) };
    expect(taskTimersOf(done)).toEqual([]);
  });

  it('runs both SLA clocks and the status-update cadence while the case is open', () => {
    expect(kinds(open('bob@example.com'))).toEqual(['response:at-risk', 'response:breach', 'resolution:at-risk', 'resolution:breach', 'status-update:1']);
    // no owner: no status updates to ask for; the clocks run on the org calendar's zone
    expect(kinds(open())).toEqual(['response:at-risk', 'response:breach', 'resolution:at-risk', 'resolution:breach']);
  });

  it('stops the response clock at the first response, and has none while waiting or resolved', () => {
    const c = open('bob@example.com');
    const responded = run(c, { type: 'add_note', text: 'on it' }, '2026-11-30T08:30:00Z');
    expect(kinds(responded)).toEqual(['resolution:at-risk', 'resolution:breach', 'status-update:1']);
    expect(kinds(run(responded, { type: 'set_status', status: 'waiting' }, '2026-11-30T09:00:00Z'))).toEqual([]);
    expect(kinds(run(responded, { type: 'resolve', resolution: 'fixed' }, '2026-11-30T09:00:00Z'))).toEqual([]);
  });

  it('records a pause for each stay in waiting and between resolve and reopen', () => {
    let c = open('bob@example.com');
    c = run(c, { type: 'set_status', status: 'waiting' }, '2026-11-30T09:00:00Z');
    c = run(c, { type: 'set_status', status: 'investigating' }, '2026-11-30T10:00:00Z');
    c = run(c, { type: 'resolve', resolution: 'fixed' }, '2026-11-30T11:00:00Z');
    c = run(c, { type: 'reopen', reason: 'back again' }, '2026-11-30T12:00:00Z');
    expect(c.pauses).toEqual([
      { from: '2026-11-30T09:00:00.000Z', to: '2026-11-30T10:00:00.000Z' },
      { from: '2026-11-30T11:00:00.000Z', to: '2026-11-30T12:00:00.000Z' },
    ]);
    // 2 business days from Monday 09:00 Berlin, plus the two paused hours
    expect(caseTimers(c, ticket, clockDirectory).find((t) => t.what.kind === 'case.breach')!.dueAt).toBe('2026-12-02T10:00:00.000Z');
  });

  it('says on the card that the clock is paused, and when the case would be due if it resumed now', () => {
    const waiting = run(open('bob@example.com'), { type: 'set_status', status: 'waiting' }, '2026-11-30T09:00:00Z');
    const card = caseCard(waiting, ticket, ctx('bob@example.com', '2026-12-01T09:00:00Z'));
    // paused from Monday 10:00 to now (Tuesday 10:00): 8 business hours later than Wednesday 09:00
    expect(card.sla).toEqual({ state: 'on_track', due: '2026-12-02T16:00:00.000Z', label: 'Paused while Waiting on customer · Resolution due Wed 2 Dec 17:00 GMT+1 if resumed now' });
  });
});

describe('lastBeat', () => {
  it('skips the beats missed while nobody ran the clock, staying on the beat', () => {
    const every = { kind: 'business', minutes: 60 } as const;
    // due Monday 11:00 Berlin; the runner comes back Tuesday 13:30 → the last beat is Tuesday 13:00
    expect(lastBeat(clockDirectory.calendar, 'Europe/Berlin', new Date('2026-11-30T10:00:00Z'), every, new Date('2026-12-01T12:30:00Z')).toISOString()).toBe('2026-12-01T12:00:00.000Z');
    // on time, it is the beat itself
    expect(lastBeat(clockDirectory.calendar, 'Europe/Berlin', new Date('2026-11-30T10:00:00Z'), every, new Date('2026-11-30T10:00:00Z')).toISOString()).toBe('2026-11-30T10:00:00.000Z');
  });
});
