// /api/v1/webhooks: outbound subscriptions (those of flows/webhooks.yaml are listed, read-only)
// and their deliveries, with redelivery of dead ones.
import { randomBytes } from 'node:crypto';
import type { z } from 'zod';
import { messageId } from '../../../src/app/webhook-dispatcher.ts';
import type { Subscription, WebhookDelivery } from '../../../src/ports/webhooks.ts';
import { ApiProblem } from '../problem.ts';
import { type ApiRoute, route } from '../route.ts';
import { DeliveryId, DeliveryList, DeliveryOut, DeliveryQuery, NewSubscription, SubscriptionCreated, SubscriptionId, SubscriptionList, SubscriptionOut } from '../schemas.ts';

const present = (s: Subscription): z.infer<typeof SubscriptionOut> => ({ id: s.id, name: s.name, url: s.url, events: s.events, ...(s.flows ? { flows: s.flows } : {}), source: s.source });
const presentDelivery = (d: WebhookDelivery): z.infer<typeof DeliveryOut> => ({
  id: d.id,
  messageId: messageId(d),
  subscription: d.subscription,
  eventType: d.eventType,
  subject: d.subject,
  status: d.status,
  attempts: d.attempts,
  createdAt: d.createdAt,
  ...(d.lastError ? { lastError: d.lastError } : {}),
  ...(d.deadReason ? { deadReason: d.deadReason } : {}),
});

export const webhookRoutes: ApiRoute[] = [
  route({
    method: 'GET',
    path: '/api/v1/webhooks',
    operationId: 'listWebhooks',
    summary: 'List outbound webhook subscriptions (secrets are never shown again)',
    tag: 'webhooks',
    scope: 'webhooks:admin',
    write: false,
    ok: { status: 200, schema: SubscriptionList, description: 'the subscriptions, from flows/webhooks.yaml and from the API' },
    problems: [],
    async handle({ deps }) {
      await deps.webhooks.registry.refresh();
      return { status: 200, body: { items: deps.webhooks.registry.current().map(present) } };
    },
  }),
  route({
    method: 'POST',
    path: '/api/v1/webhooks',
    operationId: 'createWebhook',
    summary: 'Subscribe a URL to event types, optionally of some flows; answers the signing secret once',
    tag: 'webhooks',
    scope: 'webhooks:admin',
    body: NewSubscription,
    write: false,
    ok: { status: 201, schema: SubscriptionCreated, description: 'the subscription and its secret' },
    problems: [409, 422],
    async handle({ body, deps }) {
      await deps.webhooks.registry.refresh();
      if (deps.webhooks.registry.current().some((s) => s.name === body.name)) throw new ApiProblem('api.conflict', { what: `a webhook named ${body.name}` });
      for (const f of body.flows ?? []) if (!deps.flows.all().some((x) => x.def.id === f)) throw new ApiProblem('api.invalid_request', {}, { 'body.flows': `there is no flow ${f}` });
      const s: Subscription = { id: `wh_${randomBytes(6).toString('hex')}`, name: body.name, url: body.url, secret: `whsec_${randomBytes(24).toString('base64')}`, events: body.events, flows: body.flows ?? null, source: 'api' };
      await deps.webhooks.subscriptions.insert(s, deps.now().toISOString());
      await deps.webhooks.registry.refresh();
      return { status: 201, body: { ...present(s), secret: s.secret }, headers: { Location: `/api/v1/webhooks/${s.id}` } };
    },
  }),
  route({
    method: 'DELETE',
    path: '/api/v1/webhooks/{id}',
    operationId: 'deleteWebhook',
    summary: 'Remove a subscription made through the API; its queued deliveries are dead-lettered',
    tag: 'webhooks',
    scope: 'webhooks:admin',
    params: SubscriptionId,
    write: false,
    ok: { status: 200, schema: SubscriptionOut, description: 'the subscription removed' },
    problems: [404, 409],
    async handle({ params, deps }) {
      await deps.webhooks.registry.refresh();
      const s = deps.webhooks.registry.byId(params.id);
      if (!s) throw new ApiProblem('api.not_found', { item: `Webhook ${params.id}` });
      if (s.source === 'yaml') throw new ApiProblem('api.conflict', { what: `${s.name}, which lives in flows/webhooks.yaml; edit the file instead` });
      await deps.webhooks.subscriptions.remove(s.id);
      await deps.webhooks.registry.refresh();
      return { status: 200, body: present(s) };
    },
  }),
  route({
    method: 'GET',
    path: '/api/v1/webhooks/deliveries',
    operationId: 'listWebhookDeliveries',
    summary: 'Recent deliveries, newest first; ?status=dead for the dead letters and why',
    tag: 'webhooks',
    scope: 'webhooks:admin',
    query: DeliveryQuery,
    write: false,
    ok: { status: 200, schema: DeliveryList, description: 'deliveries' },
    problems: [],
    async handle({ query, deps }) {
      const rows = await deps.webhooks.outbox.recent({ limit: query.limit, ...(query.status ? { status: query.status } : {}) });
      return { status: 200, body: { items: rows.map(presentDelivery) } };
    },
  }),
  route({
    method: 'POST',
    path: '/api/v1/webhooks/deliveries/{id}/redeliver',
    operationId: 'redeliverWebhook',
    summary: 'Put a dead delivery back in the queue, due now, with its attempts reset',
    tag: 'webhooks',
    scope: 'webhooks:admin',
    params: DeliveryId,
    write: false,
    ok: { status: 200, schema: DeliveryOut, description: 'the delivery, pending again' },
    problems: [404, 409],
    async handle({ params, deps }) {
      const ok = await deps.webhooks.outbox.redeliver(params.id, deps.now().toISOString());
      if (!ok) throw new ApiProblem('api.conflict', { what: `delivery ${params.id}, which is not dead (or does not exist)` });
      const row = await deps.webhooks.outbox.byId(params.id);
      return { status: 200, body: presentDelivery(row!) };
    },
  }),
];
