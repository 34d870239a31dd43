// Checks of a case flow beyond its shape: statuses, priorities, owner routing, durations, rules.
import { checkAction, type FlowIndex } from './check-actions.ts';
import { checkDuration, duplicates, oneOf } from './check-common.ts';
import type { OrgIndex } from './check-org.ts';
import { RefChecker } from './check-refs.ts';
import { checkCaseGovernance } from './check-governance.ts';
import { checkFields } from './check-request.ts';
import { compileInbound } from './inbound.ts';
import type { CaseFlow } from './model.ts';
import type { PathProblem, PathSegment } from './problem.ts';

export function checkCaseFlow(flow: CaseFlow, org: OrgIndex | undefined, flows: FlowIndex): PathProblem[] {
  const refs = new RefChecker(org, flow.fields, 'fields');
  const out: PathProblem[] = [...checkFields(flow.fields, ['fields'])];
  out.push(...checkStatuses(flow));

  out.push(...duplicates(flow.priorities, (p) => p.id, ['priorities'], 'id', 'priority id'));
  const priorities = flow.priorities.map((p) => p.id);
  if (!priorities.includes(flow.defaultPriority)) {
    out.push({ path: ['defaultPriority'], message: `unknown priority "${flow.defaultPriority}"; expected ${oneOf(priorities)}` });
  }
  flow.priorities.forEach((p, i) => {
    out.push(...checkDuration(p.response, ['priorities', i, 'response']), ...checkDuration(p.resolution, ['priorities', i, 'resolution']));
  });

  refs.who(flow.owner, ['owner']);
  flow.tasks.forEach((t, i) => out.push(...checkDuration(t.due, ['tasks', i, 'due'])));
  if (flow.statusUpdates !== 'never') out.push(...checkDuration(flow.statusUpdates.every, ['statusUpdates', 'every']));

  const scope = { refs, flows, priorities };
  flow.rules.forEach((rule, i) => rule.then.forEach((a, j) => out.push(...checkAction(a, ['rules', i, 'then', j], scope))));
  out.push(...checkCaseGovernance(flow, refs));
  out.push(...duplicates(flow.inbound, (h) => h.name, ['inbound'], 'name', 'hook name'));
  flow.inbound.forEach((hook, i) => {
    refs.person(hook.actor, ['inbound', i, 'actor']);
    const compiled = compileInbound(hook, ['inbound', i]);
    if (Array.isArray(compiled)) out.push(...compiled);
  });
  return [...out, ...refs.problems];
}

function checkStatuses(flow: CaseFlow): PathProblem[] {
  const out = duplicates(flow.statuses, (s) => s.id, ['statuses'], 'id', 'status id');
  const byId = new Map(flow.statuses.map((s) => [s.id, s]));
  const ids = [...byId.keys()];
  const unknown = (id: string, path: PathSegment[], atKey = false): boolean => {
    if (byId.has(id)) return false;
    out.push({ path, message: `unknown status "${id}"; expected ${oneOf(ids)}`, ...(atKey ? { atKey } : {}) });
    return true;
  };

  if (!flow.statuses.some((s) => s.category === 'open')) out.push({ path: ['statuses'], message: 'no open status; expected at least one status with category: open' });
  if (!flow.statuses.some((s) => s.category === 'closed')) out.push({ path: ['statuses'], message: 'no closed status; expected at least one status with category: closed' });

  if (!unknown(flow.initialStatus, ['initialStatus']) && byId.get(flow.initialStatus)?.category === 'closed') {
    out.push({ path: ['initialStatus'], message: `"${flow.initialStatus}" is a closed status; expected an open or waiting status for new cases` });
  }
  if (flow.resolvedStatus !== undefined && !unknown(flow.resolvedStatus, ['resolvedStatus']) && byId.get(flow.resolvedStatus)?.category !== 'closed') {
    out.push({ path: ['resolvedStatus'], message: `"${flow.resolvedStatus}" is not a closed status; expected a status with category: closed` });
  }
  for (const [from, targets] of Object.entries(flow.transitions)) {
    unknown(from, ['transitions', from], true);
    targets.forEach((to, i) => unknown(to, ['transitions', from, i]));
  }
  return out;
}
