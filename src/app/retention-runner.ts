// The daily retention job: for every flow with `retention`, the items closed longer ago than
// that have their personal-data fields redacted (redact.ts), as the clock, with the reason on
// the record. Every replica may run it: the retention_done row written in the same transaction
// as the redaction is the fence, so each item is handled once.
import { DateTime } from 'luxon';
import type { Logger } from '../log.ts';
import type { RetentionStore } from '../ports/retention.ts';
import type { Engine } from './execute.ts';
import { PollLoop } from './poll-loop.ts';
import { AlreadyDone, redactItem } from './redact.ts';

export const RETENTION_EVERY_MS = 24 * 60 * 60 * 1000;
const BATCH = 200;

/** "2 years" → the instant that long before `now`; undefined for a period we cannot read */
export function retentionCutoff(retention: string, now: Date): string | undefined {
  const m = /^\s*(\d{1,4})\s+(day|days|month|months|year|years)\s*$/.exec(retention);
  if (!m) return undefined;
  const unit = m[2]!.startsWith('day') ? 'days' : m[2]!.startsWith('month') ? 'months' : 'years';
  return DateTime.fromJSDate(now, { zone: 'utc' }).minus({ [unit]: Number(m[1]) }).toJSDate().toISOString();
}

export class RetentionRunner {
  readonly #loop: PollLoop;

  constructor(private readonly deps: { engine: Engine; retention: RetentionStore; now: () => Date; log?: Logger }) {
    this.#loop = new PollLoop('retention', () => this.runOnce(), deps.log);
  }

  /** redacts what is due now; returns the subjects it redacted */
  async runOnce(): Promise<string[]> {
    const { engine, retention, log } = this.deps;
    const now = this.deps.now();
    const done: string[] = [];
    const flows = [...engine.deps.flows.requestFlows(), ...engine.deps.flows.caseFlows()];
    for (const flow of flows) {
      if (!flow.def.retention) continue;
      const cutoff = retentionCutoff(flow.def.retention, now);
      if (!cutoff) continue;
      // batch after batch until nothing new is due: an item that cannot be redacted (logged) is
      // returned again by the next batch, so a batch with nothing new ends the flow's round
      const tried = new Set<string>();
      for (;;) {
        const batch = (await retention.due(flow.kind, flow.def.id, cutoff, BATCH)).filter((id) => !tried.has(id));
        if (batch.length === 0) break;
        for (const id of batch) {
          tried.add(id);
          try {
            const result = await redactItem(engine, retention, { item: id, actor: 'clock', reason: `retention: ${flow.def.retention} after it closed (${flow.def.name})` }, now, true);
            if (result.ok) done.push(result.value.subject);
            else log?.warn('retention: not redacted', { item: id, code: result.code });
          } catch (err) {
            if (err instanceof AlreadyDone) continue;
            throw err;
          }
        }
      }
    }
    if (done.length) log?.info('retention: redacted', { items: done.length });
    return done;
  }

  start(intervalMs = RETENTION_EVERY_MS): void {
    this.#loop.start(intervalMs);
  }

  stop(): Promise<void> {
    return this.#loop.stop();
  }
}
