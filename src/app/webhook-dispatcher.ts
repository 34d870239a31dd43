// Sends the webhook outbox: leases due rows, signs and posts each through the WebhookSender,
// marks it delivered, retries it with backoff after a 5xx, a timeout or a refused connection,
// and dead-letters it with the reason after `maxAttempts` or at once when the target is
// forbidden (a private address) or gone (410). At least once: a receiver dedupes on webhook-id,
// which is the same on every attempt of a row.
import type { Logger } from '../log.ts';
import type { WebhookDelivery, WebhookOutbox, WebhookSender } from '../ports/webhooks.ts';
import { backoffMs, type BackoffPolicy } from './backoff.ts';
import { PollLoop } from './poll-loop.ts';
import type { WebhookRegistry } from './webhook-registry.ts';

export interface WebhookDispatcherDeps {
  outbox: WebhookOutbox;
  registry: WebhookRegistry;
  sender: WebhookSender;
  now: () => Date;
  log?: Logger;
}

export interface WebhookDispatcherOptions {
  owner: string;
  limit?: number;
  leaseMs?: number;
  maxAttempts?: number;
  backoff?: BackoffPolicy;
  random?: () => number;
}

export interface WebhookReport {
  delivered: number;
  retried: number;
  dead: number;
}

/** webhook receivers are other companies' servers: start slower than chat, give up after ~a day */
export const WEBHOOK_BACKOFF: BackoffPolicy = { baseMs: 10_000, maxMs: 6 * 3600_000 };
export const WEBHOOK_MAX_ATTEMPTS = 10;

export const messageId = (row: Pick<WebhookDelivery, 'id'>): string => `msg_${row.id}`;

export class WebhookDispatcher {
  readonly #loop: PollLoop;
  readonly #o: Required<WebhookDispatcherOptions>;

  constructor(
    private readonly deps: WebhookDispatcherDeps,
    options: WebhookDispatcherOptions,
  ) {
    this.#o = { limit: 20, leaseMs: 60_000, maxAttempts: WEBHOOK_MAX_ATTEMPTS, backoff: WEBHOOK_BACKOFF, random: Math.random, ...options };
    this.#loop = new PollLoop('webhooks', () => this.runDue(), deps.log);
  }

  start(intervalMs: number): void {
    this.#loop.start(intervalMs);
  }

  stop(): Promise<void> {
    return this.#loop.stop();
  }

  /** one round: everything due now, a batch at a time */
  async runDue(): Promise<WebhookReport> {
    const report: WebhookReport = { delivered: 0, retried: 0, dead: 0 };
    await this.deps.registry.refresh();
    for (let batch = 0; batch < 50; batch++) {
      const rows = await this.deps.outbox.claimDue(this.deps.now(), this.#o.owner, this.#o.limit, this.#o.leaseMs);
      if (rows.length === 0) break;
      await Promise.all(rows.map((row) => this.#one(row, report)));
    }
    return report;
  }

  async #one(row: WebhookDelivery, report: WebhookReport): Promise<void> {
    const { outbox, registry, sender, now, log } = this.deps;
    const owner = this.#o.owner;
    const subscription = registry.byId(row.subscription);
    if (!subscription) {
      report.dead++;
      return outbox.dead(row.id, owner, 'subscription_removed', `subscription ${row.subscription} no longer exists`);
    }
    const result = await sender.send(subscription, messageId(row), row.payload, now());
    if (result.ok) {
      report.delivered++;
      return outbox.delivered(row.id, owner, now().toISOString());
    }
    if (!result.retry) {
      report.dead++;
      log?.warn('webhook dead-lettered', { id: row.id, subscription: subscription.name, reason: result.reason, error: result.error });
      return outbox.dead(row.id, owner, result.reason, result.error);
    }
    if (row.attempts >= this.#o.maxAttempts) {
      report.dead++;
      log?.warn('webhook dead-lettered', { id: row.id, subscription: subscription.name, reason: 'attempts_exhausted', error: result.error });
      return outbox.dead(row.id, owner, 'attempts_exhausted', `${row.attempts} attempts; the last: ${result.error}`);
    }
    report.retried++;
    const due = new Date(now().getTime() + backoffMs(row.attempts, this.#o.random, this.#o.backoff));
    return outbox.retry(row.id, owner, due.toISOString(), result.error);
  }
}
