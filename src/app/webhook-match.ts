// Which subscriptions want which of a command's events, and the body each delivery carries.
// Pure: called inside the engine's transaction (persist.ts finish()), so a webhook is queued
// exactly when its event commits, and never for a refused or rolled-back command.
import type { DomainEvent } from '../core/events.ts';
import type { NewWebhookDelivery, Subscription } from '../ports/webhooks.ts';

/** "request.approved" matches "request.approved", "request.*" and "*" */
export function wants(s: Subscription, type: string, flowId: string): boolean {
  if (s.flows && !s.flows.includes(flowId)) return false;
  return s.events.some((e) => e === '*' || e === type || (e.endsWith('.*') && type.startsWith(e.slice(0, -1))));
}

/** the Standard Webhooks payload shape: type, timestamp, data */
export function webhookPayload(event: DomainEvent, flowId: string): string {
  const { via, ...data } = event.data;
  return JSON.stringify({
    type: event.type,
    timestamp: event.at,
    data: { subject: event.subject, id: event.subject.replace(/^(request|case):/, ''), flow: flowId, actor: event.actor, ...(typeof via === 'string' ? { via } : {}), event: data },
  });
}

export function webhookDeliveries(events: readonly DomainEvent[], flowId: string, subscriptions: readonly Subscription[]): NewWebhookDelivery[] {
  const rows: NewWebhookDelivery[] = [];
  for (const event of events) {
    for (const s of subscriptions) {
      if (wants(s, event.type, flowId)) rows.push({ subscription: s.id, eventType: event.type, subject: event.subject, payload: webhookPayload(event, flowId) });
    }
  }
  return rows;
}
