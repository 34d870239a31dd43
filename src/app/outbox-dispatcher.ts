// The outbox dispatcher: leases due rows, hands each to the chat port of its platform, records
// where cards now live, and marks the row done. Delivery is at least once: a row is marked done
// only after the platform accepted it, and posts carry the row's key so that a retry after a
// crash does not post twice where the platform can tell. Failures are classified: retryable
// ones come back with backoff (or the platform's Retry-After), permanent and unreachable ones
// are dead-lettered with their reason and reported to the admins, never retried forever.
import { DeliveryError, targetKey, type ChatPort, type Platform, type PostedRef, type PostKey } from '../ports/chat.ts';
import type { Directory } from '../ports/directory.ts';
import type { OutboxRow, OutboxStore } from '../ports/outbox.ts';
import type { Logger } from '../log.ts';
import { backoffMs, DEFAULT_BACKOFF, type BackoffPolicy } from './backoff.ts';
import { adminNotice, describeTarget, noticeKey, unreachableReason } from './delivery-notice.ts';
import { BatchLease } from './batch-lease.ts';
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

  /**
   * Delivers every row due now. Each claim leases from the clock read at that claim, and a batch
   * whose lease is half gone is renewed before its next row goes out: a slow platform never lets
   * a lease lapse under a row still waiting its turn. Tests drive it with a manual clock.
   */
  async runDue(): Promise<DispatchReport> {
    const report: DispatchReport = { claimed: 0, delivered: 0, retried: 0, postponed: 0, dead: 0 };
    const { owner, limit, leaseMs, concurrency } = this.#options;
    for (let batch = 0; batch < MAX_BATCHES; batch++) {
      const rows = await this.deps.outbox.claimDue(this.deps.now(), { owner, limit, leaseMs, platforms: this.platforms });
      report.claimed += rows.length;
      if (rows.length === 0) break;
      const lease = new BatchLease(rows, { now: this.deps.now, renew: (ids, token, until) => this.deps.outbox.renew(ids, token, until) }, leaseMs, new Date(Date.parse(rows[0]!.leaseUntil) - leaseMs));
      let next = 0;
      const worker = async () => {
        while (next < rows.length) {
          const row = rows[next++]!;
          // a row whose lease was lost is someone else's now: leave it to them
          if (await lease.keep(row.id)) await this.#deliver(row, report);
          lease.finished(row.id);
        }
      };
      await Promise.all(Array.from({ length: Math.min(concurrency, rows.length) }, worker));
      // go on while there is work: a row done may free the next row of the same card copy
    }
    return report;
  }

  start(intervalMs = 500): void {
    this.#loop.start(intervalMs);
  }

  /** a commit queued deliveries: look now rather than at the next poll */
  wake(): void {
    this.#loop.wake();
  }

  stop(): Promise<void> {
    return this.#loop.stop();
  }

  async #deliver(row: OutboxRow, report: DispatchReport): Promise<void> {
    const port = this.#ports.get(row.platform);
    const d = row.delivery;
    const now = this.deps.now();
    const outbox = this.deps.outbox;
    try {
      if (!port) throw new DeliveryError('unreachable', `no ${row.platform} adapter is running in this process`);
      if (!(await port.reaches(d.target))) throw new DeliveryError('unreachable', unreachableReason(row.platform, d.target));
      if (d.target.kind === 'channel' && !(row.slotAt && row.slotAt <= now.toISOString())) {
        const slot = await outbox.reserveSlot(row.platform, targetKey(d.target), now, this.#options.channelGapMs[row.platform]);
        if (slot.getTime() > now.getTime()) {
          // the channel is busy: wait for the slot, while other channels go on
          if (await outbox.postpone(row.id, row.token, slot.toISOString())) report.postponed++;
          return;
        }
      }
      const key = postKey(row);
      // later updates of the same card copy are drawn at once (only the newest matters); the
      // replies one change owes to one card copy go out as one message
      const followers = d.type === 'message.post' ? [] : await outbox.followers(row);
      switch (d.type) {
        case 'card.upsert': {
          const card = [d.card, ...followers.flatMap((f) => (f.delivery.type === 'card.upsert' ? [f.delivery.card] : []))].reduce((a, b) => (b.version >= a.version ? b : a));
          const where = targetKey(d.target);
          const known = await outbox.cardRef(card.key, where, row.platform);
          // a card drawn before the one already shown never replaces it
          if (known && known.version > card.version) break;
          if (known) {
            await port.updateCard(known.ref, card);
            // every further copy that got posted here is brought up to date too
            for (const copy of await outbox.cardCopies(card.key, where, row.platform)) await port.updateCard(copy, card);
            await outbox.saveCardRef(card.key, where, row.platform, known.ref, card.version, now.toISOString());
          } else {
            const ref = await port.postCard(d.target, card, key);
            // after an attempt whose outcome is unknown the platform may have handed back that
            // attempt's post, drawn from an older card than this one: draw it again
            if (key.since) await port.updateCard(ref, card);
            if (!(await this.#recordCopy(card.key, where, row.platform, ref, now))) await outbox.saveCardRef(card.key, where, row.platform, ref, card.version, now.toISOString());
          }
          break;
        }
        case 'thread.reply': {
          const root = await outbox.cardRef(d.cardKey, targetKey(d.target), row.platform);
          if (!root) throw new DeliveryError('retryable', `the card ${d.cardKey} is not posted there yet`);
          const text = [d.text, ...followers.flatMap((f) => (f.delivery.type === 'thread.reply' ? [f.delivery.text] : []))].join('\n');
          await port.reply(root.ref, text, key);
          break;
        }
        case 'message.post': {
          // posted before a crash kept the row from being marked done: do not post it again
          if (row.deliveredRef) break;
          const ref = await port.postMessage(d.target, d.text, d.card, key);
          await outbox.setDeliveredRef(row.id, row.token, ref);
          break;
        }
      }
      if (await outbox.done(row.id, row.token, followers.map((f) => f.id))) report.delivered++;
      else this.deps.log?.warn('delivered, but the lease had been taken over meanwhile', { outbox: row.id });
    } catch (err) {
      await this.#failed(row, err, now, report);
    }
  }

  /**
   * A fresh post of a card whose copy another attempt already recorded (a post whose outcome
   * could not be told, and was not found): both copies are out there, so both are remembered
   * and every later update reaches both. Returns whether `ref` was recorded as a further copy
   * (the first copy stays the one card_refs names).
   */
  async #recordCopy(cardKey: string, where: string, platform: Platform, ref: PostedRef, now: Date): Promise<boolean> {
    const known = await this.deps.outbox.cardRef(cardKey, where, platform);
    if (!known || JSON.stringify(known.ref) === JSON.stringify(ref)) return false;
    await this.deps.outbox.addCardCopy(cardKey, where, platform, ref, now.toISOString());
    this.deps.log?.warn('a second copy of a card was posted; both are kept up to date', { card: cardKey, target: where, platform });
    // the late copy may show an older state (live buttons on a decided item): draw the newest now
    const newest = await this.deps.outbox.latestCard(cardKey, where, platform);
    const port = this.#ports.get(platform);
    if (newest && port) await port.updateCard(ref, newest);
    return true;
  }

  async #failed(row: OutboxRow, err: unknown, now: Date, report: DispatchReport): Promise<void> {
    // anything the adapter did not classify (a bug, a dropped connection) is worth another try
    const e = err instanceof DeliveryError ? err : new DeliveryError('retryable', err instanceof Error ? err.message : String(err));
    const log = this.deps.log?.child({ outbox: row.id, platform: row.platform, type: row.delivery.type, attempts: row.attempts });
    if (e.kind === 'retryable' && row.attempts < this.#options.maxAttempts) {
      const wait = e.retryAfterMs ?? backoffMs(row.attempts, this.#options.random, this.#options.backoff);
      if (await this.deps.outbox.retry(row.id, row.token, new Date(now.getTime() + wait).toISOString(), e.message)) report.retried++;
      log?.warn('delivery failed, will retry', { waitMs: wait, error: e.message });
      return;
    }
    const reason = e.kind === 'retryable' ? `gave up after ${row.attempts} attempts: ${e.message}` : `${e.kind}: ${e.message}`;
    // a lease taken over meanwhile: the new holder decides the row's fate
    if (!(await this.deps.outbox.dead(row.id, row.token, reason))) return;
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

/**
 * The row's idempotency key. An attempt after the first may follow one whose outcome nobody
 * heard (a lease that ran out mid-send, a crash, a timeout): the platform is asked to look for
 * a post made since the row was written before posting again.
 */
function postKey(row: OutboxRow): PostKey {
  if (row.attempts <= 1) return { id: `outbox:${row.id}` };
  return { id: `outbox:${row.id}`, since: row.createdAt, ...(row.expiredLeaseUntil ? { latest: row.expiredLeaseUntil } : {}) };
}
