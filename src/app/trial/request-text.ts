// A request trial as plain text: what `docket simulate` prints. One block per step, saying
// whether it applies and why, who is asked and when it is due.
import type { LoadedRequestFlow } from '../../core/flow-runtime.ts';
import { formatValue } from '../../core/present/values.ts';
import type { Directory } from '../../ports/directory.ts';
import { showInstant } from './at-time.ts';
import type { Effect } from './effects.ts';
import type { RequestTrial, StepTrace } from './request-trial.ts';

type Ok = Extract<RequestTrial, { ok: true }>;

export function requestTrialText(trial: Ok, flow: LoadedRequestFlow, directory: Directory, at: { at: Date; zone: string }, scripted: boolean): string[] {
  const r = trial.request;
  const lines: string[] = [];
  lines.push(`${flow.def.name} (${flow.def.id}, version ${flow.version}) raised by ${directory.nameOf(r.requester)} <${r.requester}>`);
  lines.push(`at ${showInstant(at.at, at.zone)} (${at.zone})`);
  lines.push(`title: ${r.title}`);
  for (const field of flow.def.form) {
    const value = r.form[field.id];
    if (value !== undefined) lines.push(`  ${field.id} = ${oneLine(formatValue(field, value, directory))}`);
  }
  lines.push('');
  trial.steps.forEach((step, i) => lines.push(...stepLines(step, i, directory)));
  lines.push('');
  const decided = scripted ? 'after the decisions given' : 'if everyone approves';
  lines.push(`Outcome ${decided}: ${trial.outcome}`);
  if (trial.effects.length > 0) {
    lines.push('Effects:');
    for (const e of trial.effects) lines.push(`  ${effectLine(e, directory)}`);
  } else lines.push('Effects: none');
  for (const p of trial.problems) lines.push(`Warning: ${p}`);
  lines.push('Nothing was written.');
  return lines;
}

function stepLines(step: StepTrace, i: number, directory: Directory): string[] {
  const out: string[] = [];
  const c = step.condition;
  const why = c ? `"${c.words}" is ${c.value === 'error' ? `an error (${c.error}), so the step is kept` : c.value ? 'true' : 'false'}   [when: ${c.source}]` : 'it has no condition';
  const head = `${i + 1}. ${step.name} [${step.id}]`;
  if (step.status === 'skipped') return [`${head}: skipped, because ${why}`];
  if (step.status === 'not_reached') return [`${head}: not reached (the request ended before it); ${why}`];
  out.push(`${head}: applies, because ${why}`);
  const needs = step.mode === 'any' ? 'any one approval' : step.mode === 'all' ? `all ${step.required ?? step.approvers.length} approvals` : `${step.required} approvals (quorum)`;
  out.push(`   asks (${needs}):`);
  for (const a of step.approvers) {
    const cover = a.onBehalfOf ? `, covering for ${directory.nameOf(a.onBehalfOf)}` : '';
    out.push(`     - ${a.name} <${a.email}>${cover}: ${a.reason}`);
  }
  for (const note of step.notes) out.push(`   note: ${note}`);
  if (step.sla) {
    const skipped = step.sla.holidays.length > 0 ? `; not counting ${step.sla.holidays.map((h) => `${h.name} (${h.date})`).join(', ')}` : '';
    out.push(`   SLA due ${showInstant(step.sla.due, step.sla.zone)} (${step.sla.zone}${skipped})`);
  }
  if (step.escalation) {
    const to = step.escalation.to.map((t) => (t.includes('@') ? directory.nameOf(t) : t)).join(', ') || 'nobody (the recipient resolves to no one)';
    out.push(`   escalates${step.escalation.at ? ` ${showInstant(step.escalation.at, step.sla?.zone ?? directory.calendar.timezone)}` : ''} to ${to}`);
  }
  if (step.autoDecision) out.push(`   decided automatically (${step.autoDecision.decision}) ${showInstant(step.autoDecision.at, step.sla?.zone ?? directory.calendar.timezone)}`);
  if (step.result) out.push(`   result: ${step.result.replace('_', ' ')}`);
  return out;
}

export function effectLine(e: Effect, directory: Directory): string {
  switch (e.kind) {
    case 'notice':
      return `on ${e.during}: notice to ${e.to.map((t) => (t.includes('@') ? directory.nameOf(t) : t)).join(', ')}: "${oneLine(e.text)}"`;
    case 'case':
      return `on ${e.during}: opens a ${e.flow} case "${oneLine(e.title)}"${e.priority ? ` (priority ${e.priority})` : ''}`;
    case 'request':
      return `on ${e.during}: starts a ${e.flow} request for ${directory.nameOf(e.requester)}`;
  }
}

const oneLine = (text: string): string => {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 100 ? `${flat.slice(0, 99)}…` : flat;
};
