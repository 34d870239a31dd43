// GET /requests/:id and /cases/:id: the card as the acting person sees it, with its buttons,
// the extra actions chat offers through commands, links, the timeline and the audit trail.
import type { CaseState } from '../../../src/core/case/state.ts';
import type { Refusal } from '../../../src/core/result.ts';
import type { RequestState } from '../../../src/core/request/state.ts';
import { requestFlowAt } from '../../../src/app/flow-versions.ts';
import type { WebDeps } from '../deps.ts';
import { html, type Html } from '../html.ts';
import { itemPath, renderCard } from '../render/card.ts';
import { actForm, personOptions } from '../render/tools.ts';
import { renderAuditTrail, renderTimeline } from '../render/timeline.ts';
import type { PageReply, Visit } from '../site.ts';
import { caseTools } from './case-tools.ts';
import { notFound } from './message.ts';
import { banner } from './new.ts';

export type Kind = 'request' | 'case';

export async function loadItem(deps: WebDeps, kind: Kind, rawId: string): Promise<RequestState | CaseState | undefined> {
  const id = rawId.trim().toUpperCase();
  return kind === 'request' ? deps.store.getRequest(id) : deps.store.getCase(id);
}

function requestTools(deps: WebDeps, visit: Visit, r: RequestState): Html {
  // the requester can never hand on or add approvers to their own request; everyone else asks the engine
  if (r.status !== 'pending' || visit.actor === r.requester) return html``;
  const subject = `request:${r.id}`;
  return html`<details class="tools"><summary>More actions</summary>
    <p class="muted">The engine decides who may do these: an approver of the current step, or an admin.</p>
    ${actForm(visit, subject, 'request.reassign', html`<label>Hand my place on to <select name="person" required>${personOptions(deps.directory, [r.requester])}</select></label>`, 'Hand on')}
    ${actForm(visit, subject, 'request.add_approver', html`<label>Add an approver <select name="person" required>${personOptions(deps.directory, [r.requester])}</select></label>`, 'Add')}
  </details>`;
}

function links(item: RequestState | CaseState): Html {
  if (!item.links.length) return html``;
  return html`<section class="links"><h2>Linked</h2><ul>${item.links.map((l) => html`<li>${l.kind.replace(/_/g, ' ')} <a href="${itemPath(l.subject)}">${l.subject.replace(/^(request|case):/, '')}</a></li>`)}</ul></section>`;
}

export async function itemPage(deps: WebDeps, visit: Visit, kind: Kind, rawId: string, refusal?: Refusal): Promise<PageReply> {
  const item = await loadItem(deps, kind, rawId);
  if (!item) return notFound(`There is no ${kind} ${rawId}.`);
  const subject = `${kind}:${item.id}`;
  const viewer = visit.actor!;
  const card = kind === 'request' ? await deps.views.requestCard(item as RequestState, viewer) : await deps.views.caseCard(item as CaseState, viewer);
  const rows = await deps.store.timeline(subject);
  const steps = kind === 'request' ? new Map((await requestFlowAt(deps.flows, deps.store, item.flowId, item.flowVersion)).def.steps.map((st) => [st.id, st.name])) : new Map<string, string>();
  const path = itemPath(subject);
  return {
    kind: 'page',
    status: refusal ? (refusal.code === 'form.invalid' ? 422 : 409) : 200,
    title: `${item.id} ${item.title}`,
    watch: [subject, ...item.links.map((l) => l.subject)],
    body: html`<p class="crumbs"><a href="/">Home</a> › ${item.id} · <a href="${path}/chat">What each person sees in chat</a>${deps.directory.isAdmin(viewer) ? html` · <a href="${`/admin/record/${kind}/${item.id}`}">Record for an auditor</a>` : ''}</p>
      ${banner(refusal)}
      <div class="item">
        <section id="live-card" data-live>${renderCard(card, { csrf: visit.csrf, actionable: true, back: path })}</section>
        <section id="live-tools" data-live>${kind === 'request' ? requestTools(deps, visit, item as RequestState) : caseTools(deps, visit, item as CaseState)}</section>
      </div>
      <section id="live-links" data-live>${links(item)}</section>
      <section id="live-timeline" data-live>
        <h2>Timeline</h2>
        ${renderTimeline(rows, deps.directory, deps.directory.timezoneOf(viewer), steps)}
        ${renderAuditTrail(rows)}
      </section>`,
  };
}

/** everyone a request or case involves, with why, for the "what each person sees" page */
function involved(kind: Kind, item: RequestState | CaseState): Map<string, string> {
  const who = new Map<string, string>();
  const add = (email: string | undefined, why: string) => {
    if (email && !who.has(email)) who.set(email, why);
  };
  if (kind === 'request') {
    const r = item as RequestState;
    add(r.requester, 'requester');
    for (const step of r.steps) for (const slot of step.slots) {
      add(slot.email, `approver of ${step.name}${slot.replacedBy ? ' (handed on)' : ''}`);
      add(slot.onBehalfOf, `away; ${step.name} routed to a delegate`);
    }
  } else {
    const c = item as CaseState;
    add(c.owner, 'owner');
    add(c.openedBy, 'opened it');
    for (const m of c.members) add(m, 'member');
    for (const w of c.watchers) add(w, 'watcher');
    for (const t of c.tasks) add(t.assignee, `assignee of task ${t.id}`);
  }
  return who;
}

export async function chatPreviewPage(deps: WebDeps, visit: Visit, kind: Kind): Promise<PageReply> {
  const item = await loadItem(deps, kind, visit.ctx.params.id ?? '');
  if (!item) return notFound(`There is no ${kind} ${visit.ctx.params.id}.`);
  const subject = `${kind}:${item.id}`;
  const people = involved(kind, item);
  const cards = await Promise.all(
    [...people].map(async ([email, why]) => ({ email, why, card: (await deps.views.card(subject, email))! })),
  );
  const channel = kind === 'case' ? deps.flows.caseFlow((item as CaseState).flowId)?.def.channel.name : undefined;
  return {
    kind: 'page',
    title: `${item.id} in chat`,
    watch: [subject],
    body: html`<p class="crumbs"><a href="/">Home</a> › <a href="${itemPath(subject)}">${item.id}</a> › in chat</p>
      <h1>What each person would get in chat</h1>
      <p class="muted">${kind === 'case'
        ? `A case lives as one card in ${channel ?? 'its channel'}, the same for everyone; its thread is the timeline. The engine checks each click.`
        : 'Each person gets their own copy of the card, with only the buttons they may press now and why they are asked. Every copy is updated in place when the request changes.'}</p>
      <div class="previews" id="live-previews" data-live>${cards.map(
        (c) => html`<section class="preview"><h2>${deps.directory.nameOf(c.email)} <span class="muted">${c.why}</span></h2>${renderCard(c.card, { csrf: visit.csrf, actionable: false })}</section>`,
      )}</div>`,
  };
}
