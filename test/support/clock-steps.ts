// Helpers for the SLA clock's tests: an engine on a real store with the clock world, a timer
// runner, and a manual clock moved in ticks the way a polling runner sees time pass.
import { expect } from 'vitest';
import type { Outcome } from '../../src/app/execute.ts';
import { TimerRunner } from '../../src/app/timer-runner.ts';
import type { Command } from '../../src/app/commands.ts';
import type { Platform } from '../../src/ports/chat.ts';
import type { Store } from '../../src/ports/store.ts';
import { clockDirectory, makeClockRegistry } from './clock-world.ts';
import { engineOn, type TestEngine } from './engine-on-store.ts';

export interface ClockTest extends TestEngine {
  runner: TimerRunner;
  /** runs a command as `actor`, failing the test on a refusal; returns the subject id (R-1, C-1) */
  run(actor: string, command: Command): Promise<string>;
  /** moves the clock `everyMinutes` at a time up to `until`, running due timers at each tick */
  tickUntil(until: string, everyMinutes?: number): Promise<void>;
  /** the events of a subject as [type, at, data] */
  events(subject: string, type?: string): Promise<{ type: string; at: string; actor: string; data: Record<string, unknown> }[]>;
}

export function subjectOf(o: Outcome): string {
  if (!o.ok) throw new Error(`refused: ${o.code} ${JSON.stringify(o.details)}`);
  return o.subject;
}

export async function clockTest(store: Store, start: string, platforms?: Platform[]): Promise<ClockTest> {
  const t = await engineOn(store, makeClockRegistry(), start, { directory: clockDirectory, ...(platforms ? { platforms } : {}) });
  const runner = new TimerRunner(t.engine, t.timers, { owner: 'runner-test' });
  return {
    ...t,
    runner,
    async run(actor, command) {
      return subjectOf(await t.engine.execute({ actor, command })).replace(/^(request|case):/, '');
    },
    async tickUntil(until, everyMinutes = 15) {
      const end = Date.parse(until);
      while (t.clock.now.getTime() < end) {
        t.clock.now = new Date(Math.min(end, t.clock.now.getTime() + everyMinutes * 60_000));
        const report = await runner.runDue();
        expect(report.errors).toBe(0);
      }
    },
    async events(subject, type) {
      const rows = await store.timeline(subject);
      return rows.filter((e) => !type || e.type === type).map((e) => ({ type: e.type, at: e.at, actor: e.actor, data: e.data }));
    },
  };
}
