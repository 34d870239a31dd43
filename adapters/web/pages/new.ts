// Raising a request and opening a case from a form drawn from the flow. The engine validates;
// a refusal comes back with the engine's own message per field, and the form keeps what was typed.
import type { Refusal } from '../../../src/core/result.ts';
import { explain } from '../../../src/core/refusals.ts';
import type { LoadedCaseFlow, LoadedRequestFlow } from '../../../src/core/flow-runtime.ts';
import { CONSOLE, run, type WebDeps } from '../deps.ts';
import { mayOpen, mayRaise, openableFlows, raisableFlows } from '../../../src/core/permissions/may.ts';
import { html, type Html } from '../html.ts';
import { formKeys, itemPath } from '../render/card.ts';
import { type Echo, readFields, renderFields } from '../render/form.ts';
import type { PageReply, Reply, Visit } from '../site.ts';
import { messagePage, notFound } from './message.ts';

export function newPage(deps: WebDeps, visit: Visit): PageReply {
  // only the types this person may raise or open here; the engine checks again on submit
  const scope = { directory: deps.directory, flows: deps.flows };
  const me = visit.actor ?? '';
  const flows = { requestFlows: () => raisableFlows(me, CONSOLE, scope), caseFlows: () => openableFlows(me, CONSOLE, scope) };
  return {
    kind: 'page',
    title: 'New',
    body: html`<h1>Raise a request or open a case</h1>
      <div class="columns two">
        <section><h2>Requests</h2><ul class="types">${flows.requestFlows().map((f) => html`<li><a href="/new/request/${f.def.id}">${f.def.name}</a>${f.def.description ? html`<p class="muted">${f.def.description}</p>` : ''}</li>`)}</ul></section>
        <section><h2>Cases</h2><ul class="types">${flows.caseFlows().map((f) => html`<li><a href="/new/case/${f.def.id}">${f.def.name}</a>${f.def.description ? html`<p class="muted">${f.def.description}</p>` : ''}</li>`)}</ul></section>
      </div>`,
  };
}

export function banner(refusal: Refusal | string | undefined): Html {
  if (!refusal) return html``;
  const text = typeof refusal === 'string' ? refusal : explain(refusal.code, refusal.details);
  return html`<p class="banner error" role="alert" ${typeof refusal === 'string' ? '' : html`data-code="${refusal.code}"`}>${text}</p>`;
}

// ---------------------------------------------------------------- requests

export function requestForm(deps: WebDeps, visit: Visit, flow: LoadedRequestFlow, echo: Echo, refusal?: Refusal, options: { action?: string; heading?: string; fromCase?: string; trial?: Html } = {}): PageReply {
  const fromCase = options.fromCase ?? visit.ctx.query.get('case') ?? visit.form.get('case') ?? undefined;
  const action = options.action ?? `/new/request/${flow.def.id}`;
  return {
    kind: 'page',
    status: refusal ? (refusal.fieldErrors ? 422 : 409) : 200,
    title: flow.def.name,
    body: html`<h1>${options.heading ?? flow.def.name}</h1>
      ${flow.def.description ? html`<p class="muted">${flow.def.description}</p>` : ''}
      ${fromCase ? html`<p class="muted">Started from case ${fromCase}; it will be linked both ways.</p>` : ''}
      ${banner(refusal)}
      <form method="post" action="${action}" class="stacked wide" novalidate>
        ${formKeys(visit.csrf)}
        ${fromCase ? html`<input type="hidden" name="case" value="${fromCase}">` : ''}
        ${renderFields(flow.def.form, echo, refusal?.fieldErrors ?? {}, deps.directory)}
        <button type="submit" class="primary">Submit</button>
        ${fromCase || options.action ? '' : html`<button type="submit" formaction="/new/request/${flow.def.id}/try">Try this flow</button>`}
      </form>
      ${options.trial ?? ''}`,
  };
}

export function showRequestForm(deps: WebDeps, visit: Visit): PageReply {
  const flow = deps.flows.requestFlow(visit.ctx.params.flow ?? '');
  if (!flow) return notFound(`There is no request type called "${visit.ctx.params.flow}".`);
  // no form for someone the engine would refuse anyway; a case may still start one (the engine decides)
  const denied = visit.ctx.query.get('case') ? undefined : mayRaise(flow, visit.actor ?? '', CONSOLE, { directory: deps.directory, flows: deps.flows });
  return denied ? messagePage(403, flow.def.name, [explain(denied.code, denied.details)], { href: '/new', label: 'Back' }) : requestForm(deps, visit, flow, {});
}

export async function submitRequest(deps: WebDeps, visit: Visit): Promise<Reply> {
  const flow = deps.flows.requestFlow(visit.ctx.params.flow ?? '');
  if (!flow) return notFound(`There is no request type called "${visit.ctx.params.flow}".`);
  const { raw, echo } = readFields(flow.def.form, visit.form);
  const fromCase = visit.form.get('case')?.trim();
  const outcome = await run(deps, visit, fromCase ? { type: 'case.start_request', case: fromCase, flow: flow.def.id, form: raw } : { type: 'request.submit', flow: flow.def.id, form: raw });
  if (!outcome.ok) return requestForm(deps, visit, flow, echo, outcome);
  return { kind: 'redirect', to: `${itemPath(outcome.subject)}?done=submitted` };
}

// ---------------------------------------------------------------- cases

function caseForm(deps: WebDeps, visit: Visit, flow: LoadedCaseFlow, echo: Echo, refusal?: Refusal): PageReply {
  const errors = refusal?.fieldErrors ?? {};
  const { def } = flow;
  const priority = echo.priority || def.defaultPriority;
  return {
    kind: 'page',
    status: refusal ? (refusal.fieldErrors ? 422 : 409) : 200,
    title: def.name,
    body: html`<h1>Open a case: ${def.name}</h1>
      ${def.description ? html`<p class="muted">${def.description}</p>` : ''}
      ${banner(refusal)}
      <form method="post" action="/new/case/${def.id}" class="stacked wide" novalidate>
        ${formKeys(visit.csrf)}
        <div class="field${errors.title ? ' has-error' : ''}"><label for="case-title">Title <span class="req" aria-hidden="true">*</span></label>
          <input id="case-title" name="title" type="text" maxlength="200" required value="${echo.title ?? ''}">
          ${errors.title ? html`<p class="error" data-field="title">${errors.title}</p>` : ''}</div>
        <div class="field${errors.priority ? ' has-error' : ''}"><label for="case-priority">Priority</label>
          <select id="case-priority" name="priority">${def.priorities.map((p) => html`<option value="${p.id}" ${p.id === priority ? html`selected` : ''}>${p.name}</option>`)}</select>
          ${errors.priority ? html`<p class="error" data-field="priority">${errors.priority}</p>` : ''}</div>
        <div class="field"><label for="case-description">Description</label><textarea id="case-description" name="description" rows="4">${echo.description ?? ''}</textarea></div>
        ${renderFields(def.fields, echo, errors, deps.directory)}
        <button type="submit" class="primary">Open case</button>
      </form>`,
  };
}

export function showCaseForm(deps: WebDeps, visit: Visit): PageReply {
  const flow = deps.flows.caseFlow(visit.ctx.params.flow ?? '');
  if (!flow) return notFound(`There is no case type called "${visit.ctx.params.flow}".`);
  const denied = mayOpen(flow, visit.actor ?? '', CONSOLE, { directory: deps.directory, flows: deps.flows });
  return denied ? messagePage(403, flow.def.name, [explain(denied.code, denied.details)], { href: '/new', label: 'Back' }) : caseForm(deps, visit, flow, {});
}

export async function openCase(deps: WebDeps, visit: Visit): Promise<Reply> {
  const flow = deps.flows.caseFlow(visit.ctx.params.flow ?? '');
  if (!flow) return notFound(`There is no case type called "${visit.ctx.params.flow}".`);
  const { raw, echo } = readFields(flow.def.fields, visit.form);
  const title = visit.form.get('title') ?? '';
  const description = visit.form.get('description') ?? '';
  const priority = visit.form.get('priority') ?? '';
  Object.assign(echo, { title, description, priority });
  const outcome = await run(deps, visit, { type: 'case.open', flow: flow.def.id, title, ...(description.trim() ? { description } : {}), ...(priority ? { priority } : {}), fields: raw });
  if (!outcome.ok) return caseForm(deps, visit, flow, echo, outcome);
  return { kind: 'redirect', to: `${itemPath(outcome.subject)}?done=opened` };
}
