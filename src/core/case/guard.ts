// Who may act on a case: the owner, members and admins change it; anyone in the directory may
// write in its thread; taking ownership is also open to the people its routing draws from.
import type { EngineContext } from '../context.ts';
import type { LoadedCaseFlow } from '../flow-runtime.ts';
import { refuse, type Refusal } from '../result.ts';
import type { CaseState } from './state.ts';

export function mayRun(c: CaseState, ctx: EngineContext): Refusal | undefined {
  if (!ctx.directory.person(ctx.actor) && !ctx.actor.startsWith('rule:') && ctx.actor !== 'clock') return refuse('person.unknown', { actor: ctx.actor });
  if (ctx.actor.startsWith('rule:') || ctx.actor === 'clock') return undefined;
  if (c.owner === ctx.actor || c.members.includes(ctx.actor) || ctx.directory.isAdmin(ctx.actor)) return undefined;
  return refuse('case.not_allowed', { case: c.id });
}

export function mayTake(c: CaseState, flow: LoadedCaseFlow, ctx: EngineContext): Refusal | undefined {
  const routing = flow.def.owner;
  if (routing !== 'opener' && 'group' in routing && ctx.directory.group(routing.group)?.members.includes(ctx.actor)) return undefined;
  return mayRun(c, ctx);
}

export function mustBeOpen(c: CaseState): Refusal | undefined {
  return c.category === 'closed' ? refuse('case.closed', { case: c.id }) : undefined;
}
