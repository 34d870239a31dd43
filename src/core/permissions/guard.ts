// Governance as one guard of the card and engine guard (src/core/may-run.ts runs its base rules,
// this, then any guard the context adds): the cards stop offering what permissions and
// segregation of duties refuse, with the same refusal the engine gives. The ask is typed by its
// shape here so this file does not depend on may-run.ts.
import type { CaseState } from '../case/state.ts';
import type { EngineContext } from '../context.ts';
import type { LoadedCaseFlow, LoadedRequestFlow } from '../flow-runtime.ts';
import { slotFor } from '../request/approvers.ts';
import { currentStep, segregationRefusal } from '../request/guard.ts';
import type { RequestState } from '../request/state.ts';
import type { Refusal } from '../result.ts';
import { mayWorkCaseHere } from './may.ts';

export type GovernanceAsk =
  | { on: 'request'; state: RequestState; flow: LoadedRequestFlow; ask: { type: string; step?: string; from?: string } }
  | { on: 'case'; state: CaseState; flow: LoadedCaseFlow; ask: { type: string } };

/** undefined: no objection (the base rules still decide); else the refusal the engine would give */
export function governanceGuard(ask: GovernanceAsk, ctx: EngineContext): Refusal | undefined {
  // a card is drawn for wherever it is posted, with no place in the context: the place rule is
  // the engine's to apply to the command when it arrives (it fails closed there)
  if (ask.on === 'case') return ctx.where ? mayWorkCaseHere(ask.flow, ctx.actor, ctx.where, ctx) : undefined;
  // every step command taken from one's own place is barred with the decision: sending back is a
  // decision, and handing the place on or adding an approver would let the barred side choose who
  // decides (the card offers none of them to a barred approver: card.ts). An admin's handing on
  // of someone else's place and adding from no place are an admin's, not a seat's.
  const { type } = ask.ask;
  const fromOwnSeat = type === 'approve' || type === 'reject' || type === 'send_back' || type === 'add_approver' || (type === 'reassign' && !('from' in ask.ask && ask.ask.from && ask.ask.from.toLowerCase() !== ctx.actor));
  if (!fromOwnSeat) return undefined;
  const step = currentStep(ask.state, ask.ask.step, ctx);
  if ('ok' in step) return undefined; // not decidable at all: the base rules say why
  const seat = slotFor(step.slots, ctx.actor, ctx.directory, ctx.now);
  return seat ? segregationRefusal(ask.state, ask.flow, step, seat, ctx) : undefined;
}
