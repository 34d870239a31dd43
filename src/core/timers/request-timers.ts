// The timers a request should have right now. Only the step being decided has any: its SLA
// (at risk, breach), its escalation, its auto-decision, and the next reminder of each approver
// still waited on. A decided, recalled or sent-back request has none, so the commit that
// decides a step cancels its timers.
import type { Directory } from '../../ports/directory.ts';
import type { LoadedRequestFlow } from '../flow-runtime.ts';
import type { RequestState, StepState } from '../request/state.ts';
import type { DesiredTimer, TimerWhat } from './desired.ts';
import { isPending, nextReminder, stepClock } from './step-clock.ts';

/** "request:R-1:manager", and "request:R-1:manager#2" once a resubmission restarted the step */
export function stepTimerPrefix(r: RequestState, step: StepState): string {
  return `request:${r.id}:${step.id}${(step.round ?? 1) > 1 ? `#${step.round}` : ''}`;
}

export function requestTimers(r: RequestState, flow: LoadedRequestFlow, directory: Directory): DesiredTimer[] {
  if (r.status !== 'pending' || r.current === undefined) return [];
  const step = r.steps[r.current];
  const def = step && flow.def.steps.find((s) => s.id === step.id);
  if (!step || !def || step.status !== 'active') return [];
  const clock = stepClock(step, def, directory);
  if (!clock) return [];
  const subject = `request:${r.id}`;
  const prefix = stepTimerPrefix(r, step);
  const out: DesiredTimer[] = [];
  const add = (suffix: string, at: Date, what: TimerWhat) => out.push({ id: `${prefix}:${suffix}`, subject, dueAt: at.toISOString(), what });

  if (clock.atRiskAt) add('at-risk', clock.atRiskAt, { kind: 'request.at_risk', step: step.id });
  if (clock.slaDue) add('breach', clock.slaDue, { kind: 'request.breach', step: step.id });
  if (clock.escalateAt) add('escalate', clock.escalateAt, { kind: 'request.escalate', step: step.id });
  if (clock.autoAt && def.autoDecision) {
    add('auto', clock.autoAt, { kind: 'request.auto_decide', step: step.id, decision: def.autoDecision.decision, after: def.autoDecision.after });
  }
  step.slots.forEach((slot, i) => {
    if (!isPending(slot)) return;
    const next = nextReminder(step, slot, def, directory);
    if (next) add(`slot${i}:remind:${next.n}`, next.at, { kind: 'request.remind', step: step.id, slot: i, approver: slot.email, n: next.n });
  });
  return out;
}
