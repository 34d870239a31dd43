// The admin page's webhook section: deliveries a receiver never took (attempts exhausted, a
// forbidden target, 410 Gone), with the reason, and a button to send one again once the
// receiver is fixed. The same redelivery as POST /api/v1/webhooks/deliveries/{id}/redeliver.
import type { WebDeps } from '../deps.ts';
import { withFlash } from '../flash.ts';
import { html, type Html } from '../html.ts';
import { formKeys } from '../render/card.ts';
import type { Reply, Visit } from '../site.ts';
import { messagePage } from './message.ts';

export async function webhookDeadSection(deps: WebDeps, visit: Visit): Promise<Html> {
  const dead = await deps.webhooks.recent({ status: 'dead', limit: 100 });
  return html`<section class="panel">
    <h2>Webhook dead letters <span class="count" id="webhook-dead-count">${dead.length}</span></h2>
    <p class="muted">Outbound webhook deliveries that were given up on. Fix the receiver (or DOCKET_WEBHOOK_ALLOW_IPS for an internal one), then send them again.</p>
    ${dead.length
      ? html`<table class="data" id="webhook-dead-letters"><thead><tr><th>#</th><th>Subscription</th><th>Event</th><th>Item</th><th>Created (UTC)</th><th>Attempts</th><th>Reason</th><th></th></tr></thead><tbody>
        ${dead.map((d) => html`<tr><td>${d.id}</td><td>${d.subscription}</td><td>${d.eventType}</td><td>${d.subject.replace(/^(request|case):/, '')}</td>
          <td>${d.createdAt.slice(0, 16).replace('T', ' ')}</td><td>${d.attempts}</td><td>${d.deadReason ?? ''}: ${d.lastError ?? ''}</td>
          <td><form method="post" action="/admin/webhooks/${d.id}/redeliver" class="inline">${formKeys(visit.csrf)}<button type="submit">Redeliver</button></form></td></tr>`)}
        </tbody></table>`
      : html`<p class="empty">No webhook dead letters.</p>`}
  </section>`;
}

export async function redeliverWebhook(deps: WebDeps, visit: Visit): Promise<Reply> {
  const id = Number(visit.ctx.params.id);
  if (!Number.isSafeInteger(id) || id <= 0) return messagePage(404, 'Not found', ['No such delivery.']);
  const done = await deps.webhooks.redeliver(id, deps.now().toISOString());
  if (!done) return messagePage(409, 'Not a dead letter', [`Webhook delivery ${id} is not dead-lettered (any more).`], { href: '/admin', label: 'Admin' });
  return { kind: 'redirect', to: withFlash('/admin', 'requeued') };
}
