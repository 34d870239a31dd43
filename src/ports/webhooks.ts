// Outbound webhooks: who wants which events (subscriptions), the queue of deliveries written in
// the transaction of the events (the webhook outbox), and the port that sends one delivery.
// The store implements the first two (src/store/webhook-*.ts); adapters/api the sender.
import type { StoreTx } from './store.ts';

export interface Subscription {
  id: string;
  name: string;
  url: string;
  /** a Standard Webhooks secret: "whsec_" + base64 */
  secret: string;
  /** event types; "request.*" / "case.*" / "*" match groups */
  events: string[];
  /** flow ids; null for every flow */
  flows: string[] | null;
  source: 'yaml' | 'api';
}

/** what the engine's transaction queues: one per (event, subscription) */
export interface NewWebhookDelivery {
  subscription: string;
  eventType: string;
  subject: string;
  /** the JSON body, built once, so every retry sends the very same bytes */
  payload: string;
}

export interface WebhookDelivery extends NewWebhookDelivery {
  id: number;
  /** counting the attempt this lease is for */
  attempts: number;
  createdAt: string;
  status: 'pending' | 'done' | 'dead';
  lastError: string | null;
  deadReason: string | null;
}

export interface WebhookOutbox {
  /** the queue inside the engine's transaction */
  within(tx: StoreTx): { enqueue(rows: NewWebhookDelivery[], at: string): Promise<void> };
  /** leases due rows to `owner` until now + leaseMs; attempts counts this one */
  claimDue(now: Date, owner: string, limit: number, leaseMs: number): Promise<WebhookDelivery[]>;
  delivered(id: number, owner: string, at: string): Promise<void>;
  retry(id: number, owner: string, dueAt: string, error: string): Promise<void>;
  dead(id: number, owner: string, reason: string, error: string): Promise<void>;
  /** newest first */
  recent(options: { status?: WebhookDelivery['status']; limit?: number }): Promise<WebhookDelivery[]>;
  byId(id: number): Promise<WebhookDelivery | undefined>;
  /** a dead row back in the queue, due now, attempts reset; false if it was not dead */
  redeliver(id: number, at: string): Promise<boolean>;
}

export interface WebhookSubscriptionStore {
  list(): Promise<Subscription[]>;
  insert(s: Subscription, at: string): Promise<void>;
  remove(id: string): Promise<boolean>;
}

export type SendResult =
  | { ok: true; status: number }
  /** worth trying again later: a 5xx, a timeout, a refused connection */
  | { ok: false; retry: true; error: string }
  /** never worth trying again: the target is forbidden (SSRF filter), or it said 410 Gone */
  | { ok: false; retry: false; reason: string; error: string };

export interface WebhookSender {
  /** signs and posts one delivery; `msgId` is the same on every attempt */
  send(subscription: Subscription, msgId: string, payload: string, at: Date): Promise<SendResult>;
}
