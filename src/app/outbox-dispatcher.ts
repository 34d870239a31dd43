// The outbox dispatcher: leases due rows, hands each to the chat port of its platform, records
// where cards now live, and marks the row done. Delivery is at least once: a row is marked done
// only after the platform accepted it, and posts carry the row's key so that a retry after a
// crash does not post twice where the platform can tell. Failures are classified: retryable
// ones come back with backoff (or the platform's Retry-After), permanent and unreachable ones
// are dead-lettered with their reason and reported to the admins, never retried forever.
import { DeliveryError, targetKey, type ChatPort, type Platform, type PostedRef } from '../ports/chat.ts';
import type { Directory } from '../ports/directory.ts';
import type { OutboxRow, OutboxStore } from '../ports/outbox.ts';
import type { Logger } from '../log.ts';
import { backoffMs, DEFAULT_BACKOFF, type BackoffPolicy } from './backoff.ts';
import { adminNotice, describeTarget, noticeKey, unreachableReason } from './delivery-notice.ts';
import { PollLoop } from './poll-loop.ts';

export interface DispatcherDeps {
  outbox: OutboxStore;
  /** one per enabled platform */
  ports: readonly ChatPort[];
  directory: Directory;
  now: () => Date;
  log?: Logger;
}

export interface DispatcherOptions {
  owner: string;
  limit?: number;
  leaseMs?: number;
  /** a retryable failure this many times over is dead-lettered */
  maxAttempts?: number;
  /** the least time between two messages to one channel: Slack allows about one per second */
  channelGapMs?: Partial<Record<Platform, number>>;
  backoff?: BackoffPolicy;
  /** deliveries in flight at once (rows of one card copy are never in flight together) */
  concurrency?: number;
  random?: () => number;
}

export interface DispatchReport {
  claimed: number;
  delivered: number;
  retried: number;
  postponed: number;
  dead: number;
}

const MAX_BATCHES = 100;
const DEFAULT_GAP: Record<Platform, number> = { slack: 1_000, teams: 1_000 };

export class OutboxDispatcher {
  readonly #ports: Map<Platform, ChatPort>;
  readonly #options: Required<Omit<DispatcherOptions, 'channelGapMs'>> & { channelGapMs: Record<Platform, number> };
  readonly #loop: PollLoop;

  constructor(
    private readonly deps: DispatcherDeps,
    options: DispatcherOptions,
  ) {
    this.#ports = new Map(deps.ports.map((p) => [p.platform, p]));
    this.#options = {
      limit: 50,
      leaseMs: 60_000,
      maxAttempts: 15,
      backoff: DEFAULT_BACKOFF,
      concurrency: 8,
      random: Math.random,
      ...options,
      channelGapMs: { ...DEFAULT_GAP, ...options.channelGapMs },
    };
    this.#loop = new PollLoop('outbox dispatcher', () => this.runDue(), deps.log);
  }

  get platforms(): Platform[] {
    return [...this.#ports.keys()];
  }

  get running(): boolean {
    return this.#loop.running;
  }

  /** Delivers every row due at `now`. Tests call this with a manual clock. */
  async runDue(now: Date = this.deps.now()): Promise<DispatchReport> {
    const report: DispatchReport = { claimed: 0, delivered: 0, retried: 0, postponed: 0, dead: 0 };
    const { owner, limit, leaseMs, concurrency } = this.#options;
    for (let batch = 0; batch < MAX_BATCHES; batch++) {
      const rows = await this.deps.outbox.claimDue(now, { owner, limit, leaseMs, platforms: this.platforms });
      report.claimed += rows.length;
      let next = 0;
      const worker = async () => {
        while (next < rows.length) await this.#deliver(rows[next++]!, now, report);
      };
      await Promise.all(Array.from({ length: Math.min(concurrency, rows.length) }, worker));
      // go on while there is work: a row done may free the next row of the same card copy
      if (rows.length === 0) break;
    }
    return report;
  }

  start(intervalMs = 500): void {
    this.#loop.start(intervalMs);
  }

  stop(): Promise<void> {
    return this.#loop.stop();
  }

  async #deliver(row: OutboxRow, now: Date, report: DispatchReport): Promise<void> {
    const port = this.#ports.get(row.platform);
    const d = row.delivery;
    try {
      if (!port) throw new DeliveryError('unreachable', `no ${row.platform} adapter is running in this process`);
      if (!(await port.reaches(d.target))) throw new DeliveryError('unreachable', unreachableReason(row.platform, d.target));
      if (d.target.kind === 'channel' && !(row.slotAt && row.slotAt <= now.toISOString())) {
        const slot = await this.deps.outbox.reserveSlot(row.platform, targetKey(d.target), now, this.#options.channelGapMs[row.platform]);
        if (slot.getTime() > now.getTime()) {
          // the channel is busy: wait for the slot, while other channels go on
          await this.deps.outbox.postpone(row.id, slot.toISOString());
          report.postponed++;
          return;
        }
      }
      const key = `outbox:${row.id}`;
      switch (d.type) {
        case 'card.upsert': {
          const where = targetKey(d.target);
          const known = await this.deps.outbox.cardRef(d.card.key, where, row.platform);
          // a card drawn before the one already shown never replaces it
          if (known && known.version > d.card.version) break;
          let ref: PostedRef;
          if (known) {
            await port.updateCard(known.ref, d.card);
            ref = known.ref;
          } else {
            ref = await port.postCard(d.target, d.card, key);
          }
          await this.deps.outbox.saveCardRef(d.card.key, where, row.platform, ref, d.card.version, now.toISOString());
          break;
        }
        case 'thread.reply': {
          const root = await this.deps.outbox.cardRef(d.cardKey, targetKey(d.target), row.platform);
          if (!root) throw new DeliveryError('retryable', `the card ${d.cardKey} is not posted there yet`);
          await port.reply(root.ref, d.text);
          break;
        }
        case 'message.post': {
          // posted before a crash kept the row from being marked done: do not post it again
          if (row.deliveredRef) break;
          const ref = await port.postMessage(d.target, d.text, d.card, key);
          await this.deps.outbox.setDeliveredRef(row.id, ref);
          break;
        }
      }
      await this.deps.outbox.done(row.id);
      report.delivered++;
    } catch (err) {
      await this.#failed(row, err, now, report);
    }
  }

  async #failed(row: OutboxRow, err: unknown, now: Date, report: DispatchReport): Promise<void> {
    // anything the adapter did not classify (a bug, a dropped connection) is worth another try
    const e = err instanceof DeliveryError ? err : new DeliveryError('retryable', err instanceof Error ? err.message : String(err));
    const log = this.deps.log?.child({ outbox: row.id, platform: row.platform, type: row.delivery.type, attempts: row.attempts });
    if (e.kind === 'retryable' && row.attempts < this.#options.maxAttempts) {
      const wait = e.retryAfterMs ?? backoffMs(row.attempts, this.#options.random, this.#options.backoff);
      await this.deps.outbox.retry(row.id, new Date(now.getTime() + wait).toISOString(), e.message);
      report.retried++;
      log?.warn('delivery failed, will retry', { waitMs: wait, error: e.message });
      return;
    }
    const reason = e.kind === 'retryable' ? `gave up after ${row.attempts} attempts: ${e.message}` : `${e.kind}: ${e.message}`;
    await this.deps.outbox.dead(row.id, reason);
    report.dead++;
    log?.error('delivery dead-lettered', { reason });
    await this.#notify(row, reason, e.kind === 'unreachable', now);
  }

  /** Tells the admins, once per target, platform and day; a notice that fails itself is only logged. */
  async #notify(row: OutboxRow, reason: string, unreachable: boolean, now: Date): Promise<void> {
    if (row.noticeOf !== undefined) return;
    const target = row.delivery.target;
    if (unreachable) {
      // unreachable on one platform but reached on another is not news
      for (const other of this.#ports.values()) if (other.platform !== row.platform && (await other.reaches(target))) return;
    }
    const deliveries = adminNotice(row.id, row.platform, target, reason, this.deps.directory);
    if (deliveries.length === 0) {
      this.deps.log?.error('undeliverable, and there is no admin to tell', { outbox: row.id, reason });
      return;
    }
    await this.deps.outbox.enqueueNotice({ noticeOf: row.id, dedupeKey: noticeKey(row.platform, target, now), deliveries, platforms: this.platforms, at: now.toISOString() });
  }
}
