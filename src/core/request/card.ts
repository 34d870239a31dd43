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
import { displayActor, segregationRefusal } from './guard.ts';
import { explain } from '../refusals.ts';
import { describeTally } from './tally.ts';
import type { RequestState, StepState } from './state.ts';

const statusLine = (r: RequestState, flow: LoadedRequestFlow): { label: string; tone: Tone } => {
  switch (r.status) {
    case 'pending': {
      const step = r.current !== undefined ? r.steps[r.current] : undefined;
      const system = step ? flow.def.steps.find((d) => d.id === step.id)?.system : undefined;
      return { label: system ? `Waiting on ${system.name}` : `Waiting for ${step ? step.name : 'approval'}`, tone: 'info' };
    }
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
  const system = def?.system;
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
      if (system) return { label: step.name, state: 'current', detail: `waiting on ${system.name}` };
      const waiting = step.slots.filter((s) => !s.decision && !s.replacedBy).map((s) => ctx.directory.nameOf(s.email));
      // segregation of duties says who staffing left out, and when nobody is left
      const governance = [...(step.leftOut ?? []), ...(step.unstaffed ? [step.unstaffed] : [])].join(' ');
      return { label: step.name, state: 'current', detail: `${describeTally(step)}; waiting on ${waiting.join(', ') || 'nobody'}${governance ? `. ${governance}` : ''}` };
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

/**
 * What every copy of one card version shares, drawn once and read by each viewer's copy: one
 * decision redraws the card for the requester and every approver (issue 14: nine cards per
 * decision, each formatting the same fields and progress). Read-only once made.
 */
export interface RequestCardParts {
  subtitle: string;
  status: { label: string; tone: Tone };
  fields: Card['fields'];
  progress: CardProgress[];
  footer?: string;
  /** the current step's SLA clock, and its label per time zone as viewers ask for it */
  sla?: { state: NonNullable<Card['sla']>['state']; slaDue: Date; stepName: string; labels: Map<string, string> };
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

export function requestCardParts(r: RequestState, flow: LoadedRequestFlow, ctx: EngineContext): RequestCardParts {
  const step = r.status === 'pending' && r.current !== undefined ? r.steps[r.current] : undefined;
  const def = step ? flow.def.steps.find((s) => s.id === step.id) : undefined;
  const footer = r.sentBack
    ? `Sent back by ${ctx.directory.nameOf(r.sentBack.by)}: ${r.sentBack.reason}`
    : r.rejection && r.status === 'rejected'
      ? `Rejected by ${displayActor(r.rejection.by, ctx)}: ${r.rejection.reason}`
      : undefined;
  const clock = step && def && step.status === 'active' ? stepClock(step, def, ctx.directory) : undefined;
  return {
    subtitle: `${r.flowName} · ${r.id} · raised by ${ctx.directory.nameOf(r.requester)}`,
    status: statusLine(r, flow),
    fields: [...formFields(flow.def.form, r.form, ctx.directory), ...linkField(r.links)],
    // a step left open by a recall was never decided: it is not "current" any more
    progress: r.steps.map((s) => (r.status === 'recalled' && s.status === 'active' ? { label: s.name, state: 'skipped' as const, detail: 'not decided: the request was recalled' } : progressOf(s, flow.def.steps.find((d) => d.id === s.id), ctx))),
    ...(footer ? { footer } : {}),
    ...(step && clock?.slaDue ? { sla: { state: slaState(ctx.now, clock.start, clock.slaDue), slaDue: clock.slaDue, stepName: step.name, labels: new Map() } } : {}),
  };
}

/** Where the current step's SLA stands, with the due time in the viewer's time zone. */
function slaOf(parts: RequestCardParts, viewer: string, ctx: EngineContext): Card['sla'] {
  const sla = parts.sla;
  if (!sla) return undefined;
  const zone = ctx.directory.timezoneOf(viewer);
  let label = sla.labels.get(zone);
  if (label === undefined) {
    label = `${slaWord(sla.state)} · ${sla.stepName} due ${formatInstant(sla.slaDue, zone)}`;
    sla.labels.set(zone, label);
  }
  return { state: sla.state, due: sla.slaDue.toISOString(), label };
}

/**
 * The card as `viewer` sees it. `parts`: the shared parts of this version, when the caller draws
 * several copies of it (requestDeliveries); drawn here otherwise.
 */
export function requestCard(r: RequestState, flow: LoadedRequestFlow, viewer: string, ctx: EngineContext, parts: RequestCardParts = requestCardParts(r, flow, ctx)): Card {
  const step = r.status === 'pending' && r.current !== undefined ? r.steps[r.current] : undefined;
  const found = step && viewer !== r.requester ? slotFor(step.slots, viewer, ctx.directory, ctx.now) : undefined;
  // a seat barred by segregation of duties is not the viewer's to act from; the card says why
  const barred = step && found ? segregationRefusal(r, flow, step, found, { ...ctx, actor: viewer }) : undefined;
  const seat = barred ? undefined : found;
  const def = step ? flow.def.steps.find((s) => s.id === step.id) : undefined;
  // only what the viewer would not be refused: the same guard the engine asks (may-run.ts),
  // segregation of duties included: governance is one of the guard's rules
  const as = { ...ctx, actor: viewer };
  const actions = candidates(r, step, def)
    .filter((c) => allowed({ on: 'request', state: r, flow, ask: c.ask }, as))
    .map((c) => c.action);
  const why = barred
    ? explain(barred.code, barred.details)
    : seat
      ? [seat.via ? `You cover for ${ctx.directory.nameOf(seat.via)}, who is away.` : '', seat.slot.reason, def?.when ? `This step applies because ${conditionWords(def, flow.def.form, r.form)!.needed}.` : ''].filter(Boolean).join(' ')
      : undefined;
  const sla = slaOf(parts, viewer, ctx);
  return {
    key: `request:${r.id}`,
    title: r.title,
    subtitle: parts.subtitle,
    status: parts.status,
    fields: parts.fields,
    ...(why ? { why } : {}),
    progress: parts.progress,
    actions,
    ...(sla ? { sla } : {}),
    ...(parts.footer ? { footer: parts.footer } : {}),
    version: r.version,
  };
}
