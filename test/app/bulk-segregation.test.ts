// Bulk approve under segregation of duties: each request is its own command, so the one the
// clicker is barred from is reported refused with governance's sentence and the others decided.
import { afterEach, describe, expect, it } from 'vitest';
import { bulkDecide, bulkSummary } from '../../src/app/bulk.ts';
import { storeTargets, type OpenedStore } from '../support/databases.ts';
import { engineOn } from '../support/engine-on-store.ts';
import { CONSOLE, govDirectory, makeGovRegistry } from '../support/governance-world.ts';

describe.each(storeTargets())('bulk approve under segregation of duties on $name', (target) => {
  let opened: OpenedStore | undefined;
  afterEach(async () => {
    await opened?.cleanup();
    opened = undefined;
  });

  it('refuses the barred item alone, in governance words, and decides the others', async () => {
    opened = await target.open();
    const { engine, store, clock } = await engineOn(opened.store, makeGovRegistry(), '2026-11-30T09:00:00Z', { directory: govDirectory });
    // R-1 raised by Dan, R-2 by Sam: Ann is asked on both; in December she is Dan's delegate
    for (const by of ['dan@example.com', 'sam@example.com']) expect(await engine.execute({ actor: by, where: CONSOLE, command: { type: 'request.submit', flow: 'sales-ok', form: { what: 'Discount' } } })).toMatchObject({ ok: true });
    clock.set('2026-12-02T09:00:00Z');
    const out = await bulkDecide(engine, 'ann@example.com', 'bulk-1', [{ request: 'R-1', step: 'sales' }, { request: 'R-2', step: 'sales' }], 'approve');
    expect('problem' in out).toBe(false);
    if ('problem' in out) return;
    expect(out.decided).toEqual(['R-2']);
    expect(out.refused).toHaveLength(1);
    expect(out.refused[0]!.request).toBe('R-1');
    expect(out.refused[0]!.why).toMatch(/^You cannot decide Sales of request R-1: Ann Smith is Dan Deputy's delegate, and the requester's side never approves\./);
    expect(bulkSummary(out, 'approve')).toMatch(/^1 approved \(R-2\)\. Not decided: R-1 — You cannot decide Sales/);
    expect((await store.getRequest('R-1'))!.status).toBe('pending');
    expect((await store.getRequest('R-2'))!.status).toBe('approved');
  });
});
