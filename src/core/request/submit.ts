// Raising a request: validate the form against the flow, pin the flow version, start step one.
import { change, type Change } from '../change.ts';
import type { EngineContext } from '../context.ts';
import type { LoadedRequestFlow } from '../flow-runtime.ts';
import { validateForm } from '../form/validate.ts';
import { ok, refuse, type Result } from '../result.ts';
import { actionScope, advance, ruleApplies, subjectOf } from './advance.ts';
import { applySharedAction } from '../actions.ts';
import { emit } from './emit.ts';
import type { RequestState } from './state.ts';
import { requestVars } from './vars.ts';
import { todayFor } from '../today.ts';

export interface SubmitInput {
  id: string;
  flow: LoadedRequestFlow;
  /** raw values from a form, validated here */
  form: unknown;
  /** set when a rule or a case starts the request */
  linkTo?: string;
}

export function submitRequest(input: SubmitInput, ctx: EngineContext): Result<Change<RequestState>> {
  const requester = ctx.directory.person(ctx.actor);
  if (!requester) return refuse('person.unknown', { actor: ctx.actor });
  const { def } = input.flow;
  const form = validateForm(def.form, input.form, { directory: ctx.directory, today: todayFor(ctx, requester.email) });
  if (!form.ok) return form;
  const at = ctx.now.toISOString();
  const draft = { id: input.id, title: def.name, flowId: def.id, requester: requester.email, form: form.value };
  const title = def.title ? input.flow.template(def.title).render(requestVars(draft, ctx.directory)).slice(0, 200) : def.name;
  const r: RequestState = {
    id: input.id,
    flowId: def.id,
    flowVersion: input.flow.version,
    flowName: def.name,
    title,
    requester: requester.email,
    form: form.value,
    status: 'pending',
    steps: def.steps.map((s) => ({ id: s.id, name: s.name, status: 'waiting', mode: s.mode, slots: [] })),
    submittedAt: at,
    updatedAt: at,
    links: input.linkTo ? [{ kind: 'started_by', subject: input.linkTo }] : [],
    version: 1,
  };
  const out = change(r);
  emit(out, ctx, 'request.submitted', subjectOf(r), { flow: def.id, version: input.flow.version, form: form.value, ...(input.linkTo ? { linkTo: input.linkTo } : {}) });
  const scope = actionScope(r, input.flow, ctx);
  for (const [n, rule] of def.rules.entries()) {
    if (rule.on !== 'submitted' || !ruleApplies(rule.when, n, scope, input.flow, ctx, out)) continue;
    emit(out, ctx, 'request.rule_fired', scope.subject, { rule: n, on: rule.on });
    for (const action of rule.then) applySharedAction(action, scope, ctx, out);
  }
  const stuck = advance(r, input.flow, 0, ctx, out);
  if (stuck) return stuck;
  return ok(out);
}
