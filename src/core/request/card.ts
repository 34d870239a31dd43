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
import { slotFor } from './approvers.ts';
import { displayActor } from './guard.ts';
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

const systemOf = (flow: LoadedRequestFlow, step: StepState) => flow.def.steps.find((d) => d.id === step.id)?.system;

function progressOf(step: StepState, ctx: EngineContext, system?: { name: string }): CardProgress {
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
      return { label: step.name, state: 'current', detail: `${describeTally(step)}; waiting on ${waiting.join(', ') || 'nobody'}` };
    }
    case 'waiting':
      return { label: step.name, state: 'todo' };
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

export function requestCard(r: RequestState, flow: LoadedRequestFlow, viewer: string, ctx: EngineContext): Card {
  const step = r.status === 'pending' && r.current !== undefined ? r.steps[r.current] : undefined;
  const seat = step && viewer !== r.requester ? slotFor(step.slots, viewer, ctx.directory, ctx.now) : undefined;
  const def = step ? flow.def.steps.find((s) => s.id === step.id) : undefined;
  const actions: CardAction[] = [];
  if (step && seat) {
    actions.push({ id: 'request.approve', label: 'Approve', style: 'primary', value: step.id });
    actions.push({ id: 'request.reject', label: 'Reject', style: 'danger', value: step.id, input: { kind: 'reason', label: 'Why are you rejecting it?', required: true } });
    if (def?.allowSendBack) actions.push({ id: 'request.send_back', label: 'Send back', value: step.id, input: { kind: 'reason', label: 'What should change?', required: true } });
  }
  if (viewer === r.requester && r.status === 'changes_requested') actions.push({ id: 'request.resubmit', label: 'Edit and resubmit', style: 'primary' });
  if (viewer === r.requester && (r.status === 'pending' || r.status === 'changes_requested')) actions.push({ id: 'request.recall', label: 'Recall' });
  const why = seat ? [seat.via ? `You cover for ${ctx.directory.nameOf(seat.via)}, who is away.` : '', seat.slot.reason, def?.when ? `This step applies because ${def.when}.` : ''].filter(Boolean).join(' ') : undefined;
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
    status: statusLine(r, flow),
    fields: [...formFields(flow.def.form, r.form, ctx.directory), ...linkField(r.links)],
    ...(why ? { why } : {}),
    // a step left open by a recall was never decided: it is not "current" any more
    progress: r.steps.map((s) => (r.status === 'recalled' && s.status === 'active' ? { label: s.name, state: 'skipped' as const, detail: 'not decided: the request was recalled' } : progressOf(s, ctx, systemOf(flow, s)))),
    actions,
    ...(sla ? { sla } : {}),
    ...(footer ? { footer } : {}),
    version: r.version,
  };
}
