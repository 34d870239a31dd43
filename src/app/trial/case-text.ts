// A case trial as plain text, for `docket simulate <case flow>`: who owns it, its priority after
// the rules, when its SLA clocks fall due, its tasks, and what the rules did.
import type { LoadedCaseFlow } from '../../core/flow-runtime.ts';
import type { Directory } from '../../ports/directory.ts';
import { conditionInWords } from '../../flows/explain-condition.ts';
import { showInstant } from './at-time.ts';
import type { CaseTrial } from './case-trial.ts';
import { effectLine } from './request-text.ts';

type Ok = Extract<CaseTrial, { ok: true }>;

export function caseTrialText(trial: Ok, flow: LoadedCaseFlow, directory: Directory, at: { at: Date; zone: string }): string[] {
  const c = trial.case;
  const zone = (email: string | undefined) => (email ? directory.timezoneOf(email) : directory.calendar.timezone);
  const lines = [`${flow.def.name} (${flow.def.id}, version ${flow.version}) opened by ${directory.nameOf(c.openedBy)} <${c.openedBy}>`, `at ${showInstant(at.at, at.zone)} (${at.zone})`, `title: ${c.title}`, ''];
  const routing = flow.def.owner;
  const how = routing === 'opener' ? 'the opener' : 'person' in routing ? 'named in the flow' : `${routing.strategy} in the ${directory.group(routing.group)?.name ?? routing.group} group as on a fresh system; people away that day are passed over`;
  lines.push(`owner: ${c.owner ? `${directory.nameOf(c.owner)} <${c.owner}>` : 'nobody'} (${how})`);
  const priority = flow.def.priorities.find((p) => p.id === c.priority);
  lines.push(`priority: ${priority?.name ?? c.priority} [${c.priority}]`);
  for (const k of trial.clocks) lines.push(`  ${k.which} due ${showInstant(k.due, k.zone)} (${k.zone})`);
  for (const t of c.tasks) lines.push(`task: ${t.title}${t.due ? `, due ${showInstant(t.due, zone(c.owner))}` : ''}`);
  lines.push('');
  flow.def.rules.forEach((rule, n) => {
    const fired = trial.firedRules.includes(n);
    const words = rule.when ? (rule.explain ?? conditionInWords(rule.when, { fields: flow.def.fields, priorities: flow.def.priorities, statuses: flow.def.statuses }) ?? rule.when) : undefined;
    lines.push(`rule ${n + 1} (on ${rule.on}${words ? `, when ${words}` : ''}): ${fired ? 'fired' : rule.on === 'opened' ? 'did not fire' : 'not triggered in this trial'}`);
  });
  lines.push(trial.effects.length > 0 ? 'Effects:' : 'Effects: none');
  for (const e of trial.effects) lines.push(`  ${effectLine(e, directory)}`);
  for (const p of trial.problems) lines.push(`Warning: ${p}`);
  lines.push('Nothing was written.');
  return lines;
}
