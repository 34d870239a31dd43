// Admin pages: messages the platforms refused for good (dead letters), and handing everything
// waiting on one person to someone else (the person left, or is away with no delegate set) —
// as the signed-in admin, through the engine's request.reassign, so the engine checks it.
import { explain } from '../../../src/core/refusals.ts';
import { run, type WebDeps } from '../deps.ts';
import { withFlash } from '../flash.ts';
import { html, type Html } from '../html.ts';
import { formKeys, itemPath } from '../render/card.ts';
import { personOptions } from '../render/tools.ts';
import type { PageReply, Reply, Visit } from '../site.ts';
import { messagePage } from './message.ts';
import { webhookDeadSection } from './webhooks-admin.ts';

function target(json: string, deps: WebDeps): string {
  try {
    const t = JSON.parse(json) as { kind?: string; email?: string; channel?: { name?: string } };
    return t.kind === 'person' ? deps.directory.nameOf(t.email ?? '') : t.channel?.name ?? json;
  } catch {
    return json;
  }
}

export async function adminPage(deps: WebDeps, visit: Visit, result?: Html): Promise<PageReply> {
  const [dead, total, webhooks] = await Promise.all([deps.deadLetters.list(100), deps.deadLetters.count(), webhookDeadSection(deps, visit)]);
  return {
    kind: 'page',
    title: 'Admin',
    body: html`<h1>Admin</h1>
      ${result ?? ''}
      <section class="panel">
        <h2>Hand on someone's pending approvals</h2>
        <p class="muted">Every approval waiting on one person moves to another, on the record, as you (${visit.actor ? deps.directory.nameOf(visit.actor) : 'nobody yet'}). The engine allows it to admins in org.yaml only.</p>
        <form method="post" action="/admin/reassign" class="inline tool">
          ${formKeys(visit.csrf)}
          <label>From <select name="from" required>${personOptions(deps.directory)}</select></label>
          <label>To <select name="to" required>${personOptions(deps.directory)}</select></label>
          <button type="submit" class="primary">Hand on</button>
        </form>
      </section>
      <section class="panel">
        <h2>Dead letters <span class="count" id="dead-count">${total}</span></h2>
        <p class="muted">Messages a chat platform refused for good (channel not found, bot not in channel, invalid auth). They are never retried by themselves; fix the cause, then queue them again.</p>
        ${dead.length
          ? html`<table class="data" id="dead-letters"><thead><tr><th>#</th><th>Platform</th><th>What</th><th>To</th><th>Item</th><th>Created (UTC)</th><th>Attempts</th><th>Reason</th><th></th></tr></thead><tbody>
            ${dead.map((d) => html`<tr><td>${d.id}</td><td>${d.platform ?? '—'}</td><td>${d.type}</td><td>${target(d.target, deps)}</td>
              <td>${d.cardKey ? (visit.mode.kind === 'local' ? html`<a href="${itemPath(d.cardKey)}">${d.cardKey.replace(/^(request|case):/, '')}</a>` : d.cardKey.replace(/^(request|case):/, '')) : '—'}</td>
              <td>${d.createdAt.slice(0, 16).replace('T', ' ')}</td><td>${d.attempts}</td><td>${d.reason ?? d.lastError ?? ''}</td>
              <td><form method="post" action="/admin/dead/${d.id}/retry" class="inline">${formKeys(visit.csrf)}<button type="submit">Queue again</button></form></td></tr>`)}
            </tbody></table>`
          : html`<p class="empty">No dead letters.</p>`}
      </section>
      ${webhooks}`,
  };
}

export async function reassignAll(deps: WebDeps, visit: Visit): Promise<Reply> {
  if (!visit.actor) return messagePage(403, 'Act as an admin first', ['Handing on approvals is done as a person: choose an admin from org.yaml to act as.'], { href: '/', label: 'Choose' });
  const from = (visit.form.get('from') ?? '').trim().toLowerCase();
  const to = (visit.form.get('to') ?? '').trim().toLowerCase();
  if (!deps.directory.person(from) || !deps.directory.person(to)) {
    return adminPage(deps, visit, html`<p class="banner error" role="alert">Choose two people from the directory.</p>`);
  }
  const waiting = await deps.store.waitingOn([from], 1000);
  const refused: Html[] = [];
  let moved = 0;
  for (const r of waiting) {
    const outcome = await run(deps, visit, { type: 'request.reassign', request: r.id, from, to });
    if (outcome.ok) moved++;
    else refused.push(html`<li>${visit.mode.kind === 'local' ? html`<a href="${itemPath(`request:${r.id}`)}">${r.id}</a>` : r.id}: <span data-code="${outcome.code}">${explain(outcome.code, outcome.details)}</span></li>`);
  }
  const name = deps.directory.nameOf.bind(deps.directory);
  const result = html`<div class="banner ${refused.length ? 'error' : 'ok'}" role="status" id="reassign-result">
    <p>${waiting.length === 0 ? `Nothing waits on ${name(from)}.` : `Handed ${moved} of ${waiting.length} pending approvals from ${name(from)} to ${name(to)}.`}</p>
    ${refused.length ? html`<ul>${refused}</ul>` : ''}
  </div>`;
  const page = await adminPage(deps, visit, result);
  return refused.length && moved === 0 ? { ...page, status: 409 } : page;
}

export async function requeue(deps: WebDeps, visit: Visit): Promise<Reply> {
  const id = Number(visit.ctx.params.id);
  if (!Number.isSafeInteger(id) || id <= 0) return messagePage(404, 'Not found', ['No such message.']);
  const done = await deps.deadLetters.requeue(id, deps.now().toISOString());
  if (!done) return messagePage(409, 'Not a dead letter', [`Message ${id} is not dead-lettered (any more).`], { href: '/admin', label: 'Admin' });
  return { kind: 'redirect', to: withFlash('/admin', 'requeued') };
}
