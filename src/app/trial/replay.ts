// What a changed request flow would have done to real requests: each recorded request is run
// through the old and the new version with its recorded form, its requester, at the time it was
// submitted (so out-of-office is as org.yaml says it was that day), and with the decisions that
// were recorded for each step. A step the history never decided (new, or never reached) is
// assumed approved and counted as an assumption. Comparing two replays, not a replay with the
// stored history, keeps differences down to the flow change itself.
import type { FlowCatalog, LoadedRequestFlow } from '../../core/flow-runtime.ts';
import type { RequestState, StepState } from '../../core/request/state.ts';
import type { Directory } from '../../ports/directory.ts';
import { runRequestTrial, type StepTrace, type TrialDecision } from './request-trial.ts';

export interface Side {
  flow: LoadedRequestFlow;
  flows: FlowCatalog;
}

export interface Example {
  id: string;
  submittedAt: string;
  what: string;
}

export interface Tally {
  count: number;
  examples: Example[];
}

export interface ReplaySummary {
  replayed: number;
  /** requests one of the versions refused (a new required field, no eligible approver) */
  notReplayed: Example[];
  /** steps no recorded decision covers, assumed approved (in the new version's replays) */
  assumedApprovals: number;
  /** per step of either version: in how many replays it would apply (if reached) */
  steps: { id: string; name: string; old: number; new: number }[];
  differentApprovers: Tally;
  extraSteps: Tally;
  fewerSteps: Tally;
  differentOutcome: Tally;
}

const EXAMPLES = 3;

/** would the step run, were the request to get that far */
export const wouldApply = (s: StepTrace): boolean => s.status === 'applied' || (s.status === 'not_reached' && (!s.condition || s.condition.value !== false));

export function replayRequests(requests: readonly RequestState[], old: Side, next: Side, directory: Directory): ReplaySummary {
  const summary: ReplaySummary = {
    replayed: 0,
    notReplayed: [],
    assumedApprovals: 0,
    steps: [],
    differentApprovers: { count: 0, examples: [] },
    extraSteps: { count: 0, examples: [] },
    fewerSteps: { count: 0, examples: [] },
    differentOutcome: { count: 0, examples: [] },
  };
  const counts = new Map<string, { id: string; name: string; old: number; new: number }>();
  for (const s of [...old.flow.def.steps, ...next.flow.def.steps]) if (!counts.has(s.id)) counts.set(s.id, { id: s.id, name: s.name, old: 0, new: 0 });
  const note = (t: Tally, r: RequestState, what: string) => {
    t.count++;
    if (t.examples.length < EXAMPLES) t.examples.push({ id: r.id, submittedAt: r.submittedAt, what: `${r.title}: ${what}` });
  };

  for (const r of requests) {
    const assumed = new Set<string>();
    const run = (side: Side, countAssumptions: boolean) =>
      runRequestTrial({
        flow: side.flow,
        flows: side.flows,
        directory,
        requester: r.requester,
        form: r.form,
        at: new Date(r.submittedAt),
        id: r.id,
        clocks: false,
        policy: recordedDecisions(r, (step) => {
          if (countAssumptions) assumed.add(step);
        }),
      });
    const before = run(old, false);
    const after = run(next, true);
    if (!before.ok || !after.ok) {
      const failed = !before.ok ? before : after;
      if (!failed.ok) summary.notReplayed.push({ id: r.id, submittedAt: r.submittedAt, what: `${failed === before ? 'old' : 'new'} version: ${failed.refusal.code}${failed.refusal.fieldErrors ? ` ${Object.entries(failed.refusal.fieldErrors).map(([k, v]) => `${k}: ${v}`).join('; ')}` : ''}` });
      continue;
    }
    summary.replayed++;
    summary.assumedApprovals += assumed.size;
    const a = new Map(before.steps.map((s) => [s.id, s]));
    const b = new Map(after.steps.map((s) => [s.id, s]));
    for (const s of before.steps) if (wouldApply(s)) counts.get(s.id)!.old++;
    for (const s of after.steps) if (wouldApply(s)) counts.get(s.id)!.new++;
    const extra = after.steps.filter((s) => wouldApply(s) && !(a.get(s.id) && wouldApply(a.get(s.id)!)));
    const fewer = before.steps.filter((s) => wouldApply(s) && !(b.get(s.id) && wouldApply(b.get(s.id)!)));
    if (extra.length > 0) note(summary.extraSteps, r, `+ ${extra.map((s) => `${s.name}${s.condition ? ` (${s.condition.words})` : ''}`).join(', ')}`);
    if (fewer.length > 0) note(summary.fewerSteps, r, `- ${fewer.map((s) => s.name).join(', ')}`);
    const changed: string[] = [];
    for (const s of after.steps) {
      const was = a.get(s.id);
      if (s.status !== 'applied' || was?.status !== 'applied') continue;
      const x = was.approvers.map((p) => p.email).sort();
      const y = s.approvers.map((p) => p.email).sort();
      if (x.join() !== y.join()) changed.push(`${s.name}: ${x.join(', ') || 'nobody'} → ${y.join(', ') || 'nobody'}`);
    }
    if (changed.length > 0) note(summary.differentApprovers, r, changed.join('; '));
    if (before.outcome !== after.outcome) note(summary.differentOutcome, r, `${before.outcome} → ${after.outcome}`);
  }
  summary.steps = [...counts.values()];
  return summary;
}

/** The decision the history recorded for each step; approve where it recorded none. */
function recordedDecisions(r: RequestState, assume: (step: string) => void): (step: StepState) => TrialDecision | undefined {
  const open = r.status === 'pending' || r.status === 'changes_requested' || r.status === 'recalled';
  return (step) => {
    const rec = r.steps.find((s) => s.id === step.id);
    if (rec?.status === 'approved') return { step: step.id, outcome: 'approved' };
    if (rec?.status === 'rejected') return { step: step.id, outcome: 'rejected', comment: r.rejection?.reason ?? 'Rejected, as recorded.' };
    // the real request is still waiting here, or was recalled: nobody decided, so the replay stops too
    if (rec?.status === 'active' || open) return undefined;
    assume(step.id);
    return { step: step.id, outcome: 'approved' };
  };
}
