// The root card of a case thread: owner, status, priority, tasks, and the actions of a case.
// It is posted in a channel, so it is the same for everyone; the engine checks each click.
import type { Card, CardAction, Tone } from '../card.ts';
import type { EngineContext } from '../context.ts';
import type { LoadedCaseFlow } from '../flow-runtime.ts';
import { formatInstant, slaWord } from '../present/when.ts';
import { formFields, linkField } from '../present/values.ts';
import { slaState } from '../time/sla.ts';
import { caseClocks, caseZone } from '../timers/case-clock.ts';
import type { CaseState } from './state.ts';

const toneOf = (c: CaseState): Tone => (c.category === 'closed' ? 'good' : c.category === 'waiting' ? 'warning' : 'info');

/** The most pressing SLA clock: the response until someone responded, then the resolution. */
function slaOf(c: CaseState, flow: LoadedCaseFlow, ctx: EngineContext): Card['sla'] {
  const clock = caseClocks(c, flow, ctx.directory, ctx.now)[0];
  if (!clock) return undefined;
  const state = slaState(ctx.now, clock.start, clock.due);
  const what = clock.which === 'response' ? 'Response' : 'Resolution';
  const due = formatInstant(clock.due, caseZone(c, ctx.directory));
  const label = clock.paused ? `Paused while ${flow.def.statuses.find((s) => s.id === c.status)?.name ?? c.status} · ${what} due ${due} if resumed now` : `${slaWord(state)} · ${what} due ${due}`;
  return { state, due: clock.due.toISOString(), label };
}

export function caseCard(c: CaseState, flow: LoadedCaseFlow, ctx: EngineContext): Card {
  const { def } = flow;
  const status = def.statuses.find((s) => s.id === c.status);
  const priority = def.priorities.find((p) => p.id === c.priority);
  const open = c.category !== 'closed';
  const actions: CardAction[] = [];
  if (open) {
    actions.push({ id: 'case.take', label: 'Take ownership', style: 'primary' });
    actions.push({ id: 'case.set_status', label: 'Status', input: { kind: 'choice', label: 'New status', required: true, options: def.statuses.filter((s) => s.category !== 'closed').map((s) => ({ id: s.id, label: s.name })) } });
    actions.push({ id: 'case.set_priority', label: 'Priority', input: { kind: 'choice', label: 'New priority', required: true, options: def.priorities.map((p) => ({ id: p.id, label: p.name })) } });
    actions.push({ id: 'case.add_task', label: 'Add task', input: { kind: 'text', label: 'Task', required: true } });
    for (const task of c.tasks.filter((t) => !t.done).slice(0, 5)) actions.push({ id: 'case.complete_task', label: `Done: ${task.title.slice(0, 40)}`, value: task.id });
    actions.push({ id: 'case.resolve', label: 'Resolve', style: 'primary', input: { kind: 'reason', label: 'Resolution', required: true } });
  } else {
    actions.push({ id: 'case.reopen', label: 'Reopen', input: { kind: 'reason', label: 'Why reopen it?', required: false } });
  }
  const taskLines = c.tasks.map((t) => `${t.done ? '☑' : '☐'} ${t.id} ${t.title}${t.assignee ? ` (${ctx.directory.nameOf(t.assignee)})` : ''}${t.due && !t.done ? ` due ${t.due.slice(0, 16).replace('T', ' ')} UTC` : ''}`);
  const fields = [
    { label: 'Owner', value: c.owner ? ctx.directory.nameOf(c.owner) : 'Unassigned' },
    { label: 'Priority', value: priority ? `${priority.id} · ${priority.name}` : c.priority },
    { label: 'Opened by', value: ctx.directory.nameOf(c.openedBy) },
    ...(c.members.length ? [{ label: 'Members', value: c.members.map((m) => ctx.directory.nameOf(m)).join(', ') }] : []),
    ...formFields(def.fields, c.fields, ctx.directory),
    ...(c.description ? [{ label: 'Description', value: c.description }] : []),
    ...(taskLines.length ? [{ label: `Tasks (${c.tasks.filter((t) => t.done).length}/${c.tasks.length} done)`, value: taskLines.join('\n') }] : []),
    ...linkField(c.links),
  ];
  const sla = slaOf(c, flow, ctx);
  return {
    key: `case:${c.id}`,
    title: c.title,
    subtitle: `${c.flowName} · ${c.id}`,
    status: { label: status?.name ?? c.status, tone: toneOf(c) },
    fields,
    progress: [],
    actions,
    ...(sla ? { sla } : {}),
    ...(c.resolution ? { footer: `Resolved: ${c.resolution}` } : {}),
    version: c.version,
  };
}
