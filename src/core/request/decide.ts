// An approver approves or rejects the current step.
import { change, type Change } from '../change.ts';
import type { EngineContext } from '../context.ts';
import type { LoadedRequestFlow } from '../flow-runtime.ts';
import { ok, refuse, type Result } from '../result.ts';
import { settle, subjectOf } from './advance.ts';
import { emit } from './emit.ts';
import { currentStep, seatOf, segregationRefusal } from './guard.ts';
import type { RequestState } from './state.ts';

export interface DecideInput {
  outcome: 'approved' | 'rejected';
  /** the step the clicked card shows; a card for a step already decided is refused, not applied to the next */
  stepId?: string;
  comment?: string;
}

export function decide(before: RequestState, flow: LoadedRequestFlow, input: DecideInput, ctx: EngineContext): Result<Change<RequestState>> {
  const r = structuredClone(before);
  const step = currentStep(r, input.stepId, ctx);
  if ('ok' in step) return step;
  const seat = seatOf(r, step, ctx);
  if ('ok' in seat) return seat;
  // segregation of duties is checked when deciding too: the directory (an absence, a delegate) may have changed since staffing
  const refused = segregationRefusal(r, flow, step, seat, ctx);
  if (refused) return refused;
  const comment = input.comment?.trim().slice(0, 2000);
  if (input.outcome === 'rejected' && !comment) return refuse('request.reason_required', { request: r.id });
  const at = ctx.now.toISOString();
  seat.slot.decision = { outcome: input.outcome, by: ctx.actor, at, ...(comment ? { comment } : {}) };
  const out = change(r);
  emit(out, ctx, input.outcome === 'approved' ? 'request.approved_by' : 'request.rejected_by', subjectOf(r), {
    step: step.id,
    ...(seat.via ? { onBehalfOf: seat.via } : {}),
    ...(comment ? { comment } : {}),
  });
  if (input.outcome === 'rejected' && comment) r.rejection = { by: ctx.actor, at, reason: comment };
  const stuck = settle(r, step, flow, ctx, out);
  if (stuck) return stuck;
  // a rejection that did not close the step (quorum still reachable) is not the request's rejection
  if (r.status !== 'rejected') delete r.rejection;
  return ok(out);
}
