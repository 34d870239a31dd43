// The bounded queue in front of the engine: at most `concurrency` commands run, at most
// `maxLength` wait, one more is refused at once with engine.busy; slots pass on in order, and a
// command that throws frees its slot like one that succeeds.
import { describe, expect, it } from 'vitest';
import { CommandQueue } from '../../src/app/command-queue.ts';
import type { Envelope } from '../../src/app/commands.ts';
import type { EngineDeps, Outcome } from '../../src/app/execute.ts';
import { explain } from '../../src/core/refusals.ts';
import type { Store } from '../../src/ports/store.ts';
import { directory, registry } from '../support/world.ts';

/** a store whose transactions wait until the test lets each one finish, in any order */
function gatedStore() {
  const open: { key: string; finish: (fail?: Error) => void }[] = [];
  const started: string[] = [];
  const store = {
    dialect: 'sqlite',
    transaction: async (_work: unknown) => {
      const key = String(started.length);
      started.push(key);
      await new Promise<void>((resolve, reject) => open.push({ key, finish: (fail) => (fail ? reject(fail) : resolve()) }));
      return { ok: true, subject: `request:R-${key}`, deliveries: [], duplicate: false } satisfies Outcome;
    },
  } as unknown as Store;
  const finish = async (i: number, fail?: Error) => {
    const at = open.findIndex((o) => o.key === String(i));
    open.splice(at, 1)[0]!.finish(fail);
    await new Promise((r) => setTimeout(r, 0));
  };
  return { store, started, finish };
}

const deps = (store: Store): EngineDeps => ({ store, flows: registry, directory, now: () => new Date('2026-11-30T09:00:00Z') });
const envelope: Envelope = { actor: 'bob@example.com', command: { type: 'request.approve', request: 'R-1' } };
const tick = () => new Promise((r) => setTimeout(r, 0));

describe('CommandQueue', () => {
  it('runs at most `concurrency` commands, queues the rest in order, and refuses past maxLength', async () => {
    const g = gatedStore();
    const queue = new CommandQueue(deps(g.store), { concurrency: 2, maxLength: 2 });
    const outcomes = [1, 2, 3, 4].map(() => queue.execute(envelope));
    await tick();
    expect(g.started).toEqual(['0', '1']);
    expect(queue.depth).toEqual({ running: 2, waiting: 2, refused: 0 });

    // the fifth is refused at once, without waiting for anything to finish
    const busy = await queue.execute(envelope);
    expect(busy).toEqual({ ok: false, code: 'engine.busy', details: { waiting: 2 } });
    expect(explain('engine.busy')).toBe('Docket is busy right now and did not do that; please try again in a few seconds.');
    expect(queue.depth.refused).toBe(1);

    // a finished slot goes to the longest waiter
    await g.finish(1);
    expect(g.started).toEqual(['0', '1', '2']);
    expect(queue.depth).toEqual({ running: 2, waiting: 1, refused: 1 });
    await g.finish(0);
    await g.finish(2);
    await g.finish(3);
    const done = await Promise.all(outcomes);
    expect(done.map((o) => (o.ok ? o.subject : o.code))).toEqual(['request:R-0', 'request:R-1', 'request:R-2', 'request:R-3']);
    expect(queue.depth).toEqual({ running: 0, waiting: 0, refused: 1 });
  });

  it('frees the slot of a command that throws, and the error reaches its caller', async () => {
    const g = gatedStore();
    const queue = new CommandQueue(deps(g.store), { concurrency: 1, maxLength: 5 });
    const first = queue.execute(envelope);
    const second = queue.execute(envelope);
    await tick();
    const failed = expect(first).rejects.toThrow('disk full');
    await g.finish(0, new Error('disk full'));
    await failed;
    expect(g.started).toEqual(['0', '1']);
    await g.finish(1);
    expect((await second).ok).toBe(true);
    expect(queue.depth).toEqual({ running: 0, waiting: 0, refused: 0 });
  });

  it('with maxLength 0 refuses whatever cannot run at once', async () => {
    const g = gatedStore();
    const queue = new CommandQueue(deps(g.store), { concurrency: 1, maxLength: 0 });
    const first = queue.execute(envelope);
    expect(await queue.execute(envelope)).toMatchObject({ ok: false, code: 'engine.busy' });
    await tick();
    await g.finish(0);
    expect((await first).ok).toBe(true);
  });

  it('refuses a nonsensical size', () => {
    const g = gatedStore();
    expect(() => new CommandQueue(deps(g.store), { concurrency: 0, maxLength: 1 })).toThrow('concurrency must be ≥ 1');
  });
});
