// What the clock does to a request when one of its timers fires. The app has already checked
// that the timer is still one the request should have (requestTimers) and due; this is the
// pure change, recorded as made by the clock.
import type { Change } from '../change.ts';
import { change } from '../change.ts';
import type { EngineContext } from '../context.ts';
import type { Target } from '../delivery.ts';
import type { LoadedRequestFlow } from '../flow-runtime.ts';
import { formatInstant } from '../present/when.ts';
import { targetsOf } from '../recipients.ts';
import { actionScope, advance, decideStep, subjectOf } from '../request/advance.ts';
import { requestCard } from '../request/card.ts';
import { emit } from '../request/emit.ts';
import type { RequestState, StepState } from '../request/state.ts';
import { ok, type Result } from '../result.ts';
import { lastBeat } from './cadence.ts';
import type { DesiredTimer } from './desired.ts';
import { isPending, reminderEvery, stepClock } from './step-clock.ts';

export function fireRequestTimer(before: RequestState, flow: LoadedRequestFlow, timer: DesiredTimer, ctx: EngineContext): Result<Change<RequestState>> {
  const r = structuredClone(before);
  const out = change(r);
  const what = timer.what;
  if (!('step' in what)) throw new Error(`timer ${timer.id} is not a request timer`);
  const step = r.steps.find((s) => s.id === what.step);
  const def = flow.def.steps.find((s) => s.id === what.step);
  if (!step || !def) throw new Error(`timer ${timer.id}: request ${r.id} has no step ${what.step}`);
  const subject = subjectOf(r);
  switch (what.kind) {
    case 'request.remind': {
      const slot = step.slots[what.slot];
      const every = reminderEvery(def);
      if (!slot || !every) throw new Error(`timer ${timer.id}: no reminder to send`);
      // the next reminder stays on this approver's beat, skipping beats missed while nobody ran the clock
      slot.askedAt = lastBeat(ctx.directory.calendar, ctx.directory.timezoneOf(slot.email), new Date(timer.dueAt), every, ctx.now).toISOString();
      slot.reminded = what.n;
      emit(out, ctx, 'request.reminded', subject, { step: step.id, approver: slot.email, n: what.n });
      return ok(out);
    }
    case 'request.at_risk':
      // nothing to record: the commit redraws every card, which now says "at risk"
      return ok(out);
    case 'request.breach':
      emit(out, ctx, 'request.sla_breached', subject, { step: step.id, due: timer.dueAt });
      // an escalation without its own time goes with the breach
      if (def.escalation && !def.escalation.after) escalate(r, step, flow, ctx, out);
      return ok(out);
    case 'request.escalate':
      escalate(r, step, flow, ctx, out);
      return ok(out);
    case 'request.auto_decide': {
      const outcome = what.decision === 'approve' ? 'approved' : 'rejected';
      const reason = `no decision within ${what.after}`;
      decideStep(r, step, outcome, 'clock', reason, flow, ctx, out, `steps.${step.id}.autoDecision`);
      if (outcome === 'approved') {
        const stuck = advance(r, flow, r.steps.indexOf(step) + 1, ctx, out);
        if (stuck) return stuck;
      }
      return ok(out);
    }
    default: {
      const unhandled: never = what;
      throw new Error(`timer ${timer.id}: unhandled ${JSON.stringify(unhandled)}`);
    }
  }
}

/** Tells the step's escalation target, with the request card as they would see it. */
function escalate(r: RequestState, step: StepState, flow: LoadedRequestFlow, ctx: EngineContext, out: Change<RequestState>): void {
  const def = flow.def.steps.find((s) => s.id === step.id);
  if (!def?.escalation) return;
  const approvers = step.slots.filter(isPending).map((s) => s.email);
  let targets: Target[] = targetsOf(def.escalation.to, { ...actionScope(r, flow, ctx), approvers }, ctx.directory, ctx.flows);
  // an escalation that names nobody (a manager chain that ends) still reaches someone
  if (targets.length === 0) targets = ctx.directory.role('admin').map((email) => ({ kind: 'person', email }));
  const waiting = step.slots.filter(isPending).map((s) => ctx.directory.nameOf(s.email));
  const since = stepClock(step, def, ctx.directory)?.start ?? ctx.now;
  // an escalation target who then decides the step acts for the approvers it waited on
  const people = targets.flatMap((t) => (t.kind === 'person' ? [t.email] : []));
  step.escalation = { to: [...new Set([...(step.escalation?.to ?? []), ...people])], over: [...new Set([...(step.escalation?.over ?? []), ...approvers])] };
  emit(out, ctx, 'request.escalated', subjectOf(r), { step: step.id, to: targets.map((t) => (t.kind === 'person' ? t.email : t.channel.name)), waiting: step.slots.filter(isPending).map((s) => s.email) });
  for (const target of targets) {
    const viewer = target.kind === 'person' ? target.email : '';
    const text = `Escalation: ${r.title} (${r.id}) has waited for ${step.name} since ${formatInstant(since, ctx.directory.timezoneOf(viewer))}; still waiting on ${waiting.join(', ') || 'nobody'}.`;
    out.notices.push({ type: 'message.post', target, text, card: requestCard(r, flow, viewer, ctx) });
  }
}
