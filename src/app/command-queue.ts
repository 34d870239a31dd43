// The bounded queue between the chat adapters' ack and the engine. Slack wants its answer within
// 3 s and Teams' invoke within 15 s; the adapters ack first and then hand the command here, so
// engine work never holds an ack. At most `concurrency` commands run at once (on SQLite the one
// connection serialises them anyway, and more in flight only adds waiting), at most `maxLength`
// wait behind them; past that the command is refused at once with `engine.busy` ("try again"),
// a refusal value like any other, instead of piling up until everything times out.
//
// It IS an Engine (same deps, same `execute`), so an adapter mounted with it calls it exactly as
// it calls the engine. Slack, Teams and the console are mounted with it; the clock keeps the
// engine itself (its timers are leased and retried, never refused as busy).
import type { Envelope } from './commands.ts';
import { Engine, type EngineDeps, type Outcome } from './execute.ts';
import { refuse } from '../core/result.ts';

export interface CommandQueueOptions {
  /** commands run at once (default 1 on SQLite, 4 on PostgreSQL: see DEFAULT_CONCURRENCY) */
  concurrency: number;
  /** commands waiting for a turn; one more is refused with engine.busy */
  maxLength: number;
}

export const DEFAULT_QUEUE: Record<'sqlite' | 'postgres', CommandQueueOptions> = {
  // one connection: a second command in flight would only wait for it inside the pool
  sqlite: { concurrency: 1, maxLength: 2_000 },
  // the pool holds 10 connections; leave some to the dispatcher, the timers and the console
  postgres: { concurrency: 4, maxLength: 2_000 },
};

export interface QueueDepth {
  running: number;
  waiting: number;
  /** commands refused with engine.busy since start */
  refused: number;
}

export class CommandQueue extends Engine {
  readonly #options: CommandQueueOptions;
  readonly #waiting: (() => void)[] = [];
  #running = 0;
  #refused = 0;

  constructor(deps: EngineDeps, options: CommandQueueOptions) {
    super(deps);
    if (!(options.concurrency >= 1) || !(options.maxLength >= 0)) throw new Error(`command queue: concurrency must be ≥ 1 and maxLength ≥ 0, got ${JSON.stringify(options)}`);
    this.#options = options;
  }

  /** for /metrics and tests */
  get depth(): QueueDepth {
    return { running: this.#running, waiting: this.#waiting.length, refused: this.#refused };
  }

  override async execute(envelope: Envelope): Promise<Outcome> {
    if (this.#running >= this.#options.concurrency) {
      if (this.#waiting.length >= this.#options.maxLength) {
        this.#refused++;
        return refuse('engine.busy', { waiting: this.#waiting.length });
      }
      await new Promise<void>((resolve) => this.#waiting.push(resolve));
    } else {
      this.#running++;
    }
    try {
      return await super.execute(envelope);
    } finally {
      // hand the slot straight to the next waiter (running stays the same), or free it
      const next = this.#waiting.shift();
      if (next) next();
      else this.#running--;
    }
  }
}
