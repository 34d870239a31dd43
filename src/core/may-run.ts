// "Would the engine refuse this command, for this person, on this state?" — one answer for both
// places that ask: the engine, before it changes anything, and the card drawers, before they
// offer a button. Both call mayRun with the same ask, so a card never offers what the engine
// would refuse, and a stale card is still refused by the engine itself.
//
// The answer is the first refusal of a list of guards (predicates). The base rules below say
// who may act at all (approvers, the requester, case owners, members and admins) and in which
// state; further rules — permissions, segregation of duties — plug in as more guards through
// `ctx.guards`, and then refuse the same clicks on every surface and hide the same buttons.
import type { CaseCommand } from './case/commands.ts';
import { mayRun as mayRunCaseBase, mayTake, mustBeOpen } from './case/guard.ts';
import { governanceGuard } from './permissions/guard.ts';
import type { CaseState } from './case/state.ts';
import type { EngineContext } from './context.ts';
import type { LoadedCaseFlow, LoadedRequestFlow } from './flow-runtime.ts';
import { currentStep, seatOf } from './request/guard.ts';
import type { RequestState } from './request/state.ts';
import { refuse, type Refusal } from './result.ts';

/** What a person may try on a request: the request commands, by what they need to be allowed. */
export type RequestAsk =
  | { type: 'approve' | 'reject' | 'send_back' | 'add_approver'; step?: string }
  | { type: 'reassign'; step?: string; from?: string }
  | { type: 'recall' | 'resubmit' | 'comment' };

/** What a person may try on a case: a case command, a task change, or starting a request. */
export type CaseAsk = CaseCommand | { type: 'task' } | { type: 'start_request' };

export type Ask =
  | { on: 'request'; state: RequestState; flow: LoadedRequestFlow; ask: RequestAsk }
  | { on: 'case'; state: CaseState; flow: LoadedCaseFlow; ask: CaseAsk };

/** One rule: a refusal when the actor (ctx.actor) may not do this, undefined when it has no objection. */
export type Guard = (ask: Ask, ctx: EngineContext) => Refusal | undefined;

/**
 * The first refusal of the base rules, governance's (permissions, segregation of duties: policy,
 * so every context carries it, however it was made), then of the guards the context adds;
 * undefined when allowed.
 */
export function mayRun(ask: Ask, ctx: EngineContext): Refusal | undefined {
  for (const guard of [baseRules, governanceGuard as Guard, ...(ctx.guards ?? [])]) {
    const refused = guard(ask, ctx);
    if (refused) return refused;
  }
  return undefined;
}

/** a card's candidate button stays when its ask would not be refused */
export const allowed = (ask: Ask, ctx: EngineContext): boolean => mayRun(ask, ctx) === undefined;

const baseRules: Guard = (ask, ctx) => (ask.on === 'request' ? requestRules(ask.state, ask.flow, ask.ask, ctx) : caseRules(ask.state, ask.flow, ask.ask, ctx));

/** Whether the actor takes part in a request: its requester, anyone asked on a step (or covering), an admin. */
export function involvedIn(r: RequestState, ctx: EngineContext): boolean {
  if (r.requester === ctx.actor || ctx.directory.isAdmin(ctx.actor)) return true;
  const covered = new Set(ctx.directory.coveredBy(ctx.actor, ctx.now));
  return r.steps.some((s) => s.slots.some((slot) => slot.email === ctx.actor || slot.onBehalfOf === ctx.actor || covered.has(slot.email)));
}

function requestRules(r: RequestState, flow: LoadedRequestFlow, ask: RequestAsk, ctx: EngineContext): Refusal | undefined {
  const notRequester = () => refuse('request.not_requester', { request: r.id, requester: ctx.directory.nameOf(r.requester) });
  switch (ask.type) {
    case 'recall':
      if (ctx.actor !== r.requester) return notRequester();
      return r.status === 'pending' || r.status === 'changes_requested' ? undefined : refuse('request.not_pending', { request: r.id, status: r.status.replace('_', ' ') });
    case 'resubmit':
      if (ctx.actor !== r.requester) return notRequester();
      return r.status === 'changes_requested' ? undefined : refuse('request.not_changes_requested', { request: r.id });
    case 'comment':
      return involvedIn(r, ctx) ? undefined : refuse('request.not_involved', { request: r.id });
    default:
      break;
  }
  const step = currentStep(r, ask.step, ctx);
  if ('ok' in step) return step;
  // a system step waits on its system's report alone (advance.ts staffs it with the reporter):
  // a person added or handed the seat would decide what the system has to
  const system = flow.def.steps.find((s) => s.id === step.id)?.system;
  if (system && (ask.type === 'add_approver' || ask.type === 'reassign')) return refuse('step.system', { step: step.name, system: system.name });
  switch (ask.type) {
    case 'approve':
    case 'reject': {
      const seat = seatOf(r, step, ctx);
      return 'ok' in seat ? seat : undefined;
    }
    case 'send_back': {
      const seat = seatOf(r, step, ctx);
      if ('ok' in seat) return seat;
      const def = flow.def.steps.find((s) => s.id === step.id);
      return def?.allowSendBack ? undefined : refuse('step.send_back_not_allowed', { request: r.id, step: step.name });
    }
    case 'reassign': {
      const from = ask.from?.toLowerCase();
      // handing someone else's place on is an admin's job
      if (from && from !== ctx.actor) return ctx.directory.isAdmin(ctx.actor) && ctx.actor !== r.requester ? undefined : refuse('request.not_allowed', { request: r.id });
      const seat = seatOf(r, step, ctx);
      return 'ok' in seat ? seat : undefined;
    }
    case 'add_approver': {
      const isApprover = step.slots.some((s) => s.email === ctx.actor && !s.replacedBy);
      return isApprover || (ctx.directory.isAdmin(ctx.actor) && ctx.actor !== r.requester) ? undefined : refuse('request.not_allowed', { request: r.id });
    }
    default: {
      const unhandled: never = ask;
      throw new Error(`unhandled request ask ${JSON.stringify(unhandled)}`);
    }
  }
}

const self = (person: string, ctx: EngineContext) => person.trim().toLowerCase() === ctx.actor;
const known = (ctx: EngineContext) => (ctx.directory.person(ctx.actor) ? undefined : refuse('person.unknown', { actor: ctx.actor }));

function caseRules(c: CaseState, flow: LoadedCaseFlow, ask: CaseAsk, ctx: EngineContext): Refusal | undefined {
  switch (ask.type) {
    case 'take':
      if (c.owner === ctx.actor) return refuse('case.already_owner', { person: ctx.directory.nameOf(ctx.actor), case: c.id });
      return mayTake(c, flow, ctx) ?? mustBeOpen(c);
    case 'add_note':
      // anyone in the directory may write in the thread; the note is on the record
      return known(ctx);
    case 'add_watcher':
    case 'remove_watcher':
      // watching is each person's own business; putting someone else on the list is running the case
      return self(ask.person, ctx) ? known(ctx) : mayRunCaseBase(c, ctx, { flow, command: 'add_watcher' });
    case 'mute':
    case 'unmute':
      return known(ctx);
    case 'remove_member':
      // anyone may leave; removing someone else is running the case
      return self(ask.person, ctx) ? known(ctx) : (mayRunCaseBase(c, ctx, { flow, command: 'add_member' }) ?? mustBeOpen(c));
    case 'reopen':
      return mayRunCaseBase(c, ctx, { flow, command: 'reopen' }) ?? (c.category === 'closed' ? undefined : refuse('case.not_closed', { case: c.id }));
    case 'link':
      // a flow's `commands:` may open this to more people than the owner and members
      return mayRunCaseBase(c, ctx, { flow, command: ask.type });
    case 'start_request':
      // new work is started from an open case only (a resolved one is reopened first)
      return mayRunCaseBase(c, ctx, { flow, command: ask.type }) ?? mustBeOpen(c);
    case 'assign':
    case 'add_member':
    case 'set_status':
    case 'set_priority':
    case 'resolve':
    case 'task':
      return mayRunCaseBase(c, ctx, { flow, command: ask.type }) ?? mustBeOpen(c);
    default: {
      const unhandled: never = ask;
      throw new Error(`unhandled case ask ${JSON.stringify(unhandled)}`);
    }
  }
}
