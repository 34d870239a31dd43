// The engine wired to a real store (SQLite file or PostgreSQL schema), with a clock tests move.
import { Engine } from '../../src/app/execute.ts';
import { saveCurrentVersions } from '../../src/app/flow-versions.ts';
import type { FlowRegistry } from '../../src/flows/registry.ts';
import type { Store } from '../../src/ports/store.ts';
import { directory, makeRegistry } from './world.ts';

export interface TestEngine {
  engine: Engine;
  store: Store;
  flows: FlowRegistry;
  clock: { now: Date; advance(minutes: number): void };
}

export async function engineOn(store: Store, flows = makeRegistry(), start = '2026-11-30T09:00:00Z'): Promise<TestEngine> {
  const clock = {
    now: new Date(start),
    advance(minutes: number) {
      this.now = new Date(this.now.getTime() + minutes * 60_000);
    },
  };
  await saveCurrentVersions(flows, store, clock.now);
  const engine = new Engine({ store, flows, directory, now: () => clock.now });
  return { engine, store, flows, clock };
}
