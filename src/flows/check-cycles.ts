// Cycles the loader refuses: a manager chain that comes back to where it started (carol's
// manager is bob, bob's is carol: "manager" approvals and escalations would climb forever and
// reach nobody above), and follow-ups that open each other (purchase → dispute → purchase: one
// rejection would open cases and requests without end). Each edge on a cycle is reported where
// it is written, with the whole cycle spelled out, so the admin sees it from either end.
import type { FlowFile, Org } from './model.ts';
import type { PathProblem, PathSegment } from './problem.ts';

export interface Edge {
  from: string;
  to: string;
  /** where the edge is written, inside the file of `from` */
  path: PathSegment[];
}

/** The way back from `to` to `from`, if there is one: [to, …, from]. Breadth first, so the shortest. */
function pathBack(edges: readonly Edge[], from: string, to: string): string[] | undefined {
  const next = new Map<string, string[]>();
  for (const e of edges) next.set(e.from, [...(next.get(e.from) ?? []), e.to]);
  const came = new Map<string, string>([[to, '']]);
  const queue = [to];
  while (queue.length > 0) {
    const node = queue.shift()!;
    if (node === from) {
      const out = [node];
      for (let at = came.get(node)!; at !== ''; at = came.get(at)!) out.unshift(at);
      return out;
    }
    for (const n of next.get(node) ?? []) {
      if (!came.has(n)) {
        came.set(n, node);
        queue.push(n);
      }
    }
  }
  return undefined;
}

/** every edge that lies on a cycle, with the cycle it closes ([from, to, …, from]); self-loops excluded */
export function edgesOnCycles(edges: readonly Edge[]): { edge: Edge; cycle: string[] }[] {
  const out: { edge: Edge; cycle: string[] }[] = [];
  for (const edge of edges) {
    if (edge.from === edge.to) continue;
    const back = pathBack(edges, edge.from, edge.to);
    if (back) out.push({ edge, cycle: [edge.from, ...back] });
  }
  return out;
}

export function checkManagerCycles(org: Org): PathProblem[] {
  const edges: Edge[] = org.people.flatMap((p, i) => (p.manager ? [{ from: p.email, to: p.manager, path: ['people', i, 'manager'] }] : []));
  return edgesOnCycles(edges).map(({ edge, cycle }) => ({
    path: edge.path,
    message: `manager cycle: ${cycle.join(' → ')}; expected a chain of managers that ends with someone who has none`,
  }));
}

/** the follow-ups a flow opens: openCase and startRequest in onApprove, onReject and rules */
export function followUps(flow: FlowFile): Edge[] {
  const out: Edge[] = [];
  const visit = (action: object, at: PathSegment[]) => {
    if ('openCase' in action) out.push({ from: flow.id, to: (action as { openCase: { type: string } }).openCase.type, path: [...at, 'openCase', 'type'] });
    if ('startRequest' in action) out.push({ from: flow.id, to: (action as { startRequest: { type: string } }).startRequest.type, path: [...at, 'startRequest', 'type'] });
  };
  if (flow.kind === 'request') {
    flow.onApprove.forEach((a, i) => visit(a, ['onApprove', i]));
    flow.onReject.forEach((a, i) => visit(a, ['onReject', i]));
  }
  flow.rules.forEach((rule, i) => rule.then.forEach((a, j) => visit(a, ['rules', i, 'then', j])));
  return out;
}

/** the follow-up cycles, as problems of the flow each edge is written in */
export function checkFollowUpCycles(flows: readonly FlowFile[]): Map<string, PathProblem[]> {
  const out = new Map<string, PathProblem[]>();
  for (const { edge, cycle } of edgesOnCycles(flows.flatMap(followUps))) {
    const problem = { path: edge.path, message: `follow-up cycle: ${cycle.join(' → ')}; each would open the next without end, expected follow-ups that end` };
    out.set(edge.from, [...(out.get(edge.from) ?? []), problem]);
  }
  return out;
}
