// GET /requests and /cases: one list page per kind, filtered by type, status, person and date,
// searched over titles and ids, a page at a time and counted ("20 of 274 — show more").
// Requests show only to the people in them (and admins), as their cards do.
import { formatInstant } from '../../../src/core/present/when.ts';
import type { ItemFilter } from '../../../src/ports/store.ts';
import type { WebDeps } from '../deps.ts';
import { html, type Html } from '../html.ts';
import type { PageReply, Visit } from '../site.ts';
import { personOptions } from '../render/tools.ts';

const PAGE = 20;
const REQUEST_STATUSES = ['pending', 'changes_requested', 'approved', 'rejected', 'recalled'];
const CASE_STATUSES = ['open', 'waiting', 'closed'];

const day = (v: string | null): string | undefined => (v && /^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(v)) ? v : undefined);

/** the filters a visit asked for, each checked; anything odd is dropped, not passed on */
export function filterOf(deps: WebDeps, visit: Visit, kind: 'request' | 'case'): ItemFilter {
  const q = visit.ctx.query;
  const flows = kind === 'request' ? deps.flows.requestFlows() : deps.flows.caseFlows();
  const flow = flows.find((f) => f.def.id === q.get('type'))?.def.id;
  const statuses = kind === 'request' ? REQUEST_STATUSES : [...CASE_STATUSES, ...deps.flows.caseFlows().flatMap((f) => f.def.statuses.map((s) => s.id))];
  const status = statuses.find((s) => s === q.get('status'));
  const person = deps.directory.person(q.get('person') ?? '')?.email;
  const from = day(q.get('from'));
  const to = day(q.get('to'));
  const text = (q.get('q') ?? '').trim().slice(0, 100);
  // a day "to" includes that whole day
  const end = to ? new Date(Date.parse(`${to}T00:00:00Z`) + 86_400_000).toISOString() : undefined;
  return {
    ...(flow ? { flow } : {}),
    ...(status ? { status } : {}),
    ...(person ? { person } : {}),
    ...(from ? { from: `${from}T00:00:00.000Z` } : {}),
    ...(end ? { to: end } : {}),
    ...(text ? { q: text } : {}),
  };
}

export async function listPage(deps: WebDeps, visit: Visit, kind: 'request' | 'case'): Promise<PageReply> {
  const actor = visit.actor!;
  const filter = filterOf(deps, visit, kind);
  const offset = Math.max(0, Math.min(100_000, Number.parseInt(visit.ctx.query.get('offset') ?? '0', 10) || 0));
  const zone = deps.directory.timezoneOf(actor);
  const rows: Html[] = [];
  let total = 0;
  if (kind === 'request') {
    const page = await deps.store.listRequests({ ...filter, ...(deps.directory.isAdmin(actor) ? {} : { visibleTo: actor }) }, { limit: PAGE, offset });
    total = page.total;
    for (const r of page.items) {
      rows.push(html`<tr data-id="${r.id}"><td><a href="/requests/${r.id}">${r.id}</a></td><td class="title"><a href="/requests/${r.id}">${r.title}</a></td><td>${r.flowName}</td><td>${r.status.replace('_', ' ')}</td><td>${deps.directory.nameOf(r.requester)}</td><td>${formatInstant(new Date(r.submittedAt), zone)}</td></tr>`);
    }
  } else {
    const page = await deps.store.listCases(filter, { limit: PAGE, offset });
    total = page.total;
    for (const c of page.items) {
      rows.push(html`<tr data-id="${c.id}"><td><a href="/cases/${c.id}">${c.id}</a></td><td class="title"><a href="/cases/${c.id}">${c.title}</a></td><td>${c.flowName}</td><td>${c.status}</td><td>${c.owner ? deps.directory.nameOf(c.owner) : 'Unassigned'}</td><td>${formatInstant(new Date(c.openedAt), zone)}</td></tr>`);
    }
  }
  const q = visit.ctx.query;
  const flows = kind === 'request' ? deps.flows.requestFlows() : deps.flows.caseFlows();
  const statuses = kind === 'request' ? REQUEST_STATUSES : CASE_STATUSES;
  const more = new URLSearchParams(q);
  more.set('offset', String(offset + PAGE));
  const first = new URLSearchParams(q);
  first.delete('offset');
  const title = kind === 'request' ? 'Requests' : 'Cases';
  const selected = (a: string | undefined, b: string | null) => (a !== undefined && a === b ? html`selected` : '');
  return {
    kind: 'page',
    title,
    body: html`<section class="list-page" data-kind="${kind}">
      <h1>${title}</h1>
      <form method="get" action="/${kind}s" class="filters" role="search">
        <label>Search <input type="search" name="q" value="${q.get('q') ?? ''}" maxlength="100" placeholder="Title or id"></label>
        <label>Type <select name="type"><option value="">Any</option>${flows.map((f) => html`<option value="${f.def.id}" ${selected(f.def.id, q.get('type'))}>${f.def.name}</option>`)}</select></label>
        <label>Status <select name="status"><option value="">Any</option>${statuses.map((s) => html`<option value="${s}" ${selected(s, q.get('status'))}>${s.replace('_', ' ')}</option>`)}</select></label>
        <label>Person <select name="person">${personOptions(deps.directory)}</select></label>
        <label>From <input type="date" name="from" value="${day(q.get('from')) ?? ''}"></label>
        <label>To <input type="date" name="to" value="${day(q.get('to')) ?? ''}"></label>
        <button type="submit">Filter</button>
      </form>
      <p class="count" id="list-count">${offset + rows.length} of ${total}</p>
      ${rows.length
        ? html`<div class="table-wrap"><table class="data items"><thead><tr><th>Id</th><th>Title</th><th>Type</th><th>Status</th><th>${kind === 'request' ? 'Requester' : 'Owner'}</th><th>${kind === 'request' ? 'Submitted' : 'Opened'}</th></tr></thead><tbody>${rows}</tbody></table></div>`
        : html`<p class="empty">Nothing matches.</p>`}
      ${total > offset + rows.length ? html`<p><a class="button" id="show-more" href="/${kind}s?${more.toString()}">Show more</a></p>` : ''}
      ${offset > 0 ? html`<p><a href="/${kind}s?${first.toString()}">Back to the newest</a></p>` : ''}
    </section>`,
  };
}
