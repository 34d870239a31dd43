import { afterEach, describe, expect, it } from 'vitest';
import { Views } from '../../src/app/views.ts';
import { storeTargets, type OpenedStore } from '../support/databases.ts';
import { engineOn } from '../support/engine-on-store.ts';

describe.each(storeTargets())('views on $name', (target) => {
  let opened: OpenedStore | undefined;
  afterEach(async () => opened?.cleanup());

  it('shows each person what waits on them, with their own buttons, and what they raised', async () => {
    opened = await target.open();
    const { engine, clock } = await engineOn(opened.store, undefined, '2026-11-30T09:00:00Z');
    const views = new Views(engine);
    await engine.execute({ actor: 'ann@example.com', command: { type: 'request.submit', flow: 'purchase', form: { item: 'Laptop', total: '7200 EUR' } } });
    await engine.execute({ actor: 'ann@example.com', command: { type: 'request.submit', flow: 'ops', form: { what: 'Deploy' } } });
    await engine.execute({ actor: 'ann@example.com', command: { type: 'case.open', flow: 'incident', title: 'VPN down' } });
    expect((await views.home('bob@example.com')).waitingOnMe.map((c) => c.key)).toEqual(['request:R-1']);
    // from 1 December Olga is away and Bob covers for her: her approval waits on him too
    clock.advance(60 * 24 * 5);
    const bob = await views.home('BOB@example.com');
    expect(bob.waitingOnMe.map((c) => [c.key, c.actions.map((a) => a.id)])).toEqual([
      ['request:R-1', ['request.approve', 'request.reject', 'request.send_back', 'request.reassign', 'request.add_approver', 'request.comment']],
      // covering for Olga, Bob decides and may hand her place on, but adding approvers is for the approvers themselves
      ['request:R-2', ['request.approve', 'request.reject', 'request.send_back', 'request.reassign', 'request.comment']],
    ]);
    const ann = await views.home('ann@example.com');
    expect(ann.waitingOnMe).toEqual([]);
    expect(ann.myRequests.map((c) => [c.key, c.actions.map((a) => a.id)])).toEqual([['request:R-2', ['request.recall', 'request.comment']], ['request:R-1', ['request.recall', 'request.comment']]]);
    expect(ann.myCases.map((c) => c.key)).toEqual(['case:C-1']);
    clock.advance(60 * 24 * 10);
    expect((await views.home('bob@example.com')).waitingOnMe.map((c) => c.key)).toEqual(['request:R-1']);
    expect((await views.home('olga@example.com')).waitingOnMe.map((c) => c.key)).toEqual(['request:R-2']);
    expect(await views.card('request:R-9', 'ann@example.com')).toBeUndefined();
    expect((await views.card('case:C-1', 'ivan@example.com'))?.title).toBe('VPN down');
  });
});
