// Checks what rule actions name: recipients, owners, priorities, and the flows a request or case
// may open, with the fields and priority it passes them.
import { checkDuration, oneOf } from './check-common.ts';
import type { RefChecker } from './check-refs.ts';
import type { FlowFile } from './model.ts';
import type { PathProblem, PathSegment } from './problem.ts';

type AnyAction = FlowFile['rules'][number]['then'][number];

/** Every flow that loaded, by id, plus the ids of files that did not (to stay quiet about those). */
export interface FlowIndex {
  flows: ReadonlyMap<string, FlowFile>;
  broken: ReadonlySet<string>;
}

export interface ActionScope {
  refs: RefChecker;
  flows: FlowIndex;
  /** the flow's own priorities, for setPriority in a case flow */
  priorities?: readonly string[];
}

export function checkAction(action: AnyAction, at: PathSegment[], scope: ActionScope): PathProblem[] {
  const { refs } = scope;
  const out: PathProblem[] = [];
  if ('notify' in action) refs.who(action.notify.to, [...at, 'notify', 'to']);
  if ('escalate' in action) refs.who(action.escalate.to, [...at, 'escalate', 'to']);
  for (const [key, to] of [['notify', 'notify' in action ? action.notify.to : undefined], ['escalate', 'escalate' in action ? action.escalate.to : undefined]] as const) {
    // only a step's escalation knows which approvers are waiting
    if (to && 'manager' in to && to.manager === 'approver') out.push({ path: [...at, key, 'to', 'manager'], message: '"approver" names the approvers a step waits on; use it only in a step\'s escalation.to, or use requester or {field: …}' });
  }
  if ('addApprover' in action) refs.who(action.addApprover, [...at, 'addApprover']);
  if ('assignOwner' in action) refs.who(action.assignOwner, [...at, 'assignOwner']);
  if ('addTask' in action) out.push(...checkDuration(action.addTask.due, [...at, 'addTask', 'due']));
  if ('setPriority' in action && scope.priorities && !scope.priorities.includes(action.setPriority)) {
    out.push({ path: [...at, 'setPriority'], message: `unknown priority "${action.setPriority}"; expected ${oneOf(scope.priorities)}` });
  }
  if ('openCase' in action) {
    const spec = action.openCase;
    const target = linked(scope.flows, spec.type, 'case', [...at, 'openCase', 'type'], out);
    if (target?.kind === 'case') {
      fieldKeys(spec.fields, target.fields.map((f) => f.id), target.id, [...at, 'openCase', 'fields'], out);
      unmapped(spec.fields, target.fields, `case flow ${target.id}`, 'the case', [...at, 'openCase', 'fields'], out);
      const priorities = target.priorities.map((p) => p.id);
      if (spec.priority && !priorities.includes(spec.priority)) {
        out.push({ path: [...at, 'openCase', 'priority'], message: `unknown priority "${spec.priority}" of case flow ${target.id}; expected ${oneOf(priorities)}` });
      }
    }
  }
  if ('startRequest' in action) {
    const spec = action.startRequest;
    const target = linked(scope.flows, spec.type, 'request', [...at, 'startRequest', 'type'], out);
    if (target?.kind === 'request') {
      fieldKeys(spec.fields, target.form.map((f) => f.id), target.id, [...at, 'startRequest', 'fields'], out);
      unmapped(spec.fields, target.form, `request flow ${target.id}`, 'the request', [...at, 'startRequest', 'fields'], out);
    }
  }
  return out;
}

function linked(flows: FlowIndex, id: string, kind: FlowFile['kind'], path: PathSegment[], out: PathProblem[]): FlowFile | undefined {
  if (flows.broken.has(id)) return undefined;
  const flow = flows.flows.get(id);
  const ids = [...flows.flows.values()].filter((f) => f.kind === kind).map((f) => f.id);
  if (!flow) out.push({ path, message: `unknown ${kind} flow "${id}"; expected ${oneOf(ids)}` });
  else if (flow.kind !== kind) out.push({ path, message: `"${id}" is a ${flow.kind} flow; expected a ${kind} flow, ${oneOf(ids)}` });
  return flow;
}

/**
 * A rule that opens an item without a value for one of its required fields cannot do what it
 * says: the item would be refused every time, and only a rule_failed line would tell.
 */
function unmapped(mapping: Record<string, string>, fields: readonly { id: string; required?: boolean }[], what: string, item: string, at: PathSegment[], out: PathProblem[]): void {
  const missing = fields.filter((f) => f.required && !Object.hasOwn(mapping, f.id)).map((f) => f.id);
  if (missing.length) out.push({ path: at, message: `${what} requires ${missing.map((m) => `"${m}"`).join(', ')}, which this rule does not map; ${item} could never be opened` });
}

function fieldKeys(mapping: Record<string, string>, known: readonly string[], flowId: string, at: PathSegment[], out: PathProblem[]): void {
  for (const key of Object.keys(mapping)) {
    if (!known.includes(key)) out.push({ path: [...at, key], message: `unknown field "${key}" of flow ${flowId}; expected ${oneOf(known)}`, atKey: true });
  }
}
