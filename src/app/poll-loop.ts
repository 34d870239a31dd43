// Runs a task every `intervalMs` until stopped, never two at once. stop() waits for the run in
// flight, so a shutdown does not close the store under a runner that is still writing.
import type { Logger } from '../log.ts';

export class PollLoop {
  #timer: NodeJS.Timeout | undefined;
  #inFlight: Promise<void> | undefined;
  #stopped = true;
  #again = false;
  #tick: (() => void) | undefined;

  constructor(
    private readonly name: string,
    private readonly task: () => Promise<unknown>,
    private readonly log?: Logger,
  ) {}

  get running(): boolean {
    return !this.#stopped;
  }

  start(intervalMs: number): void {
    if (!this.#stopped) return;
    this.#stopped = false;
    const tick = () => {
      this.#timer = undefined;
      if (this.#stopped) return;
      this.#inFlight = this.task().then(
        () => undefined,
        // one failed round (the database restarting, say) must not end the loop
        (err: unknown) => this.log?.error(`${this.name}: round failed`, { err }),
      );
      void this.#inFlight.then(() => {
        if (this.#stopped) return;
        // woken while running: the work that woke it may have committed after this round looked
        if (this.#again) {
          this.#again = false;
          this.#timer = setTimeout(tick, 0);
        } else {
          this.#timer = setTimeout(tick, intervalMs);
        }
      });
    };
    this.#tick = tick;
    tick();
  }

  /** runs the task as soon as possible instead of at the next interval; a no-op once stopped */
  wake(): void {
    if (this.#stopped || !this.#tick) return;
    if (this.#timer) {
      clearTimeout(this.#timer);
      this.#timer = setTimeout(this.#tick, 0);
    } else {
      this.#again = true;
    }
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
    await this.#inFlight;
  }
}
