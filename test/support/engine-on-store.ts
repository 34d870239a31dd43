// The engine wired to a real store (SQLite file or PostgreSQL schema), with a clock tests move,
// and the timer table, so the SLA clock runs as in production.
import { Engine, type EngineDeps } from '../../src/app/execute.ts';
import { saveCurrentVersions } from '../../src/app/flow-versions.ts';
import type { FlowRegistry } from '../../src/flows/registry.ts';
import type { Platform } from '../../src/ports/chat.ts';
import type { Directory } from '../../src/ports/directory.ts';
import type { Store } from '../../src/ports/store.ts';
import type { TimerStore } from '../../src/ports/timers.ts';
import { timerStoreOf } from '../../src/store/ports.ts';
import { directory as worldDirectory, makeRegistry } from './world.ts';

export interface TestClock {
  now: Date;
  advance(minutes: number): void;
  set(iso: string): void;
}

export interface TestEngine {
  engine: Engine;
  store: Store;
  flows: FlowRegistry;
  timers: TimerStore;
  clock: TestClock;
}

export interface EngineOptions {
  directory?: Directory;
  /** chat platforms the outbox writes rows for; absent: one row per delivery, for no platform */
  platforms?: Platform[];
  /** outbound webhooks, as the API wires them; absent: none are queued */
  webhooks?: EngineDeps['webhooks'];
}

export function manualClock(start: string): TestClock {
  return {
    now: new Date(start),
    advance(minutes: number) {
      this.now = new Date(this.now.getTime() + minutes * 60_000);
    },
    set(iso: string) {
      this.now = new Date(iso);
    },
  };
}

export async function engineOn(store: Store, flows = makeRegistry(), start = '2026-11-30T09:00:00Z', options: EngineOptions = {}): Promise<TestEngine> {
  const clock = manualClock(start);
  await saveCurrentVersions(flows, store, clock.now);
  const timers = timerStoreOf(store);
  const engine = new Engine({
    store,
    flows,
    directory: options.directory ?? worldDirectory,
    now: () => clock.now,
    timers,
    ...(options.platforms ? { platforms: options.platforms } : {}),
    ...(options.webhooks ? { webhooks: options.webhooks } : {}),
  });
  return { engine, store, flows, timers, clock };
}
