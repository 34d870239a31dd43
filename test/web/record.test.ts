// An item's full record for an auditor, from the console: JSON to keep and a page to read, for
// admins only; decisions say who acted on whose behalf, rules and redactions are listed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redactItem } from '../../src/app/redact.ts';
import { retentionStoreOf } from '../../src/store/ports.ts';
import { Client, startConsole, text, type RunningConsole } from './support.ts';

describe('the record of one item', () => {
  let c: RunningConsole;
  beforeAll(async () => {
    // December: Olga is away and Bob covers her place
    c = await startConsole({ start: '2026-12-02T09:00:00Z' });
    const out = await c.engine.execute({ actor: 'sam@example.com', command: { type: 'request.submit', flow: 'ops', form: { what: 'Night shift swap with Ida' } } });
    if (!out.ok) throw new Error(out.code);
    expect((await c.engine.execute({ actor: 'bob@example.com', command: { type: 'request.approve', request: 'R-1', comment: 'fine' } })).ok).toBe(true);
    await c.store.checkpointAudit(c.clock.now.toISOString());
    expect((await redactItem(c.engine, retentionStoreOf(c.store), { item: 'R-1', fields: ['what'], actor: 'adam@example.com', reason: 'Erasure request #7' }, c.clock.now)).ok).toBe(true);
  });
  afterAll(async () => c?.close());

  it('exports JSON with decisions on whose behalf, the chain head, checkpoints and redactions', async () => {
    const adam = new Client(c.url);
    await adam.actAs('adam@example.com');
    const res = await adam.get('/admin/record/request/r-1/json');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('application/json');
    const record = JSON.parse(res.body);
    expect(record.subject).toBe('request:R-1');
    expect(record.decisions).toEqual([{ step: 'Ops', outcome: 'approved', by: 'bob@example.com', onBehalfOf: 'olga@example.com', at: '2026-12-02T09:00:00.000Z', comment: 'fine' }]);
    expect(record.redactions).toMatchObject([{ by: 'adam@example.com', reason: 'Erasure request #7' }]);
    expect(record.head.hash).toBe(record.timeline.at(-1).hash);
    expect(record.checkpoints.length).toBe(1);
    expect(res.body).not.toContain('Night shift swap');
  });

  it('reads as a page, and is kept from people who are not admins', async () => {
    const adam = new Client(c.url);
    await adam.actAs('adam@example.com');
    const page = text((await adam.get('/admin/record/request/R-1')).body);
    expect(page).toContain('Record of request R-1');
    expect(page).toContain('Bob Jones Olga Ops');
    expect(page).toContain('redacted on');
    expect(page).toContain('by Adam Admin: Erasure request #7');
    const sam = new Client(c.url);
    await sam.actAs('sam@example.com');
    expect((await sam.get('/admin/record/request/R-1')).status).toBe(403);
    expect((await sam.get('/admin/record/request/R-1/json')).status).toBe(403);
    expect((await adam.get('/admin/record/request/R-99')).status).toBe(404);
  });
});
