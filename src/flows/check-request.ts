// Checks of a request flow beyond its shape: ids, approvers, quorum, durations, rules, links.
import { checkAction, type FlowIndex } from './check-actions.ts';
import { checkDuration, duplicates, oneOf } from './check-common.ts';
import type { OrgIndex } from './check-org.ts';
import { RefChecker } from './check-refs.ts';
import { checkRequestGovernance } from './check-governance.ts';
import type { Field, RequestFlow, Step } from './model.ts';
import type { PathProblem, PathSegment } from './problem.ts';

export function checkRequestFlow(flow: RequestFlow, org: OrgIndex | undefined, flows: FlowIndex): PathProblem[] {
  const refs = new RefChecker(org, flow.form, 'form');
  const out: PathProblem[] = [...checkFields(flow.form, ['form'])];
  out.push(...duplicates(flow.steps, (s) => s.id, ['steps'], 'id', 'step id'));
  flow.steps.forEach((step, i) => out.push(...checkStep(step, ['steps', i], refs)));

  const scope = { refs, flows };
  flow.onApprove.forEach((a, i) => out.push(...checkAction(a, ['onApprove', i], scope)));
  flow.onReject.forEach((a, i) => out.push(...checkAction(a, ['onReject', i], scope)));
  const stepIds = flow.steps.map((s) => s.id);
  flow.rules.forEach((rule, i) => {
    if (rule.step !== undefined && rule.on !== 'step_started') {
      out.push({ path: ['rules', i, 'step'], message: `expected step only with on: step_started (this rule is on: ${rule.on})` });
    } else if (rule.step !== undefined && !stepIds.includes(rule.step)) {
      out.push({ path: ['rules', i, 'step'], message: `unknown step "${rule.step}"; expected ${oneOf(stepIds)}` });
    }
    rule.then.forEach((a, j) => out.push(...checkAction(a, ['rules', i, 'then', j], scope)));
  });
  out.push(...checkRequestGovernance(flow, refs));
  return [...out, ...refs.problems];
}

/** Field ids and choice option ids; shared with case intake fields. */
export function checkFields(fields: readonly Field[], at: PathSegment[]): PathProblem[] {
  const out = duplicates(fields, (f) => f.id, at, 'id', 'field id');
  fields.forEach((f, i) => {
    if (f.type === 'choice') out.push(...duplicates(f.options, (o) => o.id, [...at, i, 'options'], 'id', 'option id'));
  });
  return out;
}

function checkStep(step: Step, at: PathSegment[], refs: RefChecker): PathProblem[] {
  const out: PathProblem[] = [];
  if (step.system) {
    if (step.approvers.length > 0) out.push({ path: [...at, 'approvers'], message: 'a system step has no approvers: its system.reporter reports back' });
    if (!step.autoDecision) out.push({ path: [...at, 'system'], message: 'a system step needs a timeout so it cannot wait forever; expected autoDecision: { after: 1 hour, decision: reject } next to it' });
    refs.person(step.system.reporter, [...at, 'system', 'reporter']);
  } else if (step.approvers.length === 0) {
    out.push({ path: [...at, 'approvers'], message: 'expected at least one approver (or system: … for a step another system does)' });
  }
  step.approvers.forEach((a, j) => refs.who(a, [...at, 'approvers', j]));
  if (step.mode === 'quorum' && step.quorum === undefined) {
    out.push({ path: [...at, 'mode'], message: 'mode quorum needs a count; expected quorum: N next to it' });
  }
  if (step.quorum !== undefined && step.mode !== 'quorum') {
    out.push({ path: [...at, 'quorum'], message: `quorum applies only with mode: quorum (this step is mode: ${step.mode})` });
  }
  const reach = refs.reach(step.approvers);
  if (step.mode === 'quorum' && step.quorum !== undefined && reach !== undefined && step.quorum > reach) {
    out.push({ path: [...at, 'quorum'], message: `quorum ${step.quorum} can never be met; expected at most ${reach}, the number of people these approvers resolve to` });
  }
  out.push(...checkDuration(step.sla, [...at, 'sla']));
  if (step.reminders !== 'never') out.push(...checkDuration(step.reminders.every, [...at, 'reminders', 'every']));
  if (step.escalation) {
    out.push(...checkDuration(step.escalation.after, [...at, 'escalation', 'after']));
    refs.who(step.escalation.to, [...at, 'escalation', 'to']);
  }
  if (step.autoDecision) out.push(...checkDuration(step.autoDecision.after, [...at, 'autoDecision', 'after']));
  return out;
}
