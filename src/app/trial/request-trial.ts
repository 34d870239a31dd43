// Runs a request through the real engine without a store: submitRequest, then decide() for each
// decision, exactly the pure functions the app calls inside its transactions. Nothing is written;
// time, ids and the directory are the caller's. Used by `docket simulate`, `docket test`,
// `docket diff` and the console's "Try this flow".
import { tryEvaluate } from '../../core/actions.ts';
import type { Change } from '../../core/change.ts';
import type { EngineContext } from '../../core/context.ts';
import type { FlowCatalog, LoadedRequestFlow } from '../../core/flow-runtime.ts';
import { decide } from '../../core/request/decide.ts';
import type { RequestState, StepState } from '../../core/request/state.ts';
import { submitRequest } from '../../core/request/submit.ts';
import { requestVars } from '../../core/request/vars.ts';
import type { Refusal } from '../../core/result.ts';
import { isPending, stepClock } from '../../core/timers/step-clock.ts';
import { conditionInWords } from '../../flows/explain-condition.ts';
import type { Directory } from '../../ports/directory.ts';
import { DateTime } from 'luxon';
import { targetsOf } from '../../core/recipients.ts';
import { effectsOf, failuresOf, targetName, type Effect } from './effects.ts';

export interface TrialDecision {
  /** the step it is for; the current step when absent */
  step?: string;
  outcome: 'approved' | 'rejected';
  /** who decides; the first approver still waited on when absent */
  by?: string;
  comment?: string;
}

export interface RequestTrialInput {
  flow: LoadedRequestFlow;
  flows: FlowCatalog;
  directory: Directory;
  requester: string;
  form: unknown;
  at: Date;
  /** absent: everyone approves, step after step */
  decisions?: readonly TrialDecision[];
  /** instead of a list: the decision for the step now being decided, or undefined to stop there */
  policy?: (step: StepState) => TrialDecision | undefined;
  /** the id the trial request gets; the title template may show it */
  id?: string;
  /** false: leave out SLA, escalation and auto-decision times (a replay of history needs none) */
  clocks?: boolean;
}

export interface ConditionTrace {
  source: string;
  /** the flow's own `explain`, else a translation of the CEL, else the CEL itself */
  words: string;
  value: boolean | 'error';
  error?: string;
}

export interface ApproverTrace {
  email: string;
  name: string;
  reason: string;
  /** set when this person covers for someone away */
  onBehalfOf?: string;
}

export interface StepTrace {
  id: string;
  name: string;
  /** applied: the step ran (or would); skipped: its condition was false; not_reached: the request ended before it */
  status: 'applied' | 'skipped' | 'not_reached';
  /** how the step ended in this trial */
  result?: 'approved' | 'rejected' | 'waiting' | 'auto_approved' | 'auto_rejected';
  condition?: ConditionTrace;
  mode: 'any' | 'all' | 'quorum';
  required?: number;
  approvers: ApproverTrace[];
  /** delegation, self-approval and admin fill-ins, as the engine recorded them */
  notes: string[];
  startedAt?: string;
  /** holidays: the calendar's holidays the SLA window runs over (they do not count) */
  sla?: { due: string; zone: string; holidays: { date: string; name: string }[] };
  /** when the step escalates (its own time, or the SLA breach) and to whom */
  escalation?: { at?: string; to: string[] };
  autoDecision?: { at: string; decision: 'approve' | 'reject' };
}

export type RequestTrial =
  | {
      ok: true;
      request: RequestState;
      steps: StepTrace[];
      outcome: 'approved' | 'rejected' | 'pending';
      effects: Effect[];
      /** rules whose conditions failed to evaluate */
      problems: string[];
      /** indexes of the flow's rules that fired */
      firedRules: number[];
    }
  | { ok: false; stage: 'submit' | 'decision'; refusal: Refusal; decision?: TrialDecision; partial?: RequestState };

const MAX_DECISIONS = 200;

export function runRequestTrial(input: RequestTrialInput): RequestTrial {
  const { flow, directory } = input;
  const ctx = (actor: string): EngineContext => ({ now: input.at, actor: actor.toLowerCase(), directory, flows: input.flows });
  const effects: Effect[] = [];
  const problems: string[] = [];
  const staffingNotes = new Map<string, string[]>();
  const firedRules: number[] = [];
  const record = (out: Change<RequestState>, during: string) => {
    effects.push(...effectsOf(out, during));
    problems.push(...failuresOf(out));
    for (const e of out.events) {
      if (e.type === 'request.rule_fired') firedRules.push(Number(e.data.rule));
      if (e.type === 'request.step_started') staffingNotes.set(String(e.data.step), (e.data.notes as string[] | undefined) ?? []);
    }
  };

  const submitted = submitRequest({ id: input.id ?? 'R-TRIAL', flow, form: input.form }, ctx(input.requester));
  if (!submitted.ok) return { ok: false, stage: 'submit', refusal: submitted };
  let r = submitted.value.state;
  record(submitted.value, 'submitted');

  const script = input.decisions ? [...input.decisions] : undefined;
  for (let n = 0; n < MAX_DECISIONS && r.status === 'pending' && r.current !== undefined; n++) {
    const step = r.steps[r.current]!;
    let decision: TrialDecision | undefined;
    if (input.policy) {
      decision = input.policy(step);
      if (!decision) break;
    } else if (script) {
      decision = script.shift();
      if (!decision) break;
    } else {
      decision = { outcome: 'approved' };
    }
    const by = decision.by ?? step.slots.find(isPending)?.email;
    if (!by) break;
    const result = decide(r, flow, { outcome: decision.outcome, ...(decision.step ? { stepId: decision.step } : {}), ...(decision.outcome === 'rejected' ? { comment: decision.comment ?? 'Rejected in a trial.' } : decision.comment ? { comment: decision.comment } : {}) }, ctx(by));
    if (!result.ok) return { ok: false, stage: 'decision', refusal: result, decision, partial: r };
    const name = directory.nameOf(by);
    record(result.value, `${name} ${decision.outcome} ${step.name}`);
    r = result.value.state;
  }

  const vars = requestVars(r, directory);
  const steps = r.steps.map((step): StepTrace => {
    const def = flow.def.steps.find((s) => s.id === step.id)!;
    const trace: StepTrace = {
      id: step.id,
      name: step.name,
      status: step.status === 'skipped' ? 'skipped' : step.status === 'waiting' ? 'not_reached' : 'applied',
      mode: step.mode,
      approvers: step.slots.filter((s) => !s.replacedBy).map((s) => ({ email: s.email, name: directory.nameOf(s.email), reason: s.reason, ...(s.onBehalfOf ? { onBehalfOf: s.onBehalfOf } : {}) })),
      notes: staffingNotes.get(step.id) ?? [],
    };
    if (def.when) trace.condition = conditionTrace(def.when, def.explain?.needed, flow, vars);
    if (step.required !== undefined) trace.required = step.required;
    if (step.status === 'approved' || step.status === 'rejected') trace.result = step.automatic ? (step.status === 'approved' ? 'auto_approved' : 'auto_rejected') : step.status;
    if (step.status === 'active') trace.result = 'waiting';
    if (step.startedAt && input.clocks !== false) {
      trace.startedAt = step.startedAt;
      const clock = stepClock(step, def, directory);
      if (clock?.slaDue) trace.sla = { due: clock.slaDue.toISOString(), zone: clock.zone, holidays: holidaysBetween(directory, clock.zone, clock.start, clock.slaDue) };
      if (def.escalation) {
        const at = clock?.escalateAt ?? clock?.slaDue;
        const scope = { requester: r.requester, form: r.form, approvers: step.slots.map((s) => s.email) };
        trace.escalation = { ...(at ? { at: at.toISOString() } : {}), to: targetsOf(def.escalation.to, scope, directory, input.flows).map(targetName) };
      }
      if (clock?.autoAt && def.autoDecision) trace.autoDecision = { at: clock.autoAt.toISOString(), decision: def.autoDecision.decision };
    }
    return trace;
  });
  const outcome = r.status === 'approved' || r.status === 'rejected' ? r.status : 'pending';
  return { ok: true, request: r, steps, outcome, effects, problems, firedRules };
}

// the words of a condition depend only on the flow: worked out once per flow version, not per replay
const wordsCache = new WeakMap<LoadedRequestFlow, Map<string, string>>();

export function conditionTrace(source: string, explain: string | undefined, flow: LoadedRequestFlow, vars: Record<string, unknown>): ConditionTrace {
  const cache = wordsCache.get(flow) ?? new Map<string, string>();
  wordsCache.set(flow, cache);
  const words = explain ?? cache.get(source) ?? conditionInWords(source, { fields: flow.def.form }) ?? source;
  if (!explain) cache.set(source, words);
  const result = tryEvaluate(flow.expr(source), vars);
  if (!result.ok) return { source, words, value: 'error', error: result.error };
  return { source, words, value: result.value === true };
}

const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;

/** The calendar's holidays from one instant to another, as days in `zone`. */
export function holidaysBetween(directory: Directory, zone: string, from: Date, to: Date): { date: string; name: string }[] {
  const first = DateTime.fromJSDate(from, { zone }).toISODate() ?? '';
  const last = DateTime.fromJSDate(to, { zone }).toISODate() ?? '';
  const working = new Set(directory.calendar.workingDays);
  // a holiday on a weekend changes nothing: only the ones that take away a working day (a
  // calendar date has the same weekday in every zone)
  const weekday = (date: string) => WEEKDAYS[new Date(`${date}T12:00:00Z`).getUTCDay()]!;
  return directory.calendar.holidays.filter((h) => h.date >= first && h.date <= last && working.has(weekday(h.date))).map((h) => ({ date: h.date, name: h.name }));
}
