// "Send back for changes": an approver returns the request to the requester, who edits it and
// resubmits into the same step. Votes already cast in that step were for the old content, so
// they are cleared; earlier steps stay approved.
import { change, type Change } from '../change.ts';
import type { EngineContext } from '../context.ts';
import type { LoadedRequestFlow } from '../flow-runtime.ts';
import { validateForm } from '../form/validate.ts';
import { ok, refuse, type Result } from '../result.ts';
import { todayFor } from '../today.ts';
import { subjectOf } from './advance.ts';
import { emit } from './emit.ts';
import { currentStep, seatOf } from './guard.ts';
import type { RequestState } from './state.ts';

export function sendBack(before: RequestState, flow: LoadedRequestFlow, input: { stepId?: string; reason: string }, ctx: EngineContext): Result<Change<RequestState>> {
  const r = structuredClone(before);
  const step = currentStep(r, input.stepId, ctx);
  if ('ok' in step) return step;
  const seat = seatOf(r, step, ctx);
  if ('ok' in seat) return seat;
  const def = flow.def.steps.find((s) => s.id === step.id);
  if (!def?.allowSendBack) return refuse('step.send_back_not_allowed', { request: r.id, step: step.name });
  const reason = input.reason.trim().slice(0, 2000);
  if (!reason) return refuse('request.reason_required', { request: r.id });
  r.status = 'changes_requested';
  r.sentBack = { by: ctx.actor, at: ctx.now.toISOString(), reason };
  const out = change(r);
  emit(out, ctx, 'request.sent_back', subjectOf(r), { step: step.id, reason });
  return ok(out);
}

export function resubmit(before: RequestState, flow: LoadedRequestFlow, input: { form: unknown }, ctx: EngineContext): Result<Change<RequestState>> {
  if (ctx.actor !== before.requester) return refuse('request.not_requester', { request: before.id, requester: ctx.directory.nameOf(before.requester) });
  if (before.status !== 'changes_requested') return refuse('request.not_changes_requested', { request: before.id });
  const form = validateForm(flow.def.form, input.form, { directory: ctx.directory, today: todayFor(ctx, before.requester) });
  if (!form.ok) return form;
  const r = structuredClone(before);
  const changed = Object.keys({ ...before.form, ...form.value }).filter((k) => JSON.stringify(before.form[k]) !== JSON.stringify(form.value[k]));
  r.form = form.value;
  r.status = 'pending';
  delete r.sentBack;
  const step = r.current !== undefined ? r.steps[r.current] : undefined;
  if (step) {
    for (const slot of step.slots) {
      delete slot.decision;
      slot.askedAt = ctx.now.toISOString();
    }
    // the approvers are asked afresh, so the step's clock (SLA, escalation, auto-decision) starts over
    step.startedAt = ctx.now.toISOString();
    step.round = (step.round ?? 1) + 1;
  }
  const out = change(r);
  emit(out, ctx, 'request.resubmitted', subjectOf(r), { changed, step: step?.id ?? null });
  return ok(out);
}
