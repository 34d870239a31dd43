// The actions request and case flows share: notify, escalate, open a case, start a request,
// call a webhook.
// Actions only a request or only a case understands are applied by their own modules.
import type { CaseAction, RequestAction } from '../flows/model.ts';
import type { Change, FollowUp } from './change.ts';
import type { EngineContext } from './context.ts';
import type { Delivery } from './delivery.ts';
import { ExprError, type CelVars, type CompiledExpr, type LoadedFlow } from './flow-runtime.ts';
import { targetsOf, type RecipientScope } from './recipients.ts';

export interface ActionScope extends RecipientScope {
  subject: string;
  flow: LoadedFlow;
  vars: CelVars;
}

/** Applies a shared action; returns false when the action is not a shared one. */
export function applySharedAction(action: RequestAction | CaseAction, scope: ActionScope, ctx: EngineContext, out: Change<unknown>): boolean {
  if ('notify' in action || 'escalate' in action) {
    const { to, text } = 'notify' in action ? action.notify : action.escalate;
    const fallback = `Escalation: ${scope.subject} needs attention.`;
    const message = text ? scope.flow.template(text).render(scope.vars) : fallback;
    for (const target of targetsOf(to, scope, ctx.directory, ctx.flows)) {
      out.notices.push({ type: 'message.post', target, text: message } satisfies Delivery);
    }
    return true;
  }
  if ('openCase' in action) {
    const spec = action.openCase;
    out.followUps.push({
      kind: 'case.open',
      flowId: spec.type,
      title: scope.flow.template(spec.title).render(scope.vars),
      ...(spec.priority ? { priority: spec.priority } : {}),
      fields: evaluateFields(spec.fields, scope),
      openedBy: scope.requester,
      linkTo: scope.subject,
    } satisfies FollowUp);
    return true;
  }
  if ('webhook' in action) {
    out.followUps.push({ kind: 'webhook.call', flowId: scope.flow.def.id, url: action.webhook.url, secretEnv: action.webhook.secretEnv, subject: scope.subject });
    return true;
  }
  if ('startRequest' in action) {
    out.followUps.push({
      kind: 'request.start',
      flowId: action.startRequest.type,
      form: evaluateFields(action.startRequest.fields, scope),
      requester: scope.owner ?? scope.requester,
      linkTo: scope.subject,
    });
    return true;
  }
  return false;
}

function evaluateFields(mapping: Record<string, string>, scope: ActionScope): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const [field, source] of Object.entries(mapping)) {
    // a mapping that cannot be evaluated leaves the field empty; the form validation of the
    // opened item then says what is missing, and the rule failure is on the timeline
    const value = tryEvaluate(scope.flow.expr(source), scope.vars);
    if (value.ok) values[field] = toPlain(value.value);
  }
  return values;
}

/** Evaluates a compiled expression; a run-time failure is a value, so one bad rule never blocks a decision. */
export function tryEvaluate(expr: CompiledExpr, vars: CelVars): { ok: true; value: unknown } | { ok: false; error: string } {
  try {
    return { ok: true, value: expr.evaluate(vars) };
  } catch (err) {
    if (err instanceof ExprError) return { ok: false, error: err.message };
    throw err;
  }
}

/** CEL integers arrive as bigint; everything Docket stores is JSON. */
function toPlain(value: unknown): unknown {
  if (typeof value === 'bigint') return Number(value);
  if (Array.isArray(value)) return value.map(toPlain);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toPlain(v)]));
  return value;
}
