// What chat must show after a request changed: every copy of the card, redrawn for its viewer,
// and a line in the requester's thread for each outcome worth hearing about.
import type { Change } from '../change.ts';
import type { EngineContext } from '../context.ts';
import type { Delivery } from '../delivery.ts';
import type { LoadedRequestFlow } from '../flow-runtime.ts';
import { formatInstant } from '../present/when.ts';
import { requestCard, requestCardParts } from './card.ts';
import { displayActor } from './guard.ts';
import type { RequestState } from './state.ts';

/** Everyone who holds a copy of the card: the requester and every approver reached so far. */
export function audienceOf(r: RequestState, ctx: EngineContext): string[] {
  // a delegate whose cover began after the step started gets a card to act on too
  const covering = r.status === 'pending' && r.current !== undefined ? r.steps[r.current]!.slots.filter((s) => !s.decision && !s.replacedBy).map((s) => ctx.directory.absence(s.email, ctx.now)?.delegate) : [];
  return [...new Set([r.requester, ...r.steps.flatMap((s) => s.slots.map((slot) => slot.email)), ...covering.filter((d): d is string => d !== undefined && d !== r.requester)])];
}

/**
 * A rule that failed is told to the admins in chat, not only written on the timeline: a follow-up
 * that could not be opened, a condition that could not be evaluated. They can fix the flow.
 */
export function ruleFailedNotices(flowName: string, id: string, data: Record<string, unknown>, ctx: EngineContext): Delivery[] {
  const what = data.followUp ? `could not ${data.followUp === 'case.open' ? 'open a case' : 'start a request'} (${String(data.flow ?? '')})` : 'could not be evaluated';
  const text = `A rule of ${flowName} ${what} on ${id}: ${String(data.error ?? 'unknown error')}. Run "docket check" on the flows to see what to fix.`;
  return ctx.directory.role('admin').map((email) => ({ type: 'message.post' as const, target: { kind: 'person' as const, email }, text }));
}

export function requestDeliveries(change: Change<RequestState>, flow: LoadedRequestFlow, ctx: EngineContext): Delivery[] {
  const r = change.state;
  // one version, many copies: what they share is drawn once
  const parts = requestCardParts(r, flow, ctx);
  // a system step's reporter is a service account behind an API, not someone to send cards to
  const reporters = new Set(flow.def.steps.flatMap((d) => (d.system ? [d.system.reporter] : [])));
  const people = new Set([r.requester, ...r.steps.filter((s) => !flow.def.steps.find((d) => d.id === s.id)?.system).flatMap((s) => s.slots.map((slot) => slot.email))]);
  const out: Delivery[] = audienceOf(r, ctx).filter((email) => !reporters.has(email) || people.has(email)).map((email) => ({ type: 'card.upsert', target: { kind: 'person', email }, card: requestCard(r, flow, email, ctx, parts) }));
  const thread = (text: string) => out.push({ type: 'thread.reply', target: { kind: 'person', email: r.requester }, cardKey: `request:${r.id}`, text });
  const stepName = (id: unknown) => r.steps.find((s) => s.id === id)?.name ?? String(id);
  for (const e of change.events) {
    const who = displayActor(e.actor, ctx);
    switch (e.type) {
      case 'request.step_approved':
        thread(`${stepName(e.data.step)}: approved${e.data.automatic ? ` automatically (${String(e.data.reason)})` : ` by ${who}`}.`);
        break;
      case 'request.step_rejected':
        thread(`${stepName(e.data.step)}: rejected${e.data.automatic ? ` automatically (${String(e.data.reason)})` : ` by ${who}`}.`);
        break;
      case 'request.step_skipped':
        thread(`${stepName(e.data.step)}: skipped, not needed for this request.`);
        break;
      case 'request.sent_back':
        thread(`${who} sent it back for changes: ${String(e.data.reason)}`);
        break;
      case 'request.reassigned':
        thread(`${stepName(e.data.step)}: ${ctx.directory.nameOf(String(e.data.from))} handed it to ${ctx.directory.nameOf(String(e.data.to))}.`);
        break;
      case 'request.reminded':
        out.push({ type: 'message.post', target: { kind: 'person', email: String(e.data.approver) }, text: `Reminder: ${r.title} (${r.id}) is waiting for your decision on ${stepName(e.data.step)}.` });
        break;
      case 'request.sla_breached':
        thread(`${stepName(e.data.step)}: overdue, it was due ${formatInstant(new Date(String(e.data.due)), ctx.directory.timezoneOf(r.requester))}.`);
        break;
      case 'request.step_unstaffed':
        thread(`${stepName(e.data.step)}: nobody eligible is left to decide it (segregation of duties); the flow's admins were told.`);
        break;
      case 'request.escalated':
        thread(`${stepName(e.data.step)}: escalated to ${(e.data.to as string[]).map((t) => ctx.directory.nameOf(t)).join(', ')}.`);
        break;
      case 'request.commented': {
        thread(`${who} commented: ${String(e.data.text)}`);
        // the approvers now asked hear a comment from anyone else (the requester reads the thread)
        const waiting = r.status === 'pending' && r.current !== undefined ? r.steps[r.current]!.slots.filter((s) => !s.decision && !s.replacedBy).map((s) => s.email) : [];
        for (const email of waiting.filter((e2) => e2 !== ctx.actor)) out.push({ type: 'message.post', target: { kind: 'person', email }, text: `${who} commented on ${r.title} (${r.id}): ${String(e.data.text)}` });
        break;
      }
      case 'request.rule_failed':
        out.push(...ruleFailedNotices(r.flowName, r.id, e.data, ctx));
        break;
      case 'request.approved':
        thread('Your request is approved. 🎉');
        break;
      case 'request.rejected':
        thread(`Your request is rejected${r.rejection ? `: ${r.rejection.reason}` : '.'}`);
        break;
      default:
        break;
    }
  }
  return [...out, ...change.notices];
}
