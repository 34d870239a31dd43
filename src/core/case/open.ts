// Opening a case: validate intake fields, route an owner, apply the task templates (their
// relative due times become instants now), fire the flow's "opened" rules.
import { change, type Change } from '../change.ts';
import type { EngineContext } from '../context.ts';
import type { LoadedCaseFlow } from '../flow-runtime.ts';
import { validateForm } from '../form/validate.ts';
import { emit } from '../request/emit.ts';
import { ok, refuse, type Result } from '../result.ts';
import { todayFor } from '../today.ts';
import { fireCaseRules } from './rules.ts';
import type { CaseState } from './state.ts';
import { addTaskTo, dueAfter } from './tasks.ts';
import { caseSubject } from './vars.ts';

export interface OpenCaseInput {
  id: string;
  flow: LoadedCaseFlow;
  title: string;
  description?: string;
  priority?: string;
  fields: unknown;
  /** chosen by routing (see routing.ts); absent when nobody could be found */
  owner?: string;
  linkTo?: string;
}

export function openCase(input: OpenCaseInput, ctx: EngineContext): Result<Change<CaseState>> {
  const opener = ctx.directory.person(ctx.actor);
  if (!opener) return refuse('person.unknown', { actor: ctx.actor });
  const { def } = input.flow;
  const title = input.title.replace(/\s+/g, ' ').trim().slice(0, 200);
  if (!title) return refuse('form.invalid', { fields: ['title'] }, { title: 'Required.' });
  const priority = input.priority ?? def.defaultPriority;
  if (!def.priorities.some((p) => p.id === priority)) {
    return refuse('case.priority_unknown', { priority, flow: def.name, choices: def.priorities.map((p) => p.id) }, { priority: `Choose one of: ${def.priorities.map((p) => p.name).join(', ')}.` });
  }
  const fields = validateForm(def.fields, input.fields, { directory: ctx.directory, today: todayFor(ctx, opener.email) });
  if (!fields.ok) return fields;
  const at = ctx.now.toISOString();
  const status = def.statuses.find((s) => s.id === def.initialStatus)!;
  const description = input.description?.trim().slice(0, 3000);
  const c: CaseState = {
    id: input.id,
    flowId: def.id,
    flowVersion: input.flow.version,
    flowName: def.name,
    title,
    ...(description ? { description } : {}),
    fields: fields.value,
    openedBy: opener.email,
    ...(input.owner ? { owner: input.owner } : {}),
    members: [],
    watchers: [],
    muted: [],
    status: status.id,
    category: status.category,
    priority,
    tasks: [],
    links: input.linkTo ? [{ kind: 'started_by', subject: input.linkTo }] : [],
    openedAt: at,
    updatedAt: at,
    reopenCount: 0,
    pauses: [],
    nextTask: 1,
    version: 1,
  };
  const out = change(c);
  emit(out, ctx, 'case.opened', caseSubject(c), { flow: def.id, version: input.flow.version, title, priority, owner: input.owner ?? null, fields: fields.value, ...(input.linkTo ? { linkTo: input.linkTo } : {}) });
  for (const template of def.tasks) {
    const due = dueAfter(template.due, c, ctx);
    addTaskTo(c, { title: template.title, ...(due ? { due } : {}) }, ctx, out);
  }
  fireCaseRules(c, input.flow, 'opened', ctx, out);
  return ok(out);
}
