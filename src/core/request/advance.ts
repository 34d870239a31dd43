// Moves a request forward from a step: skips steps whose condition is false, staffs the next
// one, applies its rules, and closes the request when no step is left.
import { applySharedAction, tryEvaluate, type ActionScope } from '../actions.ts';
import type { Change } from '../change.ts';
import type { EngineContext } from '../context.ts';
import type { LoadedRequestFlow } from '../flow-runtime.ts';
import { refuse, type Refusal } from '../result.ts';
import { staffStep } from './approvers.ts';
import { requestCard } from './card.ts';
import { conflictsFor, segregated } from './segregation.ts';
import { flowAdmins } from '../permissions/may.ts';
import { conditionWords } from '../present/condition.ts';
import { emit } from './emit.ts';
import { outcomeOf } from './tally.ts';
import type { RequestState, StepState } from './state.ts';
import { requestVars } from './vars.ts';

export const subjectOf = (r: { id: string }): string => `request:${r.id}`;

export function actionScope(r: RequestState, flow: LoadedRequestFlow, ctx: EngineContext): ActionScope {
  return { subject: subjectOf(r), flow, vars: requestVars(r, ctx.directory), requester: r.requester, form: r.form };
}

/** Starts steps from index `from` until one waits on people, or the request is decided. */
export function advance(r: RequestState, flow: LoadedRequestFlow, from: number, ctx: EngineContext, out: Change<RequestState>): Refusal | undefined {
  const at = ctx.now.toISOString();
  const vars = requestVars(r, ctx.directory);
  for (let i = from; i < r.steps.length; i++) {
    const step = r.steps[i]!;
    const def = flow.def.steps.find((s) => s.id === step.id)!;
    if (def.when) {
      const result = tryEvaluate(flow.expr(def.when), vars);
      if (result.ok && result.value === false) {
        step.status = 'skipped';
        const words = conditionWords(def, flow.def.form, r.form);
        step.note = `Not needed: ${words?.notNeeded ?? 'its condition does not hold'}.`;
        // the condition stays on the record for auditors; people read the reason. A skip is the
        // flow's doing, not the requester's: it is credited to the rule
        emit(out, ctx, 'request.step_skipped', subjectOf(r), { step: step.id, condition: def.when, ...(words ? { reason: words.notNeeded } : {}) }, `rule:${flow.def.id}`);
        continue;
      }
      if (!result.ok) {
        // A condition that cannot be evaluated keeps the step: asking one approver too many is
        // safer than skipping an approval. The failure is on the timeline for the flow's admin.
        emit(out, ctx, 'request.rule_failed', subjectOf(r), { step: step.id, condition: def.when, error: result.error });
      }
    }
    const segregatedStep = segregated(flow.def, step.id);
    const conflicts = conflictsFor(r, flow.def, step.id, ctx.directory, ctx.now);
    // a system step waits on one seat: the person its system reports back as
    const staffed = def.system
      ? { slots: [{ email: def.system.reporter, reason: `You report back for ${def.system.name}.` }], required: 1, notes: [], leftOut: [] }
      : staffStep(def, r.requester, r.form, ctx.directory, ctx.now, { conflicts });
    const short = staffed.slots.length === 0 || staffed.slots.length < staffed.required;
    // fewer people than approvals needed would make the first vote reject the request; without
    // segregation of duties that is refused as before, with it the request waits for an admin
    if (short && !segregatedStep) return refuse('step.no_eligible_approvers', { step: step.name });
    step.status = 'active';
    step.slots = staffed.slots;
    step.required = staffed.required;
    step.startedAt = at;
    if (staffed.leftOut.length) step.leftOut = staffed.leftOut;
    else delete step.leftOut;
    delete step.escalation;
    r.current = i;
    emit(out, ctx, 'request.step_started', subjectOf(r), { step: step.id, approvers: staffed.slots.map((s) => s.email), notes: staffed.notes });
    if (short) {
      unstaffed(r, step, staffed.required, flow, ctx, out);
      return undefined;
    }
    const ruled = applyStepRules(r, step, flow, ctx, out);
    if (ruled === 'open') return undefined;
    if (ruled === 'rejected') return undefined;
    // approved by a rule: go on with the next step
  }
  finish(r, 'approved', flow, ctx, out);
  return undefined;
}

/**
 * Segregation of duties left too few people to decide a step: the step waits, the card says so,
 * and the flow's admins are told with the card, so one of them can add an approver.
 */
function unstaffed(r: RequestState, step: StepState, required: number, flow: LoadedRequestFlow, ctx: EngineContext, out: Change<RequestState>): void {
  const have = step.slots.length;
  step.unstaffed = `Nobody else can decide ${step.name}: it needs ${required} approver${required === 1 ? '' : 's'} who have not decided this request and are not on the requester's side, and ${have === 0 ? 'none is' : `only ${have} ${have === 1 ? 'is' : 'are'}`} left. An admin must add an approver.`;
  const admins = flowAdmins(flow, ctx.directory).filter((a) => a !== r.requester);
  emit(out, ctx, 'request.step_unstaffed', subjectOf(r), { step: step.id, required, eligible: step.slots.map((s) => s.email), leftOut: step.leftOut ?? [], told: admins });
  for (const email of admins) {
    out.notices.push({ type: 'message.post', target: { kind: 'person', email }, text: `${r.title} (${r.id}) is stuck: ${step.unstaffed}`, card: requestCard(r, flow, email, ctx) });
  }
}

/** Applies on: step_started rules of one step; returns where the step stands afterwards. */
function applyStepRules(r: RequestState, step: StepState, flow: LoadedRequestFlow, ctx: EngineContext, out: Change<RequestState>): 'open' | 'approved' | 'rejected' {
  const scope = actionScope(r, flow, ctx);
  for (const [n, rule] of flow.def.rules.entries()) {
    if (rule.on !== 'step_started' || (rule.step && rule.step !== step.id)) continue;
    if (!ruleApplies(rule.when, n, scope, flow, ctx, out)) continue;
    emit(out, ctx, 'request.rule_fired', scope.subject, { rule: n, on: rule.on, step: step.id });
    for (const action of rule.then) {
      if ('autoApprove' in action || 'autoReject' in action) {
        const outcome = 'autoApprove' in action ? 'approved' : 'rejected';
        const reason = 'autoApprove' in action ? action.autoApprove.reason : action.autoReject.reason;
        return decideStep(r, step, outcome, `rule:${flow.def.id}#${n}`, reason, flow, ctx, out);
      }
      if ('addApprover' in action) {
        for (const email of staffStep({ ...flow.def.steps.find((s) => s.id === step.id)!, approvers: [action.addApprover], mode: 'any' }, r.requester, r.form, ctx.directory, ctx.now, { adminFill: false }).slots) {
          if (step.slots.some((s) => s.email === email.email && !s.replacedBy)) continue;
          step.slots.push({ ...email, addedBy: `rule:${flow.def.id}#${n}` });
          emit(out, ctx, 'request.approver_added', scope.subject, { step: step.id, approver: email.email, by: `rule #${n}` });
        }
        continue;
      }
      applySharedAction(action, scope, ctx, out);
    }
  }
  return 'open';
}

/** Closes a step automatically (a rule or the clock) and moves on or rejects. */
export function decideStep(r: RequestState, step: StepState, outcome: 'approved' | 'rejected', by: string, reason: string, flow: LoadedRequestFlow, ctx: EngineContext, out: Change<RequestState>, rule?: string): 'approved' | 'rejected' {
  step.status = outcome;
  step.decidedAt = ctx.now.toISOString();
  step.automatic = { outcome, by, reason };
  step.note = `${outcome === 'approved' ? 'Approved' : 'Rejected'} automatically: ${reason}.`;
  emit(out, ctx, outcome === 'approved' ? 'request.step_approved' : 'request.step_rejected', subjectOf(r), { step: step.id, automatic: true, reason, ...(rule ? { rule } : {}) }, by);
  if (outcome === 'rejected') {
    r.rejection = { by, at: ctx.now.toISOString(), reason };
    finish(r, 'rejected', flow, ctx, out);
  }
  return outcome;
}

/** Re-reads a step after a person's vote and closes it, moving on, when its mode is satisfied. */
export function settle(r: RequestState, step: StepState, flow: LoadedRequestFlow, ctx: EngineContext, out: Change<RequestState>): Refusal | undefined {
  const outcome = outcomeOf(step);
  if (outcome === 'open') return undefined;
  step.status = outcome;
  step.decidedAt = ctx.now.toISOString();
  emit(out, ctx, outcome === 'approved' ? 'request.step_approved' : 'request.step_rejected', subjectOf(r), { step: step.id });
  if (outcome === 'rejected') {
    finish(r, 'rejected', flow, ctx, out);
    return undefined;
  }
  return advance(r, flow, r.steps.indexOf(step) + 1, ctx, out);
}

/** Closes the request and runs the flow's outcome actions and rules. */
function finish(r: RequestState, status: 'approved' | 'rejected', flow: LoadedRequestFlow, ctx: EngineContext, out: Change<RequestState>): void {
  r.status = status;
  r.closedAt = ctx.now.toISOString();
  delete r.current;
  emit(out, ctx, status === 'approved' ? 'request.approved' : 'request.rejected', subjectOf(r), r.rejection ? { reason: r.rejection.reason } : {});
  const scope = actionScope(r, flow, ctx);
  for (const action of status === 'approved' ? flow.def.onApprove : flow.def.onReject) applySharedAction(action, scope, ctx, out);
  for (const [n, rule] of flow.def.rules.entries()) {
    if (rule.on !== status) continue;
    if (!ruleApplies(rule.when, n, scope, flow, ctx, out)) continue;
    emit(out, ctx, 'request.rule_fired', scope.subject, { rule: n, on: rule.on });
    for (const action of rule.then) applySharedAction(action, scope, ctx, out);
  }
}

/** A rule without a condition always applies; one whose condition fails to evaluate does not, on the record. */
export function ruleApplies(when: string | undefined, n: number, scope: ActionScope, flow: LoadedRequestFlow, ctx: EngineContext, out: Change<RequestState>): boolean {
  if (!when) return true;
  const result = tryEvaluate(flow.expr(when), scope.vars);
  if (!result.ok) {
    emit(out, ctx, 'request.rule_failed', scope.subject, { rule: n, error: result.error });
    return false;
  }
  return result.value === true;
}
