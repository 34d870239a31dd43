// What chat must show after a case changed: the root card in the case channel, updated in
// place, a line in its thread for each change, and a direct note to people newly involved.
import type { Change } from '../change.ts';
import type { EngineContext } from '../context.ts';
import type { Delivery, Target } from '../delivery.ts';
import type { LoadedCaseFlow } from '../flow-runtime.ts';
import { displayActor } from '../request/guard.ts';
import { formatInstant } from '../present/when.ts';
import { caseZone } from '../timers/case-clock.ts';
import { caseCard } from './card.ts';
import type { CaseState } from './state.ts';

export function caseDeliveries(change: Change<CaseState>, flow: LoadedCaseFlow, ctx: EngineContext): Delivery[] {
  const c = change.state;
  const channel: Target = { kind: 'channel', channel: flow.def.channel };
  const cardKey = `case:${c.id}`;
  const out: Delivery[] = [{ type: 'card.upsert', target: channel, card: caseCard(c, flow, ctx) }];
  const thread = (text: string) => out.push({ type: 'thread.reply', target: channel, cardKey, text });
  const dm = (email: string, text: string) => {
    if (email !== ctx.actor) out.push({ type: 'message.post', target: { kind: 'person', email }, text });
  };
  const name = (v: unknown) => ctx.directory.nameOf(String(v));
  for (const e of change.events) {
    const who = displayActor(e.actor, ctx);
    const d = e.data;
    switch (e.type) {
      case 'case.opened':
        if (c.owner) dm(c.owner, `You own the new case ${c.id}: ${c.title}`);
        break;
      case 'case.owner_changed':
        thread(`${who} made ${name(d.to)} the owner.`);
        dm(String(d.to), `You now own case ${c.id}: ${c.title}`);
        break;
      case 'case.status_changed':
        thread(`${who} changed the status from ${String(d.from)} to ${String(d.to)}.`);
        break;
      case 'case.priority_changed':
        thread(`${who} changed the priority from ${String(d.from)} to ${String(d.to)}.`);
        break;
      case 'case.member_added':
        thread(`${who} added ${name(d.person)} to the case.`);
        dm(String(d.person), `${who} added you to case ${c.id}: ${c.title}`);
        break;
      case 'case.task_added':
        thread(`${who} added task ${String(d.task)}: ${String(d.title)}`);
        if (d.assignee) dm(String(d.assignee), `${who} gave you a task on case ${c.id}: ${String(d.title)}`);
        break;
      case 'case.task_assigned':
        thread(`${who} assigned task ${String(d.task)} to ${name(d.assignee)}.`);
        dm(String(d.assignee), `${who} gave you task ${String(d.task)} on case ${c.id}.`);
        break;
      case 'case.task_completed':
        thread(`${who} completed task ${String(d.task)}.`);
        break;
      case 'case.task_reopened':
        thread(`${who} reopened task ${String(d.task)}.`);
        break;
      case 'case.note_added':
        // a reply typed in the thread is already there; notes from elsewhere are copied in
        if (d.source !== 'thread') thread(`${who}: ${String(d.text)}`);
        break;
      case 'case.linked':
        thread(`${who} linked ${String(d.target).replace(/^(request|case):/, '')} (${String(d.kind).replace(/_/g, ' ')}).`);
        break;
      case 'case.resolved':
        thread(`${who} resolved the case: ${String(d.resolution)}`);
        break;
      case 'case.reopened':
        thread(`${who} reopened the case${d.reason ? `: ${String(d.reason)}` : '.'}`);
        break;
      case 'case.sla_breached': {
        const due = new Date(String(d.due));
        thread(`The ${String(d.which)} SLA is breached: it was due ${formatInstant(due, caseZone(c, ctx.directory))}.`);
        if (c.owner) dm(c.owner, `Case ${c.id} (${c.title}) breached its ${String(d.which)} SLA.`);
        break;
      }
      case 'case.status_update_requested':
        if (c.owner) dm(c.owner, `Case ${c.id} (${c.title}) is due a status update: post a note in its thread.`);
        break;
      default:
        break;
    }
  }
  return [...out, ...change.notices];
}
