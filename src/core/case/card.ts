// The root card of a case thread: owner, status, priority, tasks, and the actions of a case.
// The channel copy is the same for everyone; a person's own copy offers only what they may do.
import type { Card, CardAction, CardInput, Tone } from '../card.ts';
import type { EngineContext } from '../context.ts';
import type { LoadedCaseFlow } from '../flow-runtime.ts';
import { formatInstant, slaWord } from '../present/when.ts';
import { formFields, linkField } from '../present/values.ts';
import { slaState } from '../time/sla.ts';
import { caseClocks, caseZone } from '../timers/case-clock.ts';
import { LINK_KINDS } from '../links.ts';
import { allowed, type CaseAsk } from '../may-run.ts';
import { mayRaiseFromCase } from '../permissions/may.ts';
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

/** a note stays on the timeline; an update is also told to the case's members and watchers */
const NOTE_KINDS: CardInput = { kind: 'choice', label: 'Who hears of it?', required: false, options: [{ id: 'note', label: 'On the timeline only' }, { id: 'update', label: 'A status update: tell members and watchers' }] };

/** The actions of a case, each with the ask the guard answers for it. */
function candidates(c: CaseState, flow: LoadedCaseFlow, ctx: EngineContext, viewer?: string): { ask: CaseAsk; action: CardAction }[] {
  const { def } = flow;
  const out: { ask: CaseAsk; action: CardAction }[] = [];
  const add = (ask: CaseAsk, action: CardAction) => out.push({ ask, action });
  const person = (label: string) => ({ kind: 'person' as const, label, required: true });
  const open = c.tasks.filter((t) => !t.done);
  const whichTask = open.length ? { kind: 'choice' as const, label: 'Task', required: true, options: open.map((t) => ({ id: t.id, label: `${t.id} ${t.title}`.slice(0, 75) })) } : undefined;
  const closed = c.category === 'closed';
  // the first six are the case's everyday actions (Teams shows six in its action bar)
  if (!closed) {
    add({ type: 'take' }, { id: 'case.take', label: 'Take ownership', style: 'primary' });
    add({ type: 'set_status', status: '' }, { id: 'case.set_status', label: 'Status', input: { kind: 'choice', label: 'New status', required: true, options: def.statuses.filter((s) => s.category !== 'closed').map((s) => ({ id: s.id, label: s.name })) } });
    add({ type: 'set_priority', priority: '' }, { id: 'case.set_priority', label: 'Priority', input: { kind: 'choice', label: 'New priority', required: true, options: def.priorities.map((p) => ({ id: p.id, label: p.name })) } });
    add({ type: 'task' }, { id: 'case.add_task', label: 'Add task', input: { kind: 'text', label: 'Task', required: true } });
    add({ type: 'add_note', text: '' }, { id: 'case.add_note', label: 'Note', input: { kind: 'reason', label: 'Note', required: true }, pick: NOTE_KINDS });
    add({ type: 'resolve', resolution: '' }, { id: 'case.resolve', label: 'Resolve', style: 'primary', input: { kind: 'reason', label: 'Resolution', required: true } });
    add({ type: 'assign', to: '' }, { id: 'case.assign', label: 'Assign', input: person('New owner') });
    for (const task of open.slice(0, 5)) add({ type: 'task' }, { id: 'case.complete_task', label: `Done: ${task.title.slice(0, 40)}`, value: task.id });
    if (whichTask) {
      add({ type: 'task' }, { id: 'case.assign_task', label: 'Assign a task', input: person('Assignee'), pick: whichTask });
      add({ type: 'task' }, { id: 'case.set_task_due', label: 'Task due date', input: { kind: 'date', label: 'Due on', required: true }, pick: whichTask });
    }
    for (const task of c.tasks.filter((t) => t.done).slice(-2)) add({ type: 'task' }, { id: 'case.reopen_task', label: `Reopen: ${task.title.slice(0, 40)}`, value: task.id });
    add({ type: 'add_member', person: '' }, { id: 'case.add_member', label: 'Add member', input: person('Who should join the case?') });
    if (c.members.length) add({ type: 'add_member', person: '' }, { id: 'case.remove_member', label: 'Remove member', input: { kind: 'choice', label: 'Who should leave the case?', required: true, options: c.members.map((m) => ({ id: m, label: ctx.directory.nameOf(m) })) } });
  } else {
    add({ type: 'reopen' }, { id: 'case.reopen', label: 'Reopen', input: { kind: 'reason', label: 'Why reopen it?', required: false } });
  }
  add({ type: 'link', kind: 'related', target: '' }, { id: 'case.link', label: 'Link', input: { kind: 'text', label: 'Request or case id (R-12, C-3)', required: true }, pick: { kind: 'choice', label: 'Kind of link', required: true, options: LINK_KINDS.map((k) => ({ id: k, label: k.replace(/_/g, ' ') })) } });
  // the types the viewer may raise, as the engine checks them (dispatch.ts, case.start_request)
  const requestFlows = ctx.flows.requestFlows().filter((f) => !viewer || !mayRaiseFromCase(f, viewer, ctx));
  if (!closed && requestFlows.length) add({ type: 'start_request' }, { id: 'case.start_request', label: 'Start a request', input: { kind: 'choice', label: 'Which request?', required: true, options: requestFlows.map((f) => ({ id: f.def.id, label: f.def.name })) } });
  return out;
}

/** the buttons that are each person's own business: watching and muting */
function personal(c: CaseState, viewer: string | undefined): CardAction[] {
  if (!viewer) return [{ id: 'case.watch', label: 'Watch' }];
  const involved = c.owner === viewer || c.members.includes(viewer) || c.watchers.includes(viewer);
  return [
    ...(c.watchers.includes(viewer) ? [{ id: 'case.unwatch' as const, label: 'Stop watching' }] : c.owner === viewer || c.members.includes(viewer) ? [] : [{ id: 'case.watch' as const, label: 'Watch' }]),
    ...(involved ? [c.muted.includes(viewer) ? { id: 'case.unmute' as const, label: 'Unmute' } : { id: 'case.mute' as const, label: 'Mute' }] : []),
    ...(c.members.includes(viewer) ? [{ id: 'case.remove_member' as const, label: 'Leave the case', value: viewer }] : []),
  ];
}

/**
 * The case card. With a `viewer` it is that person's card (their Home, Teams' per-person refresh,
 * the console) and offers only what the guard would not refuse them; without one it is the root
 * card in the case channel, shared by everyone there, and offers what the case's state allows.
 */
export function caseCard(c: CaseState, flow: LoadedCaseFlow, ctx: EngineContext, viewer?: string): Card {
  const { def } = flow;
  const status = def.statuses.find((s) => s.id === c.status);
  const priority = def.priorities.find((p) => p.id === c.priority);
  const as = viewer ? { ...ctx, actor: viewer } : undefined;
  const actions = [...candidates(c, flow, ctx, viewer).filter((x) => !as || allowed({ on: 'case', state: c, flow, ask: x.ask }, as)).map((x) => x.action), ...personal(c, viewer)];
  const taskLines = c.tasks.map((t) => `${t.done ? '☑' : '☐'} ${t.id} ${t.title}${t.assignee ? ` (${ctx.directory.nameOf(t.assignee)})` : ''}${t.due && !t.done ? ` due ${formatInstant(new Date(t.due), viewer ? ctx.directory.timezoneOf(viewer) : caseZone(c, ctx.directory))}` : ''}`);
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
