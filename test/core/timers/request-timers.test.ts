// The timers a request should have, as a pure function of its state: only the step being
// decided has any, in the right people's time zones, and none once it is decided.
import { describe, expect, it } from 'vitest';
import type { EngineContext } from '../../../src/core/context.ts';
import { decide } from '../../../src/core/request/decide.ts';
import { requestCard } from '../../../src/core/request/card.ts';
import { resubmit, sendBack } from '../../../src/core/request/send-back.ts';
import type { RequestState } from '../../../src/core/request/state.ts';
import { submitRequest } from '../../../src/core/request/submit.ts';
import { requestTimers } from '../../../src/core/timers/request-timers.ts';
import { MAX_REMINDERS } from '../../../src/core/time/reminders.ts';
import { accepted } from '../../support/engine-steps.ts';
import { clockDirectory, makeClockRegistry } from '../../support/clock-world.ts';

const flows = makeClockRegistry();
const ctx = (actor: string, now: string): EngineContext => ({ actor, now: new Date(now), directory: clockDirectory, flows });
const flow = (id: string) => flows.requestFlow(id)!;
const submit = (id: string, at = '2026-11-30T08:00:00Z', by = 'ann@example.com') => accepted(submitRequest({ id: 'R-1', flow: flow(id), form: { what: 'x' } }, ctx(by, at))).state;
const timers = (r: RequestState) => requestTimers(r, flow(r.flowId), clockDirectory).map((t) => [t.id, t.dueAt, t.what.kind]);

describe('requestTimers', () => {
  it('gives the active step its reminder, at-risk, breach, escalation and auto-decision, in the approver\'s time zone', () => {
    // Monday 09:00 Berlin; Bob is in Berlin
    expect(timers(submit('everything'))).toEqual([
      ['request:R-1:manager:at-risk', '2026-11-30T11:00:00.000Z', 'request.at_risk'],
      ['request:R-1:manager:breach', '2026-11-30T12:00:00.000Z', 'request.breach'], // 4 business hours
      ['request:R-1:manager:escalate', '2026-12-01T08:00:00.000Z', 'request.escalate'], // 1 business day
      ['request:R-1:manager:auto', '2026-12-02T08:00:00.000Z', 'request.auto_decide'], // 2 business days
      ['request:R-1:manager:slot0:remind:1', '2026-11-30T09:00:00.000Z', 'request.remind'],
    ]);
  });

  it('reminds each approver on their own calendar: Berlin and New York', () => {
    const r = submit('remind', '2026-11-30T08:00:00Z'); // 09:00 Berlin, 03:00 New York
    expect(timers(r)).toEqual([
      ['request:R-1:review:slot0:remind:1', '2026-11-30T10:00:00.000Z', 'request.remind'], // Bob: 11:00 Berlin
      ['request:R-1:review:slot1:remind:1', '2026-11-30T16:00:00.000Z', 'request.remind'], // Ivan: 11:00 New York
    ]);
  });

  it('has no reminders with "never", and none for people who decided or handed their place on', () => {
    expect(timers(submit('quiet')).map(([, , kind]) => kind)).toEqual(['request.at_risk', 'request.breach']);
    const r = submit('remind');
    const afterBob = accepted(decide(r, flow('remind'), { outcome: 'approved' }, ctx('bob@example.com', '2026-11-30T09:00:00Z'))).state;
    expect(timers(afterBob).map(([id]) => id)).toEqual(['request:R-1:review:slot1:remind:1']);
  });

  it('stops reminding one approver after the cap', () => {
    const r = submit('remind');
    r.steps[0]!.slots[0]!.reminded = MAX_REMINDERS;
    expect(timers(r).map(([id]) => id)).toEqual(['request:R-1:review:slot1:remind:1']);
  });

  it('has none once the step is decided, sent back or recalled; a resubmission starts the clock over', () => {
    const r = submit('everything');
    expect(timers(accepted(decide(r, flow('everything'), { outcome: 'approved' }, ctx('bob@example.com', '2026-11-30T09:00:00Z'))).state)).toEqual([]);
    const back = accepted(sendBack(r, flow('everything'), { reason: 'more detail' }, ctx('bob@example.com', '2026-11-30T09:00:00Z'))).state;
    expect(timers(back)).toEqual([]);
    // Tuesday 10:00 Berlin: asked afresh, a new round with its own keys
    const again = accepted(resubmit({ ...back, version: 2 }, flow('everything'), { form: { what: 'y' } }, ctx('ann@example.com', '2026-12-01T09:00:00Z'))).state;
    expect(timers(again)).toEqual([
      ['request:R-1:manager#2:at-risk', '2026-12-01T12:00:00.000Z', 'request.at_risk'],
      ['request:R-1:manager#2:breach', '2026-12-01T13:00:00.000Z', 'request.breach'],
      ['request:R-1:manager#2:escalate', '2026-12-02T09:00:00.000Z', 'request.escalate'],
      ['request:R-1:manager#2:auto', '2026-12-03T09:00:00.000Z', 'request.auto_decide'],
      ['request:R-1:manager#2:slot0:remind:1', '2026-12-01T10:00:00.000Z', 'request.remind'],
    ]);
  });
});

describe('the SLA on request cards', () => {
  it('shows the step\'s due time in each viewer\'s time zone, and its state now', () => {
    const r = submit('everything');
    const at = (now: string, viewer: string) => requestCard(r, flow('everything'), viewer, ctx(viewer, now)).sla;
    expect(at('2026-11-30T08:30:00Z', 'bob@example.com')).toEqual({ state: 'on_track', due: '2026-11-30T12:00:00.000Z', label: 'On track · Manager approval due Mon 30 Nov 13:00 GMT+1' });
    expect(at('2026-11-30T11:00:00Z', 'ivan@example.com')).toEqual({ state: 'at_risk', due: '2026-11-30T12:00:00.000Z', label: 'At risk · Manager approval due Mon 30 Nov 07:00 EST' });
    expect(at('2026-11-30T12:00:00Z', 'ann@example.com')!.state).toBe('breached');
    expect(requestCard(submit('remind'), flow('remind'), 'bob@example.com', ctx('bob@example.com', '2026-11-30T08:00:00Z')).sla).toBeUndefined();
  });
});
