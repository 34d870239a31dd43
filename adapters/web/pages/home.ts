// GET /: the acting person's home, like the App Home tab in Slack: what waits on them, their
// requests, their cases. Without anyone chosen yet it is the "act as" picker.
import { bulkDecide, type BulkItem, bulkItemOf, bulkSummary, bulkValue } from '../../../src/app/bulk.ts';
import type { Card } from '../../../src/core/card.ts';
import { html, type Html } from '../html.ts';
import { picker } from '../layout.ts';
import { formKeys, renderCard } from '../render/card.ts';
import { messagePage } from './message.ts';
import type { PageReply, Visit } from '../site.ts';
import type { WebDeps } from '../deps.ts';

export async function homePage(deps: WebDeps, visit: Visit): Promise<PageReply> {
  const { directory, flows } = deps;
  if (!visit.actor) {
    return {
      kind: 'page',
      title: 'Act as',
      body: html`<section class="welcome">
        <h1>Try Docket without Slack or Teams</h1>
        <p>This console is a third chat surface over the same engine: pick a person from <code>org.yaml</code>, raise requests, approve them as someone else, run cases. Everything goes through the same engine commands as Slack and Teams.</p>
        ${picker(visit, directory, undefined, 'welcome-person')}
      </section>`,
    };
  }
  const home = await deps.views.home(visit.actor);
  const list = (id: string, title: string, cards: Card[], total: number, empty: string, more: string, top: Html = html``): Html =>
    html`<section class="column" id="${id}" data-live>
      <h2>${title} <span class="count">${total}</span></h2>
      ${top}
      ${cards.length ? cards.map((c) => renderCard(c, { csrf: visit.csrf, actionable: true, link: true, back: '/' })) : html`<p class="empty">${empty}</p>`}
      ${total > cards.length ? html`<p class="more">${cards.length} of ${total} — <a href="${more}">show more</a></p>` : ''}
    </section>`;
  return {
    kind: 'page',
    title: directory.nameOf(visit.actor),
    watch: '*',
    body: html`<div class="quick">
        <span>Raise:</span>
        ${flows.requestFlows().map((f) => html`<a class="button" href="/new/request/${f.def.id}">${f.def.name}</a>`)}
        <span>Open a case:</span>
        ${flows.caseFlows().map((f) => html`<a class="button" href="/new/case/${f.def.id}">${f.def.name}</a>`)}
      </div>
      <div class="columns">
        ${list('live-waiting', 'Waiting on me', home.waitingOnMe, home.totals.waitingOnMe, 'Nothing waits on you.', `/requests?status=pending&person=${encodeURIComponent(visit.actor)}`, bulkForm(visit, home.waitingOnMe))}
        ${list('live-requests', 'My requests', home.myRequests, home.totals.myRequests, 'You have not raised any requests.', `/requests?person=${encodeURIComponent(visit.actor)}`)}
        ${list('live-cases', 'My cases', home.myCases, home.totals.myCases, 'No open cases involve you.', `/cases?person=${encodeURIComponent(visit.actor)}`)}
      </div>`,
  };
}

/** tick several requests waiting on me, then approve or reject them all (one reason), like Slack's Home */
function bulkForm(visit: Visit, cards: Card[]): Html {
  const decidable = cards.filter((c) => c.actions.some((a) => a.id === 'request.approve'));
  if (decidable.length < 2) return html``;
  return html`<form method="post" action="/bulk" class="bulk stacked">${formKeys(visit.csrf)}
    <fieldset><legend>Decide several at once</legend>
      ${decidable.map((c) => {
        const step = c.actions.find((a) => a.id === 'request.approve')?.value;
        const request = c.key.replace(/^request:/, '');
        return html`<label class="check"><input type="checkbox" name="item" value="${bulkValue({ request, ...(step ? { step } : {}) })}"> ${request} ${c.title}</label>`;
      })}
      <label>Reason (for Reject selected) <textarea name="reason" rows="2" maxlength="2000"></textarea></label>
      <div class="actions"><button type="submit" name="outcome" value="approve" class="primary" data-action="bulk.approve">Approve selected</button> <button type="submit" name="outcome" value="reject" class="danger" data-action="bulk.reject">Reject selected</button></div>
    </fieldset>
  </form>`;
}

/** POST /bulk: one engine command per ticked request; the page says how many were decided and what was refused, and why */
export async function bulkPost(deps: WebDeps, visit: Visit): Promise<PageReply> {
  const outcome = visit.form.get('outcome') === 'reject' ? 'reject' : 'approve';
  const raw = visit.form.getAll('item');
  const items = raw.map(bulkItemOf).filter((i): i is BulkItem => i !== undefined);
  const key = visit.form.get('_key') ?? '';
  const result = items.length !== raw.length ? { problem: 'Some selected items are not requests.' } : await bulkDecide(deps.engine, visit.actor!, `web:${visit.actor}:${/^[\w-]{8,64}$/.test(key) ? key : Date.now()}`, items, outcome, visit.form.get('reason') ?? '');
  if (!('problem' in result) && result.decided.length) deps.live.poke();
  const text = 'problem' in result ? result.problem : bulkSummary(result, outcome);
  return { ...messagePage('problem' in result ? 400 : 200, outcome === 'approve' ? 'Approve selected' : 'Reject selected', [text], { href: '/', label: 'Back home' }) };
}
