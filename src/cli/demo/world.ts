// The simulated organisation: a manual clock, the real Engine on it, an agenda of what people
// do next, and a seeded random source. Every change goes through engine.execute, so every row,
// event and audit hash of the demo history is genuine; only the clock is simulated.
import type { Command } from '../../app/commands.ts';
import type { Engine, Outcome } from '../../app/execute.ts';
import type { CaseState } from '../../core/case/state.ts';
import type { RequestState } from '../../core/request/state.ts';
import { addBusinessMs } from '../../core/time/business-calendar.ts';
import type { FlowRegistry } from '../../flows/registry.ts';
import type { Directory } from '../../ports/directory.ts';
import type { Store } from '../../ports/store.ts';
import { Agenda } from './agenda.ts';
import type { Random } from './random.ts';

const HOUR = 3_600_000;

export interface Stats {
  commands: number;
  /** refusals are normal here: two approvers of an "any" step race, a card goes stale */
  refused: number;
  requests: number;
  cases: number;
  timersFired: number;
  /** time spent in engine.execute, milliseconds */
  engineMs: number;
}

export interface Followers {
  request(r: RequestState): Promise<void>;
  case(c: CaseState): Promise<void>;
}

export class World {
  readonly agenda = new Agenda();
  readonly stats: Stats = { commands: 0, refused: 0, requests: 0, cases: 0, timersFired: 0, engineMs: 0 };
  #nextRequest = 1;
  #nextCase = 1;
  followers: Followers = { request: async () => {}, case: async () => {} };

  constructor(
    readonly engine: Engine,
    readonly store: Store,
    readonly directory: Directory,
    readonly flows: FlowRegistry,
    readonly random: Random,
    readonly clock: { now: Date },
  ) {}

  get now(): number {
    return this.clock.now.getTime();
  }

  /** runs a command as `actor` now, then looks for items it (or a rule) created */
  async exec(actor: string, command: Command): Promise<Outcome> {
    this.stats.commands++;
    const started = performance.now();
    const outcome = await this.engine.execute({ actor, command });
    this.stats.engineMs += performance.now() - started;
    if (!outcome.ok) this.stats.refused++;
    await this.discover(outcome.ok ? outcome.subject : undefined);
    return outcome;
  }

  /**
   * New requests and cases (also the ones rules opened) get someone to look after them. Ids
   * are numbered in order; a refused submission can leave a gap, so the subject a command
   * names is looked up even past a missing number.
   */
  async discover(subject?: string): Promise<void> {
    const named = /^(request|case):[RC]-(\d+)$/.exec(subject ?? '');
    const upTo = { request: named?.[1] === 'request' ? Number(named[2]) : 0, case: named?.[1] === 'case' ? Number(named[2]) : 0 };
    for (;;) {
      const id = `R-${this.#nextRequest}`;
      const found = await this.store.getRequest(id);
      if (!found && this.#nextRequest > upTo.request) break;
      this.#nextRequest++;
      if (!found) continue;
      this.stats.requests++;
      await this.followers.request(found);
    }
    for (;;) {
      const id = `C-${this.#nextCase}`;
      const found = await this.store.getCase(id);
      if (!found && this.#nextCase > upTo.case) break;
      this.#nextCase++;
      if (!found) continue;
      this.stats.cases++;
      await this.followers.case(found);
    }
  }

  at(ms: number, run: () => Promise<void>): void {
    this.agenda.add(Math.max(ms, this.now), run);
  }

  /** `hours` of `email`'s working time from now: people act during their working hours */
  later(email: string, hours: number, run: () => Promise<void>): void {
    this.at(addBusinessMs(this.directory.calendar, this.directory.timezoneOf(email), this.now, Math.max(0.02, hours) * HOUR), run);
  }

  /** today's date where `email` is, YYYY-MM-DD */
  today(email: string, plusDays = 0): string {
    const at = new Date(this.now + plusDays * 24 * HOUR);
    return new Intl.DateTimeFormat('en-CA', { timeZone: this.directory.timezoneOf(email), year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
  }

  people(filter: (department: string | undefined) => boolean = () => true): string[] {
    return this.directory.people().filter((p) => filter(p.department)).map((p) => p.email);
  }
}
