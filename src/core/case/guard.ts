// Who may act on a case: the owner, members and admins change it; anyone in the directory may
// write in its thread; taking ownership is also open to the people its routing draws from.
import type { EngineContext } from '../context.ts';
import type { CaseCommandName } from '../../flows/model.ts';
import type { LoadedCaseFlow } from '../flow-runtime.ts';
import { caseCommandOpenTo, caseCommandRunners } from '../permissions/may.ts';
import { refuse, type Refusal } from '../result.ts';
import type { CaseState } from './state.ts';

/** What a flow's `commands:` may open up: the command and the flow that says who else may run it. */
export interface OpenedBy {
  flow: LoadedCaseFlow;
  command: CaseCommandName;
}

const words: Record<CaseCommandName, string> = {
  assign: 'change the owner',
  add_member: 'add a member',
  add_watcher: 'add a watcher',
  set_status: 'change the status',
  set_priority: 'change the priority',
  link: 'link items',
  resolve: 'resolve it',
  reopen: 'reopen it',
  task: 'change tasks',
  start_request: 'start a request',
};

export function mayRun(c: CaseState, ctx: EngineContext, opened?: OpenedBy): Refusal | undefined {
  if (!ctx.directory.person(ctx.actor) && !ctx.actor.startsWith('rule:') && ctx.actor !== 'clock') return refuse('person.unknown', { actor: ctx.actor });
  if (ctx.actor.startsWith('rule:') || ctx.actor === 'clock') return undefined;
  if (c.owner === ctx.actor || c.members.includes(ctx.actor) || ctx.directory.isAdmin(ctx.actor)) return undefined;
  if (opened && caseCommandOpenTo(opened.flow, opened.command, ctx.actor, ctx.directory)) return undefined;
  // a flow that opens this command to more people says who, so the refusal can name them
  if (opened?.flow.def.commands[opened.command]) return refuse('permission.may_not_run', { who: caseCommandRunners(opened.flow, opened.command, ctx.directory), command: words[opened.command], case: c.id });
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
