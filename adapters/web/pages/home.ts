// GET /: the acting person's home, like the App Home tab in Slack: what waits on them, their
// requests, their cases. Without anyone chosen yet it is the "act as" picker.
import type { Card } from '../../../src/core/card.ts';
import { html, type Html } from '../html.ts';
import { picker } from '../layout.ts';
import { renderCard } from '../render/card.ts';
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
  const list = (id: string, title: string, cards: Card[], empty: string): Html =>
    html`<section class="column" id="${id}" data-live>
      <h2>${title} <span class="count">${cards.length}</span></h2>
      ${cards.length ? cards.map((c) => renderCard(c, { csrf: visit.csrf, actionable: true, link: true, back: '/' })) : html`<p class="empty">${empty}</p>`}
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
        ${list('live-waiting', 'Waiting on me', home.waitingOnMe, 'Nothing waits on you.')}
        ${list('live-requests', 'My requests', home.myRequests, 'You have not raised any requests.')}
        ${list('live-cases', 'My cases', home.myCases, 'No open cases involve you.')}
      </div>`,
  };
}
