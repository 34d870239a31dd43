// Changing who decides at run time: an approver hands their place to someone else, or an
// approver or admin adds one more approver. The tally keeps counting only live places.
import { change, type Change } from '../change.ts';
import type { EngineContext } from '../context.ts';
import type { LoadedRequestFlow } from '../flow-runtime.ts';
import { ok, refuse, type Refusal, type Result } from '../result.ts';
import { settle, subjectOf } from './advance.ts';
import { emit } from './emit.ts';
import { currentStep, seatOf } from './guard.ts';
import { conflictsFor } from './segregation.ts';
import { flowAdmins } from '../permissions/may.ts';
import type { RequestState, StepState } from './state.ts';

function newcomer(r: RequestState, flow: LoadedRequestFlow, step: StepState, email: string, ctx: EngineContext): string | Refusal {
  const person = ctx.directory.person(email);
  if (!person) return refuse('person.unknown', { actor: email });
  if (person.email === r.requester) return refuse('step.self_approval', { request: r.id, via: '' });
  if (step.slots.some((s) => s.email === person.email && !s.replacedBy)) return refuse('step.approver_exists', { person: person.name, step: step.name });
  // segregation of duties: nobody is handed a place they could not have been staffed into
  const conflict = conflictsFor(r, flow.def, step.id, ctx.directory, ctx.now).get(person.email);
  if (conflict) return refuse('sod.cannot_add', { person: person.name, step: step.name, request: r.id, why: conflict.why });
  return person.email;
}

/** A step short of people (segregation of duties) is staffed again once enough places are live. */
function restaffed(step: StepState): void {
  if (step.unstaffed && step.slots.filter((s) => !s.replacedBy).length >= (step.required ?? 1)) delete step.unstaffed;
}

/** Moves one pending place to another person; the actor is that approver or an admin. */
export function reassign(before: RequestState, flow: LoadedRequestFlow, input: { stepId?: string; from?: string; to: string }, ctx: EngineContext): Result<Change<RequestState>> {
  const r = structuredClone(before);
  const step = currentStep(r, input.stepId, ctx);
  if ('ok' in step) return step;
  let slot;
  const from = input.from?.toLowerCase();
  if (from && from !== ctx.actor) {
    // handing someone else's place on is an admin's job (the request Power Automate users cannot make)
    if (!ctx.directory.isAdmin(ctx.actor) || ctx.actor === r.requester) return refuse('request.not_allowed', { request: r.id });
    slot = step.slots.find((s) => s.email === from && !s.decision && !s.replacedBy);
    if (!slot) return refuse('step.person_not_approver', { person: ctx.directory.nameOf(from), step: step.name });
  } else {
    const seat = seatOf(r, step, ctx);
    if ('ok' in seat) return seat;
    slot = seat.slot;
  }
  const to = newcomer(r, flow, step, input.to.toLowerCase(), ctx);
  if (typeof to !== 'string') return to;
  slot.replacedBy = to;
  step.slots.push({ email: to, reason: `${ctx.directory.nameOf(ctx.actor)} handed this to you. ${slot.reason}`, addedBy: ctx.actor, askedAt: ctx.now.toISOString() });
  restaffed(step);
  const out = change(r);
  emit(out, ctx, 'request.reassigned', subjectOf(r), { step: step.id, from: slot.email, to });
  return ok(out);
}

/** Adds one more approver to the current step; the actor is an approver of it or an admin. */
export function addApprover(before: RequestState, flow: LoadedRequestFlow, input: { stepId?: string; approver: string }, ctx: EngineContext): Result<Change<RequestState>> {
  const r = structuredClone(before);
  const step = currentStep(r, input.stepId, ctx);
  if ('ok' in step) return step;
  const isApprover = step.slots.some((s) => s.email === ctx.actor && !s.replacedBy);
  // the flow's own admins may add people too: they are the ones told when a step cannot be staffed
  const admin = ctx.directory.isAdmin(ctx.actor) || flowAdmins(flow, ctx.directory).includes(ctx.actor);
  if (!isApprover && !(admin && ctx.actor !== r.requester)) return refuse('request.not_allowed', { request: r.id });
  const to = newcomer(r, flow, step, input.approver.toLowerCase(), ctx);
  if (typeof to !== 'string') return to;
  step.slots.push({ email: to, reason: `${ctx.directory.nameOf(ctx.actor)} added you as an approver.`, addedBy: ctx.actor, askedAt: ctx.now.toISOString() });
  restaffed(step);
  const out = change(r);
  emit(out, ctx, 'request.approver_added', subjectOf(r), { step: step.id, approver: to });
  // adding someone can settle nothing by itself, but keep the invariant in one place
  const stuck = settle(r, step, flow, ctx, out);
  return stuck ?? ok(out);
}
