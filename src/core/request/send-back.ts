// "Send back for changes": an approver returns the request to the requester, who edits it and
// resubmits into the same step. Votes already cast in that step were for the old content, so
// they are cleared; earlier steps stay approved unless the edit changes what they were about:
// a step skipped because its condition was false, whose condition now holds (100 EUR edited to
// 90,000 EUR needs the CFO after all), or a step whose approvers come from an edited person field.
import { change, type Change } from '../change.ts';
import type { EngineContext } from '../context.ts';
import type { LoadedRequestFlow } from '../flow-runtime.ts';
import { validateForm } from '../form/validate.ts';
import { ok, refuse, type Result } from '../result.ts';
import { todayFor } from '../today.ts';
import { tryEvaluate } from '../actions.ts';
import { advance, subjectOf } from './advance.ts';
import { emit } from './emit.ts';
import { currentStep, seatOf } from './guard.ts';
import type { RequestState } from './state.ts';
import { requestVars } from './vars.ts';

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
  if (flow.def.title) r.title = flow.template(flow.def.title).render(requestVars(r, ctx.directory)).slice(0, 200);
  const from = restartFrom(r, flow, changed, ctx);
  const out = change(r);
  emit(out, ctx, 'request.resubmitted', subjectOf(r), { changed, step: r.steps[from]?.id ?? null });
  for (const step of r.steps.slice(from)) {
    // asked afresh: the step's clock (SLA, reminders, escalation) starts over in a new round
    const round = (step.round ?? 1) + (step.status === 'waiting' ? 0 : 1);
    for (const key of ['startedAt', 'decidedAt', 'note', 'automatic', 'required'] as const) delete step[key];
    Object.assign(step, { status: 'waiting', slots: [], round });
  }
  delete r.current;
  const stuck = advance(r, flow, from, ctx, out);
  if (stuck) return stuck;
  return ok(out);
}

/** The first step routing must run again from after an edit: normally the one that sent it back. */
function restartFrom(r: RequestState, flow: LoadedRequestFlow, changed: string[], ctx: EngineContext): number {
  const current = r.current ?? 0;
  const vars = requestVars(r, ctx.directory);
  for (let i = 0; i < current; i++) {
    const def = flow.def.steps.find((s) => s.id === r.steps[i]!.id);
    if (!def) continue;
    const applies = def.when ? tryEvaluate(flow.expr(def.when), vars) : { ok: true as const, value: true };
    const nowNeeded = r.steps[i]!.status === 'skipped' && !(applies.ok && applies.value === false);
    const approversEdited = def.approvers.some((a) => 'manager' in a && typeof a.manager === 'object' && changed.includes(a.manager.field));
    if (nowNeeded || approversEdited) return i;
  }
  return current;
}
