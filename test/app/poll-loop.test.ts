// The dispatcher's loop is woken by a commit instead of waiting for its next poll (issue 14):
// wake() runs the task at once when idle, and once more right after a round that was running.
import { afterEach, describe, expect, it } from 'vitest';
import { PollLoop } from '../../src/app/poll-loop.ts';

const tick = (ms = 20) => new Promise((r) => setTimeout(r, ms));

describe('PollLoop.wake', () => {
  let loop: PollLoop | undefined;
  afterEach(async () => {
    await loop?.stop();
    loop = undefined;
  });

  it('runs the task at once instead of at the next interval', async () => {
    let runs = 0;
    loop = new PollLoop('test', async () => void runs++);
    loop.start(60_000);
    await tick();
    expect(runs).toBe(1);
    loop.wake();
    await tick();
    expect(runs).toBe(2);
  });

  it('woken while a round runs: one more round right after it, not two at once', async () => {
    let runs = 0;
    let inFlight = 0;
    let most = 0;
    let release!: () => void;
    loop = new PollLoop('test', async () => {
      runs++;
      most = Math.max(most, ++inFlight);
      if (runs === 1) await new Promise<void>((r) => (release = r));
      inFlight--;
    });
    loop.start(60_000);
    await tick();
    loop.wake();
    loop.wake();
    release();
    await tick();
    expect([runs, most]).toEqual([2, 1]);
  });

  it('does nothing once stopped', async () => {
    let runs = 0;
    loop = new PollLoop('test', async () => void runs++);
    loop.start(60_000);
    await loop.stop();
    loop.wake();
    await tick();
    expect(runs).toBe(1);
  });
});

describe('Engine.onQueued', () => {
  it('is told after a commit that queued deliveries, and not after a refusal', async () => {
    const { clockTest } = await import('../support/clock-steps.ts');
    const { storeTargets } = await import('../support/databases.ts');
    const opened = await storeTargets()[0]!.open();
    try {
      const t = await clockTest(opened.store, '2026-11-30T08:00:00Z', ['slack']);
      let woken = 0;
      t.engine.onQueued(() => woken++);
      await t.run('ann@example.com', { type: 'request.submit', flow: 'escalating', form: { what: 'Laptop' } });
      expect(woken).toBe(1);
      await t.engine.execute({ actor: 'ann@example.com', command: { type: 'request.approve', request: 'R-1' } });
      expect(woken).toBe(1); // refused: the requester cannot approve her own request
    } finally {
      await opened.cleanup();
    }
  });
});
