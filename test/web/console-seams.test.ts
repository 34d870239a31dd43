// Where the merged branches meet in the local console: the Admin link only for the admin role
// (governance), the webhook redeliver (api) behind the admin role and the CSRF token, and the
// list pages (parity) showing hostile titles as text.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sqlOf } from '../support/databases.ts';
import { Client, startConsole, text, type RunningConsole } from './support.ts';

let c: RunningConsole;
beforeAll(async () => {
  c = await startConsole();
});
afterAll(async () => c?.close());

describe('local console at the seams', () => {
  it('shows the Admin link to admins only', async () => {
    const ann = new Client(c.url);
    await ann.actAs('ann@example.com');
    expect((await ann.get('/')).body).not.toContain('href="/admin"');
    expect((await ann.get('/admin')).status).toBe(403);
    const adam = new Client(c.url);
    await adam.actAs('adam@example.com');
    expect((await adam.get('/')).body).toContain('<a href="/admin">Admin</a>');
  });

  it('redelivers a dead webhook only for an admin with the CSRF token', async () => {
    const db = sqlOf(c.store);
    const [row] = (await db('webhook_outbox')
      .insert({ subscription: 'yaml:erp', event_type: 'request.approved', subject: 'request:R-7', payload: '{}', created_at: '2026-11-30T09:00:00.000Z', due_at: '2026-11-30T09:00:00.000Z', status: 'dead', attempts: 10, dead_reason: 'attempts_exhausted', last_error: 'HTTP 502' })
      .returning('id')) as { id: number }[];
    const id = Number(row!.id);
    const ann = new Client(c.url);
    await ann.actAs('ann@example.com');
    expect((await ann.post(`/admin/webhooks/${id}/redeliver`, {})).status).toBe(403);
    const adam = new Client(c.url);
    await adam.actAs('adam@example.com');
    const noToken = await adam.post(`/admin/webhooks/${id}/redeliver`, { _csrf: null });
    expect(noToken.status).toBe(403);
    expect(text(noToken.body)).toContain('CSRF check');
    expect(await db('webhook_outbox').where({ id }).first()).toMatchObject({ status: 'dead' });
    await adam.get('/admin');
    expect((await adam.post(`/admin/webhooks/${id}/redeliver`, {})).location).toBe('/admin?done=requeued');
  });

  it('shows a title with <script> or a 100-character unbroken word as text on the list page', async () => {
    const long = 'x'.repeat(100);
    for (const item of ['<script>alert(1)</script>', long]) {
      const o = await c.engine.execute({ actor: 'ann@example.com', command: { type: 'request.submit', flow: 'purchase', form: { item, total: '300 EUR' } } });
      expect(o.ok).toBe(true);
    }
    const ann = new Client(c.url);
    await ann.actAs('ann@example.com');
    const page = await ann.get('/requests');
    expect(page.status).toBe(200);
    expect(page.body).not.toContain('<script>alert(1)');
    expect(page.body).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    // the cell may break it anywhere (td.title has overflow-wrap: anywhere in the stylesheet)
    expect(page.body).toMatch(new RegExp(`<td class="title"><a href="/requests/R-\\d+">Purchase: ${long}</a></td>`));
  });
});
