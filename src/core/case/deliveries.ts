// What chat must show after a case changed: the root card in the case channel, updated in
// place, a line in its thread for each change, and a direct note to people newly involved.
import type { Change } from '../change.ts';
import type { EngineContext } from '../context.ts';
import type { Delivery, Target } from '../delivery.ts';
import type { LoadedCaseFlow } from '../flow-runtime.ts';
import { ruleFailedNotices } from '../request/deliveries.ts';
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
  // the people who follow the case: its members and watchers (and its owner, for what others
  // do), each told once per change, never the person who made it and never someone who muted it
  const told = new Set<string>();
  const followers = (text: string, options: { owner?: boolean; skip?: readonly string[] } = {}) => {
    const people = [...c.members, ...c.watchers, ...(options.owner && c.owner ? [c.owner] : [])];
    for (const email of people) {
      if (email === ctx.actor || c.muted.includes(email) || told.has(email) || options.skip?.includes(email)) continue;
      told.add(email);
      out.push({ type: 'message.post', target: { kind: 'person', email }, text: `${c.id} · ${c.title}: ${text}` });
    }
  };
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
        followers(`${who} made ${name(d.to)} the owner.`, { skip: [String(d.to)] });
        break;
      case 'case.status_changed':
        thread(`${who} changed the status from ${String(d.from)} to ${String(d.to)}.`);
        followers(`${who} changed the status from ${String(d.from)} to ${String(d.to)}.`, { owner: true });
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
        if (d.update === true) followers(`update from ${who}: ${String(d.text)}`, { owner: true });
        break;
      case 'case.linked':
        thread(`${who} linked ${String(d.target).replace(/^(request|case):/, '')} (${String(d.kind).replace(/_/g, ' ')}).`);
        break;
      case 'case.resolved':
        thread(`${who} resolved the case: ${String(d.resolution)}`);
        followers(`${who} resolved it: ${String(d.resolution)}`, { owner: true });
        break;
      case 'case.reopened':
        thread(`${who} reopened the case${d.reason ? `: ${String(d.reason)}` : '.'}`);
        followers(`${who} reopened it${d.reason ? `: ${String(d.reason)}` : '.'}`, { owner: true });
        break;
      case 'case.sla_breached': {
        const due = new Date(String(d.due));
        thread(`The ${String(d.which)} SLA is breached: it was due ${formatInstant(due, caseZone(c, ctx.directory))}.`);
        if (c.owner) dm(c.owner, `Case ${c.id} (${c.title}) breached its ${String(d.which)} SLA.`);
        break;
      }
      case 'case.status_update_requested':
        if (c.owner && !c.muted.includes(c.owner)) dm(c.owner, `Case ${c.id} (${c.title}) is due a status update: post a note in its thread.`);
        // the cadence is for everyone following the case: they hear it is due too
        followers('a status update is due; the owner has been reminded.', { skip: c.owner ? [c.owner] : [] });
        break;
      case 'case.task_overdue': {
        const due = d.due ? ` (due ${formatInstant(new Date(String(d.due)), d.tell ? ctx.directory.timezoneOf(String(d.tell)) : caseZone(c, ctx.directory))})` : '';
        if (d.tell) dm(String(d.tell), d.stage === 'due' ? `Task ${String(d.task)} on case ${c.id} is due now${due}: ${String(d.title)}` : `Task ${String(d.task)} on your case ${c.id} is still not done${due}: ${String(d.title)}${d.assignee ? ` (assigned to ${name(d.assignee)})` : ''}`);
        break;
      }
      case 'case.rule_failed':
        out.push(...ruleFailedNotices(c.flowName, c.id, d, ctx));
        break;
      case 'case.member_removed':
        thread(`${who} took ${name(d.person)} off the case.`);
        break;
      default:
        break;
    }
  }
  return [...out, ...change.notices];
}
