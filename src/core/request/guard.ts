// Who may act on the current step of a request. Every surface goes through here, so Slack,
// Teams and the console cannot disagree (house style 6).
import type { EngineContext } from '../context.ts';
import type { LoadedRequestFlow } from '../flow-runtime.ts';
import { refuse, type Refusal } from '../result.ts';
import { slotFor } from './approvers.ts';
import { conflictOf, conflictsFor, stillAble } from './segregation.ts';
import type { RequestState, Slot, StepState } from './state.ts';

export interface Seat {
  step: StepState;
  slot: Slot;
  /** the absent approver the actor covers for, when acting as a delegate */
  via?: string;
}

/** Finds the step a card points at, refusing when it is no longer the one being decided. */
export function currentStep(r: RequestState, stepId: string | undefined, ctx: EngineContext): StepState | Refusal {
  const step = stepId ? r.steps.find((s) => s.id === stepId) : r.current !== undefined ? r.steps[r.current] : undefined;
  if (step && (step.status === 'approved' || step.status === 'rejected')) {
    const decided = step.automatic ? { by: step.automatic.by, outcome: step.automatic.outcome } : lastDecision(step);
    return refuse('step.already_decided', {
      request: r.id,
      step: step.name,
      decidedBy: decided ? displayActor(decided.by, ctx) : 'someone',
      outcome: decided?.outcome ?? step.status,
    });
  }
  if (r.status !== 'pending') return refuse('request.not_pending', { request: r.id, status: r.status.replace('_', ' ') });
  const current = r.current !== undefined ? r.steps[r.current] : undefined;
  if (!step || !current || step !== current) return refuse('step.stale', { request: r.id, step: current?.name ?? 'its end' });
  return step;
}

function lastDecision(step: StepState): { by: string; outcome: string } | undefined {
  const decisive = step.slots.filter((s) => s.decision?.outcome === step.status).map((s) => s.decision!);
  const last = decisive.sort((a, b) => a.at.localeCompare(b.at)).at(-1);
  return last ? { by: last.by, outcome: last.outcome } : undefined;
}

export function displayActor(actor: string, ctx: EngineContext): string {
  // automatic changes are Docket's (its clock, a flow's rule), never the requester's
  if (actor === 'clock' || actor.startsWith('rule:')) return 'Docket';
  return ctx.directory.nameOf(actor);
}

/** The actor's seat in the current step: their own slot or one they cover as delegate. */
export function seatOf(r: RequestState, step: StepState, ctx: EngineContext): Seat | Refusal {
  if (ctx.actor === r.requester) {
    const covering = step.slots.some((s) => !s.decision && ctx.directory.absence(s.email, ctx.now)?.delegate === ctx.actor);
    return refuse('step.self_approval', { request: r.id, via: covering ? ', not even as a delegate' : '' });
  }
  // one person, one vote: having voted, nobody takes a second place as someone's delegate
  const voted = step.slots.find((s) => !s.replacedBy && s.decision?.by === ctx.actor);
  if (voted) return refuse('step.already_voted', { request: r.id, step: step.name, outcome: voted.decision!.outcome });
  const found = slotFor(step.slots, ctx.actor, ctx.directory, ctx.now);
  if (found) return found.via ? { step, slot: found.slot, via: found.via } : { step, slot: found.slot };
  return refuse('step.not_approver', { request: r.id, step: step.name });
}

/**
 * Segregation of duties for one seat: the refusal when the actor (or whoever they act for) may
 * not decide this step. Pure, so card drawing can ask the same question before offering buttons.
 */
export function segregationRefusal(r: RequestState, flow: LoadedRequestFlow, step: StepState, seat: Pick<Seat, 'slot' | 'via'>, ctx: EngineContext): Refusal | undefined {
  const conflicts = conflictsFor(r, flow.def, step.id, ctx.directory, ctx.now);
  if (conflicts.size === 0) return undefined;
  const hit = conflictOf(conflicts, ctx.actor, seat.slot, seat.via);
  if (!hit) return undefined;
  const details = { request: r.id, step: step.name, why: hit.why, instead: stillAble(step, conflicts, ctx.directory) };
  return refuse(hit.kind === 'decided_other_step' ? 'sod.decided_other_step' : 'sod.conflicted', details);
}
