// The timer runner: claims due timers with a lease and fires each through the engine, as the
// actor "clock", in a transaction of its own. Several runners (replicas) can run at once:
// claims do not overlap (FOR UPDATE SKIP LOCKED, or BEGIN IMMEDIATE on SQLite), and a runner
// that dies holding leases loses them when they expire. Firing stays exactly-once even then,
// because the firing transaction marks the timer fired with a compare-and-set.
import type { Logger } from '../log.ts';
import type { TimerStore } from '../ports/timers.ts';
import type { Engine } from './execute.ts';
import { BatchLease } from './batch-lease.ts';
import { PollLoop } from './poll-loop.ts';

export interface TimerRunnerOptions {
  /** this runner's lease owner id: unique per process (host, pid, a random part) */
  owner: string;
  /** timers claimed per round trip */
  limit?: number;
  /** how long a claim holds; longer than firing a batch takes */
  leaseMs?: number;
  /** a timer whose firing threw this many times is given up on, with its last error */
  maxAttempts?: number;
}

export interface RunReport {
  claimed: number;
  fired: number;
  /** refused as moot: fired or cancelled meanwhile, or moved later */
  skipped: number;
  errors: number;
}

// a runDue() that keeps finding due timers stops after this many batches and lets the next round go on
const MAX_BATCHES = 100;

export class TimerRunner {
  readonly #loop: PollLoop;
  readonly #options: Required<TimerRunnerOptions>;

  constructor(
    private readonly engine: Engine,
    private readonly timers: TimerStore,
    options: TimerRunnerOptions,
    private readonly log?: Logger,
  ) {
    this.#options = { limit: 100, leaseMs: 60_000, maxAttempts: 5, ...options };
    this.#loop = new PollLoop('timer runner', () => this.runDue(), log);
  }

  /**
   * Fires every timer due now, on the engine's clock (tests give it a manual one). Each claim
   * leases from the clock read at that claim, and a batch whose lease is half gone is renewed
   * before its next timer fires, so a slow round never hands a held timer to another runner.
   */
  async runDue(options: Partial<TimerRunnerOptions> = {}): Promise<RunReport> {
    const { owner, limit, leaseMs, maxAttempts } = { ...this.#options, ...options };
    const report: RunReport = { claimed: 0, fired: 0, skipped: 0, errors: 0 };
    const now = () => this.engine.deps.now();
    for (let batch = 0; batch < MAX_BATCHES; batch++) {
      const claimedAt = now();
      const claimed = await this.timers.claimDue(claimedAt, { owner, limit, leaseMs });
      report.claimed += claimed.length;
      const lease = new BatchLease(claimed.map((t) => ({ id: t.id, token: t.token ?? '' })), { now, renew: (ids, token, until) => this.timers.renew(ids, token, until) }, leaseMs, claimedAt);
      for (const timer of claimed) {
        // taken over after this runner stalled past its lease: the new holder fires it
        if (!(await lease.keep(timer.id))) continue;
        lease.finished(timer.id);
        try {
          const outcome = await this.engine.execute({ actor: 'clock', key: `timer:${timer.id}`, command: { type: 'clock.fire', timer: timer.id } });
          if (outcome.ok && !outcome.duplicate) report.fired++;
          else report.skipped++;
        } catch (err) {
          // a bug or an outage: the lease runs out and the timer is tried again, a few times
          report.errors++;
          const message = err instanceof Error ? err.message : String(err);
          this.log?.error('timer failed to fire', { timer: timer.id, attempts: timer.attempts, err });
          const token = timer.token ?? '';
          if (timer.attempts >= maxAttempts) await this.timers.fail(timer.id, token, message);
          else await this.timers.noteError(timer.id, token, message);
        }
      }
      if (claimed.length < limit) break;
    }
    return report;
  }

  get running(): boolean {
    return this.#loop.running;
  }

  start(intervalMs = 1_000): void {
    this.#loop.start(intervalMs);
  }

  stop(): Promise<void> {
    return this.#loop.stop();
  }
}
