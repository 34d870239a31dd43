// The request card as one person sees it: status, fields, progress, why they are asked, and
// only the buttons they may press now.
import type { Card, CardAction, CardProgress, Tone } from '../card.ts';
import type { EngineContext } from '../context.ts';
import type { LoadedRequestFlow } from '../flow-runtime.ts';
import { formatInstant, slaWord } from '../present/when.ts';
import { formFields, linkField } from '../present/values.ts';
import { slaState } from '../time/sla.ts';
import { stepClock } from '../timers/step-clock.ts';
import type { Step } from '../../flows/model.ts';
import { allowed, type RequestAsk } from '../may-run.ts';
import { conditionWords } from '../present/condition.ts';
import { slotFor } from './approvers.ts';
import { displayActor } from './guard.ts';
import { describeTally } from './tally.ts';
import type { RequestState, StepState } from './state.ts';

const statusLine = (r: RequestState): { label: string; tone: Tone } => {
  switch (r.status) {
    case 'pending':
      return { label: `Waiting for ${r.current !== undefined ? r.steps[r.current]!.name : 'approval'}`, tone: 'info' };
    case 'changes_requested':
      return { label: 'Sent back for changes', tone: 'warning' };
    case 'approved':
      return { label: 'Approved', tone: 'good' };
    case 'rejected':
      return { label: 'Rejected', tone: 'bad' };
    case 'recalled':
      return { label: 'Recalled', tone: 'neutral' };
    default: {
      const unhandled: never = r.status;
      throw new Error(`unhandled status ${String(unhandled)}`);
    }
  }
};

function progressOf(step: StepState, def: Step | undefined, ctx: EngineContext): CardProgress {
  const deciders = (outcome: string) =>
    step.slots.filter((s) => s.decision?.outcome === outcome).map((s) => displayActor(s.decision!.by, ctx) + (s.onBehalfOf ? ` for ${ctx.directory.nameOf(s.onBehalfOf)}` : ''));
  switch (step.status) {
    case 'approved':
      return { label: step.name, state: 'done', detail: step.automatic ? step.note ?? 'approved automatically' : `approved by ${deciders('approved').join(', ')}` };
    case 'rejected':
      return { label: step.name, state: 'rejected', detail: step.automatic ? step.note ?? 'rejected automatically' : `rejected by ${deciders('rejected').join(', ')}` };
    case 'skipped':
      return { label: step.name, state: 'skipped', detail: step.note ?? 'skipped' };
    case 'active': {
      const waiting = step.slots.filter((s) => !s.decision && !s.replacedBy).map((s) => ctx.directory.nameOf(s.email));
      return { label: step.name, state: 'current', detail: `${describeTally(step)}; waiting on ${waiting.join(', ') || 'nobody'}` };
    }
    case 'waiting':
      // not reached yet: a conditional step may still be left out, so it is not "pending"
      return { label: step.name, state: 'todo', detail: def?.when ? 'may be needed' : 'comes next when the steps before it are done' };
    default: {
      const unhandled: never = step.status;
      throw new Error(`unhandled step status ${String(unhandled)}`);
    }
  }
}

/** Where the current step's SLA stands, with the due time in the viewer's time zone. */
function slaOf(step: StepState, def: Step, viewer: string, ctx: EngineContext): Card['sla'] {
  if (step.status !== 'active') return undefined;
  const clock = stepClock(step, def, ctx.directory);
  if (!clock?.slaDue) return undefined;
  const state = slaState(ctx.now, clock.start, clock.slaDue);
  return { state, due: clock.slaDue.toISOString(), label: `${slaWord(state)} · ${step.name} due ${formatInstant(clock.slaDue, ctx.directory.timezoneOf(viewer))}` };
}

/** The actions a viewer might take on a request, each with the ask the guard answers for it. */
function candidates(r: RequestState, step: StepState | undefined, def: Step | undefined): { ask: RequestAsk; action: CardAction }[] {
  const out: { ask: RequestAsk; action: CardAction }[] = [];
  if (step) {
    const on = { step: step.id };
    out.push({ ask: { type: 'approve', ...on }, action: { id: 'request.approve', label: 'Approve', style: 'primary', value: step.id } });
    out.push({ ask: { type: 'reject', ...on }, action: { id: 'request.reject', label: 'Reject', style: 'danger', value: step.id, input: { kind: 'reason', label: 'Why are you rejecting it?', required: true } } });
    if (def?.allowSendBack) out.push({ ask: { type: 'send_back', ...on }, action: { id: 'request.send_back', label: 'Send back', value: step.id, input: { kind: 'reason', label: 'What should change?', required: true } } });
    out.push({ ask: { type: 'reassign', ...on }, action: { id: 'request.reassign', label: 'Hand my place to…', value: step.id, input: { kind: 'person', label: 'Who should decide instead of you?', required: true } } });
    out.push({ ask: { type: 'add_approver', ...on }, action: { id: 'request.add_approver', label: 'Add an approver', value: step.id, input: { kind: 'person', label: 'Who else should approve this step?', required: true } } });
  }
  if (r.status === 'changes_requested') out.push({ ask: { type: 'resubmit' }, action: { id: 'request.resubmit', label: 'Edit and resubmit', style: 'primary' } });
  if (r.status === 'pending' || r.status === 'changes_requested') out.push({ ask: { type: 'recall' }, action: { id: 'request.recall', label: 'Recall' } });
  // a comment is worth offering while there is still something to talk about
  if (r.status === 'pending' || r.status === 'changes_requested') out.push({ ask: { type: 'comment' }, action: { id: 'request.comment', label: 'Comment', input: { kind: 'reason', label: 'Your comment', required: true } } });
  return out;
}

export function requestCard(r: RequestState, flow: LoadedRequestFlow, viewer: string, ctx: EngineContext): Card {
  const step = r.status === 'pending' && r.current !== undefined ? r.steps[r.current] : undefined;
  const seat = step && viewer !== r.requester ? slotFor(step.slots, viewer, ctx.directory, ctx.now) : undefined;
  const def = step ? flow.def.steps.find((s) => s.id === step.id) : undefined;
  // only what the viewer would not be refused: the same guard the engine asks (may-run.ts)
  const as = { ...ctx, actor: viewer };
  const actions = candidates(r, step, def)
    .filter((c) => allowed({ on: 'request', state: r, flow, ask: c.ask }, as))
    .map((c) => c.action);
  const why = seat ? [seat.via ? `You cover for ${ctx.directory.nameOf(seat.via)}, who is away.` : '', seat.slot.reason, def?.when ? `This step applies because ${conditionWords(def, flow.def.form, r.form)!.needed}.` : ''].filter(Boolean).join(' ') : undefined;
  const footer = r.sentBack
    ? `Sent back by ${ctx.directory.nameOf(r.sentBack.by)}: ${r.sentBack.reason}`
    : r.rejection && r.status === 'rejected'
      ? `Rejected by ${displayActor(r.rejection.by, ctx)}: ${r.rejection.reason}`
      : undefined;
  const sla = step && def ? slaOf(step, def, viewer, ctx) : undefined;
  return {
    key: `request:${r.id}`,
    title: r.title,
    subtitle: `${r.flowName} · ${r.id} · raised by ${ctx.directory.nameOf(r.requester)}`,
    status: statusLine(r),
    fields: [...formFields(flow.def.form, r.form, ctx.directory), ...linkField(r.links)],
    ...(why ? { why } : {}),
    // a step left open by a recall was never decided: it is not "current" any more
    progress: r.steps.map((s) => (r.status === 'recalled' && s.status === 'active' ? { label: s.name, state: 'skipped' as const, detail: 'not decided: the request was recalled' } : progressOf(s, flow.def.steps.find((d) => d.id === s.id), ctx))),
    actions,
    ...(sla ? { sla } : {}),
    ...(footer ? { footer } : {}),
    version: r.version,
  };
}
