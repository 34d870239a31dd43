// Who may raise, open and run what, and where: pure functions of a flow, a person and a place.
// The engine calls them on every command (src/app/dispatch.ts, the case guard); the pickers, the
// help texts and the card guard call the same functions, so nothing is offered that the engine
// would refuse. Admins (the admin role in org.yaml) may raise and open anything, but the place
// rules hold for them too: a type kept out of public channels stays out for everybody.
import type { Audience, CaseCommandName } from '../../flows/model.ts';
import type { Directory } from '../../ports/directory.ts';
import type { FlowCatalog, LoadedCaseFlow, LoadedRequestFlow } from '../flow-runtime.ts';
import { refuse, type Refusal } from '../result.ts';
import { describeAudience, inAudience, membersOf } from './audience.ts';
import { describePlaces, placeAllowed, type Where } from './where.ts';

export interface PolicyScope {
  directory: Directory;
  flows: FlowCatalog;
}

const ADMINS: readonly Audience[] = [{ role: 'admin' }];

/** Who raises a request type: the flow's list, else org.yaml's default, else everyone. */
export const raisers = (flow: LoadedRequestFlow, directory: Directory): readonly Audience[] | undefined => flow.def.raise ?? directory.permissions.raise;
export const openers = (flow: LoadedCaseFlow, directory: Directory): readonly Audience[] | undefined => flow.def.open ?? directory.permissions.open;

/** The people a flow's admins list names (the admin role unless the flow says otherwise). */
export function flowAdmins(flow: LoadedRequestFlow | LoadedCaseFlow, directory: Directory): string[] {
  return membersOf(flow.def.admins ?? ADMINS, directory);
}

function wrongPlace(what: string, flow: LoadedRequestFlow | LoadedCaseFlow, scope: PolicyScope): Refusal {
  const names = flow.kind === 'case' ? [flow.def.channel.name] : scope.flows.caseFlows().map((f) => f.def.channel.name);
  return refuse('permission.wrong_place', { what, places: describePlaces(flow.def.where ?? [], names) });
}

function caseChannelsFor(flow: LoadedRequestFlow | LoadedCaseFlow, scope: PolicyScope) {
  return flow.kind === 'case' ? [flow.def.channel] : scope.flows.caseFlows().map((f) => f.def.channel);
}

/** May `person` raise a request of this type here? undefined when yes; the refusal says who may instead. */
export function mayRaise(flow: LoadedRequestFlow, person: string, where: Where | undefined, scope: PolicyScope): Refusal | undefined {
  const who = raisers(flow, scope.directory);
  if (!scope.directory.isAdmin(person) && !inAudience(who, person, scope.directory)) {
    return refuse('permission.may_not_raise', { flow: flow.def.name, who: describeAudience([...who!, ...ADMINS], scope.directory) });
  }
  if (!placeAllowed(flow.def.where, where, caseChannelsFor(flow, scope))) return wrongPlace(`${flow.def.name}`, flow, scope);
  return undefined;
}

/** May `person` raise this type from a case? Who may raise holds; where does not: it is raised from the case, wherever that lives. */
export function mayRaiseFromCase(flow: LoadedRequestFlow, person: string, scope: PolicyScope): Refusal | undefined {
  const refused = mayRaise(flow, person, undefined, scope);
  return refused?.code === 'permission.wrong_place' ? undefined : refused;
}

/** May `person` open a case of this type here? */
export function mayOpen(flow: LoadedCaseFlow, person: string, where: Where | undefined, scope: PolicyScope): Refusal | undefined {
  const who = openers(flow, scope.directory);
  if (!scope.directory.isAdmin(person) && !inAudience(who, person, scope.directory)) {
    return refuse('permission.may_not_open', { flow: flow.def.name, who: describeAudience([...who!, ...ADMINS], scope.directory) });
  }
  if (!placeAllowed(flow.def.where, where, caseChannelsFor(flow, scope))) return wrongPlace(`${flow.def.name}`, flow, scope);
  return undefined;
}

/** May a case of this type be worked on here? Automatic actors (the clock, rules) are nowhere and always may. */
export function mayWorkCaseHere(flow: LoadedCaseFlow, actor: string, where: Where | undefined, scope: PolicyScope): Refusal | undefined {
  if (actor === 'clock' || actor.startsWith('rule:')) return undefined;
  return placeAllowed(flow.def.where, where, caseChannelsFor(flow, scope)) ? undefined : wrongPlace(`${flow.def.name} cases`, flow, scope);
}

/** Whether the flow opens a case command to `person` beyond the owner, members and admins. */
export function caseCommandOpenTo(flow: LoadedCaseFlow, command: CaseCommandName, person: string, directory: Directory): boolean {
  const audience = flow.def.commands[command];
  return audience !== undefined && inAudience(audience, person, directory);
}

/** The words for who may run a case command: for "Only … can do that". */
export function caseCommandRunners(flow: LoadedCaseFlow, command: CaseCommandName, directory: Directory): string {
  const audience = flow.def.commands[command];
  return audience ? `the owner, members, ${describeAudience([...audience, ...ADMINS], directory)}` : 'the owner, members or an admin';
}

/** The request types a person may raise here: what the /request picker, help and the console offer. */
export function raisableFlows(person: string, where: Where | undefined, scope: PolicyScope): LoadedRequestFlow[] {
  return scope.flows.requestFlows().filter((f) => mayRaise(f, person, where, scope) === undefined);
}

export function openableFlows(person: string, where: Where | undefined, scope: PolicyScope): LoadedCaseFlow[] {
  return scope.flows.caseFlows().filter((f) => mayOpen(f, person, where, scope) === undefined);
}
