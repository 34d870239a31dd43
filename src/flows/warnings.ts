// What `docket check` warns about in flows that load: things that are allowed but probably not
// meant, such as a case status no transition can reach (nobody could ever set it).
import type { CaseFlow } from './model.ts';

export interface FlowWarning {
  flow: string;
  message: string;
}

/** statuses of a case flow that no transition, no resolve and no reopen reaches */
export function unreachableStatuses(flow: CaseFlow): string[] {
  const ids = flow.statuses.map((s) => s.id);
  // a status without its own entry in transitions may move to any other
  const targets = new Set(ids.flatMap((from) => flow.transitions[from] ?? ids.filter((id) => id !== from)));
  targets.add(flow.initialStatus);
  const closed = flow.resolvedStatus ?? flow.statuses.find((s) => s.category === 'closed')?.id;
  if (closed) targets.add(closed);
  // reopening goes to the initial status (or the first open one when that is closed)
  const firstOpen = flow.statuses.find((s) => s.category === 'open')?.id;
  if (firstOpen) targets.add(firstOpen);
  return ids.filter((id) => !targets.has(id));
}

export function flowWarnings(caseFlows: readonly CaseFlow[]): FlowWarning[] {
  return caseFlows.flatMap((flow) =>
    unreachableStatuses(flow).map((status) => ({ flow: flow.id, message: `status "${status}" is reached by no transition (nor by resolve or reopen): nobody can ever set it` })),
  );
}
