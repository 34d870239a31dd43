// Runs the tests of flows/tests/*.yaml through the request and case trials and compares what
// happened with what each test expects. A failure names the place of the expectation in its
// file, what was expected, what happened, and why (the condition and its value, who is away).
import type { FlowCatalog, LoadedCaseFlow, LoadedRequestFlow } from '../../core/flow-runtime.ts';
import { explain, type RefusalCode } from '../../core/refusals.ts';
import type { CaseCommand } from '../../core/case/commands.ts';
import type { CaseEventSpec, CaseTest, RequestTest, TestFile } from '../../flows/test-file.ts';
import type { PathSegment } from '../../flows/problem.ts';
import type { Place } from '../../flows/yaml-source.ts';
import type { Directory } from '../../ports/directory.ts';
import { parseAtTime, showInstant } from './at-time.ts';
import { runCaseTrial, type CaseTrialEvent } from './case-trial.ts';
import { withAbsences } from './directory-overrides.ts';
import type { Effect } from './effects.ts';
import { runRequestTrial, type StepTrace } from './request-trial.ts';

export interface Failure {
  place: Place;
  /** what was checked, e.g. steps.finance.approvers */
  what: string;
  expected: string;
  actual: string;
  why: string[];
}

export interface TestResult {
  file: string;
  name: string;
  place: Place;
  failures: Failure[];
}

/** What the tests of one flow exercised: each condition seen true and false, each rule fired, each outcome. */
export interface Coverage {
  flow: string;
  missing: string[];
}

export interface SuiteInput {
  file: string;
  value: TestFile;
  locate: (path: readonly PathSegment[]) => Place;
}

export interface SuiteContext {
  flows: FlowCatalog;
  directory: Directory;
  now: Date;
}

interface Seen {
  conditions: Map<string, Set<boolean>>;
  rules: Set<number>;
  outcomes: Set<string>;
}

export function runSuites(suites: readonly SuiteInput[], ctx: SuiteContext): { results: TestResult[]; coverage: Coverage[] } {
  const results: TestResult[] = [];
  const seen = new Map<string, Seen>();
  for (const suite of suites) {
    const s = seen.get(suite.value.flow) ?? { conditions: new Map(), rules: new Set(), outcomes: new Set() };
    seen.set(suite.value.flow, s);
    suite.value.tests.forEach((test, i) => {
      const at = (path: PathSegment[]) => suite.locate(['tests', i, ...path]);
      const failures = suite.value.kind === 'request' ? runRequestTest(suite.value.flow, test as RequestTest, at, ctx, s) : runCaseTest(suite.value.flow, test as CaseTest, at, ctx, s);
      results.push({ file: suite.file, name: test.name, place: at(['name']), failures });
    });
  }
  const coverage: Coverage[] = [];
  for (const flow of [...ctx.flows.requestFlows(), ...ctx.flows.caseFlows()]) {
    if (!seen.has(flow.def.id)) coverage.push({ flow: flow.def.id, missing: ['no tests'] });
  }
  for (const [flowId, s] of seen) {
    const missing: string[] = [];
    const request = ctx.flows.requestFlow(flowId);
    const caseFlow = ctx.flows.caseFlow(flowId);
    if (request) {
      for (const step of request.def.steps) {
        if (!step.when) continue;
        const values = s.conditions.get(step.id) ?? new Set();
        for (const v of [true, false]) if (!values.has(v)) missing.push(`step ${step.id}: its condition is never ${v} (${step.when})`);
      }
      if (request.def.onApprove.length > 0 && !s.outcomes.has('approved')) missing.push('onApprove: no test ends approved');
      if (request.def.onReject.length > 0 && !s.outcomes.has('rejected')) missing.push('onReject: no test ends rejected');
    }
    const rules = request?.def.rules ?? caseFlow?.def.rules ?? [];
    rules.forEach((rule, n) => {
      if (!s.rules.has(n)) missing.push(`rules[${n}] (on ${rule.on}${rule.when ? `, when ${rule.when}` : ''}) never fires`);
    });
    coverage.push({ flow: flowId, missing });
  }
  return { results, coverage };
}

type At = (path: PathSegment[]) => Place;

function startTime(text: string | undefined, zone: string, now: Date): { at: Date; problem?: string } {
  if (!text) return { at: now };
  const [time, named] = text.split(' ');
  const parsed = parseAtTime(time!, named, zone);
  return parsed.ok ? { at: parsed.at } : { at: now, problem: parsed.message };
}

function unknownFlow(flowId: string, kind: string, at: At): Failure[] {
  return [{ place: at([]), what: 'flow', expected: `a ${kind} flow called ${flowId}`, actual: 'none in the flows directory', why: [] }];
}

// ---------------------------------------------------------------- requests

function runRequestTest(flowId: string, test: RequestTest, at: At, ctx: SuiteContext, seen: Seen): Failure[] {
  const flow = ctx.flows.requestFlow(flowId);
  if (!flow) return unknownFlow(flowId, 'request', at);
  const failures: Failure[] = [];
  const fail = (path: PathSegment[], what: string, expected: string, actual: string, why: string[] = []) => failures.push({ place: at(path), what, expected, actual, why });
  const arranged = arrange(test, ctx, at);
  if ('failures' in arranged) return arranged.failures;
  const { directory, start } = arranged;
  for (const [i, d] of (test.decisions ?? []).entries()) {
    if (d.step && !flow.def.steps.some((s) => s.id === d.step)) return [{ place: at(['decisions', i, 'step']), what: 'decisions', expected: `a step of ${flowId}: ${flow.def.steps.map((s) => s.id).join(', ')}`, actual: d.step, why: [] }];
  }
  const trial = runRequestTrial({
    flow,
    flows: ctx.flows,
    directory,
    requester: test.as,
    form: test.form,
    at: start.at,
    ...(test.decisions ? { decisions: test.decisions.map((d) => ({ outcome: d.outcome === 'approve' ? ('approved' as const) : ('rejected' as const), ...(d.step ? { step: d.step } : {}), ...(d.by ? { by: d.by } : {}), ...(d.comment ? { comment: d.comment } : {}) })) } : {}),
  });
  const e = test.expect;
  if (!trial.ok) {
    const why = trial.refusal.fieldErrors ? Object.entries(trial.refusal.fieldErrors).map(([f, m]) => `form.${f}: ${m}`) : [];
    const actual = `refused (${trial.refusal.code}): ${explain(trial.refusal.code, trial.refusal.details)}`;
    if (e.refused === trial.refusal.code) return [];
    fail(e.refused ? ['expect', 'refused'] : trial.stage === 'submit' ? ['form'] : ['decisions'], 'refused', e.refused ?? `the ${trial.stage === 'submit' ? 'submission' : 'decision'} accepted`, actual, why);
    return failures;
  }
  if (e.refused) fail(['expect', 'refused'], 'refused', e.refused, 'accepted');
  for (const step of trial.steps) {
    if (step.condition && step.status !== 'not_reached' && step.condition.value !== 'error') {
      const values = seen.conditions.get(step.id) ?? new Set<boolean>();
      values.add(step.condition.value);
      seen.conditions.set(step.id, values);
    }
  }
  trial.firedRules.forEach((n) => seen.rules.add(n));
  seen.outcomes.add(trial.outcome);

  for (const [stepId, exp] of Object.entries(e.steps ?? {})) {
    const path = ['expect', 'steps', stepId];
    const step = trial.steps.find((s) => s.id === stepId);
    if (!step) {
      fail(path, `steps.${stepId}`, `a step of ${flowId}`, `no such step; its steps: ${trial.steps.map((s) => s.id).join(', ')}`);
      continue;
    }
    const want = typeof exp === 'string' ? { status: exp } : exp;
    const why = stepWhy(step, flow, trial.request.form);
    if (want.status && want.status !== step.status) fail(typeof exp === 'string' ? path : [...path, 'status'], `steps.${stepId}`, want.status, step.status, why);
    if (want.approvers) {
      const actual = step.approvers.map((a) => a.email);
      if (!sameSet(want.approvers, actual)) fail([...path, 'approvers'], `steps.${stepId}.approvers`, list(want.approvers), list(actual), [...why, ...approverWhy(step)]);
    }
    if (want.required !== undefined && want.required !== step.required) fail([...path, 'required'], `steps.${stepId}.required`, String(want.required), String(step.required ?? 'none'), why);
    if (want.result && want.result !== step.result) fail([...path, 'result'], `steps.${stepId}.result`, want.result, step.result ?? 'none (not started)', why);
    if (want.slaDue) {
      const zone = step.sla?.zone ?? directory.calendar.timezone;
      const expected = startTime(want.slaDue, zone, ctx.now);
      const actual = step.sla ? new Date(step.sla.due) : undefined;
      if (expected.problem) fail([...path, 'slaDue'], `steps.${stepId}.slaDue`, 'a time', expected.problem);
      else if (!actual || actual.getTime() !== expected.at.getTime()) {
        fail([...path, 'slaDue'], `steps.${stepId}.slaDue`, showInstant(expected.at, zone), actual ? showInstant(actual, zone) : 'no SLA (the step did not start or has none)', step.sla?.holidays.length ? [`the window skips ${step.sla.holidays.map((h) => `${h.name} (${h.date})`).join(', ')}`] : []);
      }
    }
  }
  if (e.outcome && e.outcome !== trial.outcome) {
    const why = trial.steps.filter((s) => s.result === 'rejected' || s.result === 'auto_rejected' || s.result === 'waiting').map((s) => `${s.name}: ${s.result}`);
    fail(['expect', 'outcome'], 'outcome', e.outcome, trial.outcome, why);
  }
  checkEffects(e, trial.effects, fail, directory);
  return failures;
}

function stepWhy(step: StepTrace, flow: LoadedRequestFlow, form: Record<string, unknown>): string[] {
  const why: string[] = [];
  const c = step.condition;
  if (c) {
    why.push(`condition "${c.words}" is ${c.value === 'error' ? `an error (${c.error})` : c.value}  [when: ${c.source}]`);
    for (const field of flow.def.form) {
      if (c.source.includes(`form.${field.id}`)) {
        const value = form[field.id];
        why.push(`${field.id} = ${value === undefined ? '(empty)' : typeof value === 'object' ? `${(value as { amount: number; currency: string }).amount} ${(value as { currency: string }).currency}` : String(value)}`);
      }
    }
  } else why.push('the step has no condition');
  if (step.status === 'not_reached') why.push('the request ended before this step');
  return why;
}

function approverWhy(step: StepTrace): string[] {
  return [...step.notes, ...step.approvers.map((a) => `${a.email}: ${a.reason}`)];
}

// ---------------------------------------------------------------- cases

function caseEvent(spec: CaseEventSpec): CaseTrialEvent {
  const by = 'by' in spec && spec.by ? { by: spec.by } : {};
  if ('wait' in spec) return { type: 'wait', duration: spec.wait };
  let command: CaseCommand;
  let label: string;
  if ('status' in spec) [command, label] = [{ type: 'set_status', status: spec.status }, `status ${spec.status}`];
  else if ('priority' in spec) [command, label] = [{ type: 'set_priority', priority: spec.priority }, `priority ${spec.priority}`];
  else if ('resolve' in spec) [command, label] = [{ type: 'resolve', resolution: spec.resolve }, 'resolved'];
  else if ('reopen' in spec) [command, label] = [{ type: 'reopen', reason: spec.reopen }, 'reopened'];
  else if ('assign' in spec) [command, label] = [{ type: 'assign', to: spec.assign }, `assigned to ${spec.assign}`];
  else [command, label] = [{ type: 'add_note', text: spec.note }, 'note'];
  return { type: 'command', command, label, ...by };
}

function runCaseTest(flowId: string, test: CaseTest, at: At, ctx: SuiteContext, seen: Seen): Failure[] {
  const flow = ctx.flows.caseFlow(flowId);
  if (!flow) return unknownFlow(flowId, 'case', at);
  const failures: Failure[] = [];
  const fail = (path: PathSegment[], what: string, expected: string, actual: string, why: string[] = []) => failures.push({ place: at(path), what, expected, actual, why });
  const arranged = arrange(test, ctx, at);
  if ('failures' in arranged) return arranged.failures;
  const { directory, start } = arranged;
  const trial = runCaseTrial({ flow, flows: ctx.flows, directory, opener: test.as, title: test.title, ...(test.priority ? { priority: test.priority } : {}), fields: test.fields, at: start.at, events: test.events.map(caseEvent) });
  const e = test.expect;
  if (!trial.ok) {
    if (e.refused === trial.refusal.code) return [];
    const why = trial.refusal.fieldErrors ? Object.entries(trial.refusal.fieldErrors).map(([f, m]) => `fields.${f}: ${m}`) : [];
    fail(e.refused ? ['expect', 'refused'] : trial.stage === 'open' ? ['fields'] : ['events', trial.event ?? 0], 'refused', e.refused ?? 'accepted', `refused (${trial.refusal.code}): ${explain(trial.refusal.code as RefusalCode, trial.refusal.details)}`, why);
    return failures;
  }
  if (e.refused) fail(['expect', 'refused'], 'refused', e.refused, 'accepted');
  trial.firedRules.forEach((n) => seen.rules.add(n));
  const c = trial.case;
  const why = ruleWhy(flow, trial.firedRules);
  if (e.status && e.status !== c.status) fail(['expect', 'status'], 'status', e.status, c.status, why);
  if (e.priority && e.priority !== c.priority) fail(['expect', 'priority'], 'priority', e.priority, c.priority, why);
  if (e.owner && e.owner !== c.owner) {
    const routing = flow.def.owner;
    const group = typeof routing === 'object' && 'group' in routing ? routing.group : '';
    const away = (directory.group(group)?.members ?? []).filter((m) => directory.absence(m, start.at)).map((m) => `${m} is away on ${start.at.toISOString().slice(0, 10)}`);
    fail(['expect', 'owner'], 'owner', e.owner, c.owner ?? 'nobody', [`owner routing: ${JSON.stringify(flow.def.owner)}`, ...away]);
  }
  for (const which of ['response', 'resolution'] as const) {
    const text = e.sla?.[which];
    if (!text) continue;
    const clock = trial.clocks.find((k) => k.which === which);
    const zone = clock?.zone ?? directory.calendar.timezone;
    const expected = startTime(text, zone, ctx.now);
    if (expected.problem) fail(['expect', 'sla', which], `sla.${which}`, 'a time', expected.problem);
    else if (!clock || new Date(clock.due).getTime() !== expected.at.getTime()) {
      fail(['expect', 'sla', which], `sla.${which}`, showInstant(expected.at, zone), clock ? `${showInstant(clock.due, zone)}${clock.paused ? ' (paused)' : ''}` : 'no running clock (met, resolved, or none for this priority)', [`priority ${c.priority}`, ...(c.pauses.length ? [`paused ${c.pauses.length} time(s)`] : [])]);
    }
  }
  if (e.breached && !sameSet(e.breached, trial.breached)) fail(['expect', 'breached'], 'breached', list(e.breached), list(trial.breached), trial.clocks.map((k) => `${k.which} due ${showInstant(k.due, k.zone)}`));
  checkEffects(e, trial.effects, fail, directory);
  return failures;
}

function ruleWhy(flow: LoadedCaseFlow, fired: number[]): string[] {
  return fired.length === 0 ? ['no rule fired'] : [...new Set(fired)].map((n) => `rules[${n}] fired (on ${flow.def.rules[n]!.on}${flow.def.rules[n]!.when ? `, when ${flow.def.rules[n]!.when}` : ''})`);
}

// ---------------------------------------------------------------- shared

/** the directory (with the test's absences) and start time a test runs with, or why it cannot run */
function arrange(test: Pick<RequestTest, 'as' | 'at' | 'directory'>, ctx: SuiteContext, at: At): { failures: Failure[] } | { directory: Directory; start: { at: Date } } {
  const setup = setupProblems(test.as, test.directory, ctx, at);
  if (setup.length > 0) return { failures: setup };
  const directory = withAbsences(ctx.directory, test.directory?.away ?? [], test.directory?.present ?? []);
  const start = startTime(test.at, directory.timezoneOf(test.as), ctx.now);
  if (start.problem) return { failures: [{ place: at(['at']), what: 'at', expected: 'a time', actual: start.problem, why: [] }] };
  return { directory, start };
}

function setupProblems(as: string, overrides: RequestTest['directory'], ctx: SuiteContext, at: At): Failure[] {
  const out: Failure[] = [];
  if (!ctx.directory.person(as)) out.push({ place: at(['as']), what: 'as', expected: 'a person in org.yaml', actual: as, why: [] });
  (overrides?.away ?? []).forEach((a, i) => {
    if (!ctx.directory.person(a.person)) out.push({ place: at(['directory', 'away', i, 'person']), what: 'directory.away', expected: 'a person in org.yaml', actual: a.person, why: [] });
    if (a.delegate && !ctx.directory.person(a.delegate)) out.push({ place: at(['directory', 'away', i, 'delegate']), what: 'directory.away', expected: 'a person in org.yaml', actual: a.delegate, why: [] });
  });
  return out;
}

type Fail = (path: PathSegment[], what: string, expected: string, actual: string, why?: string[]) => void;

function checkEffects(e: { notices?: { to?: string[]; text?: string }[]; casesOpened?: { flow: string; title?: string; priority?: string }[]; requestsStarted?: { flow: string }[] }, effects: Effect[], fail: Fail, directory: Directory): void {
  const notices = effects.filter((x): x is Extract<Effect, { kind: 'notice' }> => x.kind === 'notice');
  const cases = effects.filter((x): x is Extract<Effect, { kind: 'case' }> => x.kind === 'case');
  const requests = effects.filter((x): x is Extract<Effect, { kind: 'request' }> => x.kind === 'request');
  const showNotice = (n: (typeof notices)[number]) => `to ${list(n.to)} on ${n.during}: "${n.text}"`;
  if (e.notices) {
    if (e.notices.length !== notices.length) fail(['expect', 'notices'], 'notices', `${e.notices.length} notice(s)`, notices.length === 0 ? 'none' : `${notices.length}: ${notices.map(showNotice).join('; ')}`);
    else
      e.notices.forEach((want, i) => {
        const got = notices[i]!;
        const toOk = !want.to || sameSet(want.to.map((t) => t.toLowerCase()), got.to);
        const textOk = !want.text || got.text.includes(want.text);
        if (!toOk || !textOk) fail(['expect', 'notices', i], `notices[${i}]`, `${want.to ? `to ${list(want.to)}` : 'to anyone'}${want.text ? ` containing "${want.text}"` : ''}`, showNotice(got), got.to.map((t) => `${t}: ${directory.nameOf(t)}`));
      });
  }
  if (e.casesOpened) {
    const show = (x: (typeof cases)[number]) => `${x.flow} "${x.title}"${x.priority ? ` (${x.priority})` : ''} on ${x.during}`;
    if (e.casesOpened.length !== cases.length) fail(['expect', 'casesOpened'], 'casesOpened', `${e.casesOpened.length} case(s)`, cases.length === 0 ? 'none' : cases.map(show).join('; '));
    else
      e.casesOpened.forEach((want, i) => {
        const got = cases[i]!;
        if (want.flow !== got.flow || (want.title && !got.title.includes(want.title)) || (want.priority && want.priority !== got.priority)) fail(['expect', 'casesOpened', i], `casesOpened[${i}]`, `${want.flow}${want.title ? ` "${want.title}"` : ''}${want.priority ? ` (${want.priority})` : ''}`, show(got));
      });
  }
  if (e.requestsStarted) {
    const got = requests.map((r) => r.flow);
    const want = e.requestsStarted.map((r) => r.flow);
    if (got.join() !== want.join()) fail(['expect', 'requestsStarted'], 'requestsStarted', want.length ? list(want) : 'none', got.length ? list(got) : 'none');
  }
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  const x = [...a].map((s) => s.toLowerCase()).sort();
  const y = [...b].map((s) => s.toLowerCase()).sort();
  return x.length === y.length && x.every((v, i) => v === y[i]);
}

const list = (items: readonly string[]): string => (items.length === 0 ? 'nobody' : items.join(', '));
