// The timer table on every database: syncing a subject's desired timers inside a transaction,
// firing at most once, and leased claims.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DesiredTimer } from '../../src/core/timers/desired.ts';
import type { Store } from '../../src/ports/store.ts';
import type { TimerStore } from '../../src/ports/timers.ts';
import { timerStoreOf } from '../../src/store/ports.ts';
import { storeTargets, type OpenedStore } from '../support/databases.ts';

const at = (h: number) => new Date(Date.UTC(2026, 10, 30, h)).toISOString();
const breach = (subject: string, h: number): DesiredTimer => ({ id: `${subject}:resolution:breach`, subject, dueAt: at(h), what: { kind: 'case.breach', which: 'resolution' } });
const nudge = (subject: string, n: number, h: number): DesiredTimer => ({ id: `${subject}:status-update:${n}`, subject, dueAt: at(h), what: { kind: 'case.status_update', n } });

describe.each(storeTargets())('timer store on $name', (target) => {
  let opened: OpenedStore;
  let store: Store;
  let timers: TimerStore;
  beforeAll(async () => {
    opened = await target.open();
    store = opened.store;
    timers = timerStoreOf(store);
  });
  afterAll(async () => {
    await opened?.cleanup();
  });
  const sync = (subject: string, desired: DesiredTimer[]) => store.transaction((tx) => timers.within(tx).sync(subject, desired, at(0)));
  const states = async (subject: string) => (await timers.timersOf(subject)).map((t) => [t.id.replace(`${subject}:`, ''), t.status, t.dueAt]);

  it('inserts, keeps, moves, cancels and revives a subject\'s timers to match what it wants', async () => {
    expect(await sync('case:S-1', [breach('case:S-1', 10), nudge('case:S-1', 1, 9)])).toEqual({ inserted: 2, updated: 0, cancelled: 0, kept: 0 });
    expect(await sync('case:S-1', [breach('case:S-1', 10), nudge('case:S-1', 1, 9)])).toEqual({ inserted: 0, updated: 0, cancelled: 0, kept: 2 });
    expect(await sync('case:S-1', [breach('case:S-1', 12)])).toEqual({ inserted: 0, updated: 1, cancelled: 1, kept: 0 });
    expect(await states('case:S-1')).toEqual([['status-update:1', 'cancelled', at(9)], ['resolution:breach', 'pending', at(12)]]);
    expect(await sync('case:S-1', [breach('case:S-1', 12), nudge('case:S-1', 1, 13)])).toEqual({ inserted: 0, updated: 1, cancelled: 0, kept: 1 });
    expect(await states('case:S-1')).toEqual([['resolution:breach', 'pending', at(12)], ['status-update:1', 'pending', at(13)]]);
    // another subject's timers are not touched
    await sync('case:S-2', [breach('case:S-2', 10)]);
    await sync('case:S-1', []);
    expect(await states('case:S-2')).toEqual([['resolution:breach', 'pending', at(10)]]);
  });

  it('fires a timer at most once, and never revives a fired one', async () => {
    await sync('case:S-3', [breach('case:S-3', 10)]);
    const id = 'case:S-3:resolution:breach';
    expect(await store.transaction((tx) => timers.within(tx).markFired(id, at(10)))).toBe(true);
    expect(await store.transaction((tx) => timers.within(tx).markFired(id, at(11)))).toBe(false);
    expect(await sync('case:S-3', [breach('case:S-3', 14)])).toMatchObject({ kept: 1, updated: 0 });
    expect(await states('case:S-3')).toEqual([['resolution:breach', 'fired', at(10)]]);
    // a rolled-back firing leaves it pending
    await sync('case:S-4', [breach('case:S-4', 10)]);
    await expect(store.transaction(async (tx) => {
      await timers.within(tx).markFired('case:S-4:resolution:breach', at(10));
      throw new Error('the change could not be written');
    })).rejects.toThrow('could not be written');
    expect(await states('case:S-4')).toEqual([['resolution:breach', 'pending', at(10)]]);
  });

  it('claims due timers with a lease that others respect until it expires', async () => {
    await sync('case:S-5', [breach('case:S-5', 10), nudge('case:S-5', 1, 20)]);
    const now = new Date(at(11));
    const mine = await timers.claimDue(now, { owner: 'a', limit: 100, leaseMs: 60_000 });
    expect(mine.filter((t) => t.subject === 'case:S-5').map((t) => [t.id, t.leaseOwner, t.attempts])).toEqual([['case:S-5:resolution:breach', 'a', 1]]);
    expect((await timers.claimDue(now, { owner: 'b', limit: 100, leaseMs: 60_000 })).filter((t) => t.subject === 'case:S-5')).toEqual([]);
    const later = new Date(now.getTime() + 60_000);
    expect((await timers.claimDue(later, { owner: 'b', limit: 100, leaseMs: 60_000 })).filter((t) => t.subject === 'case:S-5').map((t) => [t.leaseOwner, t.attempts])).toEqual([['b', 2]]);
  });
});
