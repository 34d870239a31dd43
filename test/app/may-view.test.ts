// Views.mayView: who may see an item at all. A request is for the people in it (requester,
// everyone asked to approve it, whoever covers for them or got it on escalation) and admins; a
// case is for anyone in the directory, as its card already is in its channel.
import { afterEach, describe, expect, it } from 'vitest';
import { Views } from '../../src/app/views.ts';
import { clockTest } from '../support/clock-steps.ts';
import { storeTargets, type OpenedStore } from '../support/databases.ts';
import { engineOn } from '../support/engine-on-store.ts';

describe.each(storeTargets())('Views.mayView on $name', (target) => {
  let opened: OpenedStore | undefined;
  afterEach(async () => {
    await opened?.cleanup();
    opened = undefined;
  });

  it('shows a request to its requester, its approvers, their delegate and admins, and to nobody else', async () => {
    opened = await target.open();
    const { engine, clock } = await engineOn(opened.store, undefined, '2026-11-30T09:00:00Z');
    const views = new Views(engine);
    await engine.execute({ actor: 'ann@example.com', command: { type: 'request.submit', flow: 'purchase', form: { item: 'Laptop', total: '7200 EUR' } } });
    await engine.execute({ actor: 'ann@example.com', command: { type: 'request.submit', flow: 'ops', form: { what: 'Deploy' } } });
    await engine.execute({ actor: 'ann@example.com', command: { type: 'case.open', flow: 'incident', title: 'VPN down' } });
    const may = async (subject: string, ...people: string[]) => Promise.all(people.map((p) => views.mayView(subject, p)));

    // R-1 waits on Bob, Ann's manager; Adam is an admin; Sue has nothing to do with it
    expect(await may('request:R-1', 'ann@example.com', 'BOB@example.com', 'adam@example.com', 'sue@example.com', 'stranger@elsewhere.example')).toEqual([true, true, true, false, false]);
    // R-2 waits on Olga; from 1 December Bob covers for her and may see it, until she is back
    expect(await may('request:R-2', 'olga@example.com', 'bob@example.com')).toEqual([true, false]);
    clock.advance(60 * 24 * 5);
    expect(await may('request:R-2', 'bob@example.com')).toEqual([true]);
    clock.advance(60 * 24 * 10);
    expect(await may('request:R-2', 'bob@example.com')).toEqual([false]);
    // a case: anyone in the directory, nobody outside it
    expect(await may('case:C-1', 'sue@example.com', 'stranger@elsewhere.example')).toEqual([true, false]);
    // nothing to see where there is nothing
    expect(await may('request:R-9', 'adam@example.com')).toEqual([false]);
    expect(await may('case:C-9', 'adam@example.com')).toEqual([false]);
    expect(await may('R-1', 'adam@example.com')).toEqual([false]);
  });

  it('shows a request to the person an escalation sent it to', async () => {
    opened = await target.open();
    const t = await clockTest(opened.store, '2026-11-30T08:00:00Z'); // Monday 09:00 Berlin
    const views = new Views(t.engine);
    const id = await t.run('ann@example.com', { type: 'request.submit', flow: 'escalating', form: { what: 'A new laptop' } });
    expect(await views.mayView(`request:${id}`, 'cora@example.com')).toBe(false);
    await t.tickUntil('2026-12-01T08:00:00Z'); // one business day: escalated to Ann's manager's manager
    expect(await t.events(`request:${id}`, 'request.escalated')).toHaveLength(1);
    expect(await views.mayView(`request:${id}`, 'cora@example.com')).toBe(true);
    expect(await views.mayView(`request:${id}`, 'nora@example.com')).toBe(false);
  });
});
