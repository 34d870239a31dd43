// With a chat platform configured the console is not a place to be someone else: it offers
// reports and admin actions to holders of the admin token, and without a token it is off.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sqlOf } from '../support/databases.ts';
import { Client, startConsole, text, TOKEN, type RunningConsole } from './support.ts';

describe('admin mode (a platform is configured, DOCKET_ADMIN_TOKEN is set)', () => {
  let c: RunningConsole;
  beforeAll(async () => {
    c = await startConsole({ console: 'off', adminToken: TOKEN });
  });
  afterAll(async () => c?.close());

  async function signedIn(email = 'adam@example.com'): Promise<Client> {
    const admin = new Client(c.url);
    await admin.get('/login');
    const res = await admin.post('/login', { email, token: TOKEN, next: '/admin' });
    expect(res.status).toBe(303);
    expect(res.location).toBe('/admin?done=signed-in');
    // signing in starts a new session: its forms carry a new CSRF token
    expect((await admin.get(res.location!)).status).toBe(200);
    return admin;
  }

  it('sends visitors to the sign-in page and offers no act-as', async () => {
    const visitor = new Client(c.url);
    const home = await visitor.get('/');
    expect(home.status).toBe(303);
    expect(home.location).toBe('/login');
    expect((await visitor.get('/reports')).location).toBe('/login?next=%2Freports');
    const login = await visitor.get('/login');
    expect(login.status).toBe(200);
    expect(login.body).toContain('<input id="login-token" name="token" type="password"');
    const actAs = await visitor.post('/act-as', { person: 'ann@example.com' });
    expect(actAs.status).toBe(403);
    expect(text(actAs.body)).toContain('Act-as is off');
    expect((await visitor.get('/requests/R-1')).status).toBe(403);
    expect((await visitor.get('/new/request/purchase')).status).toBe(403);
  });

  it('refuses a wrong token, a missing CSRF token and people outside org.yaml; slows down guessing', async () => {
    const guesser = new Client(c.url);
    await guesser.get('/login');
    const wrong = await guesser.post('/login', { email: 'adam@example.com', token: `${TOKEN}x` });
    expect(wrong.status).toBe(403);
    expect(text(wrong.body)).toContain('That is not the admin token.');
    expect(wrong.headers.get('set-cookie')).toBeNull();
    expect((await guesser.post('/login', { email: 'adam@example.com', token: TOKEN, _csrf: null })).status).toBe(403);
    const stranger = await guesser.post('/login', { email: 'eve@example.com', token: TOKEN });
    expect(stranger.status).toBe(403);
    expect(text(stranger.body)).toContain('That email is not in org.yaml');
    // a wrong guess still leaves the session unsigned: the reports stay shut
    expect((await guesser.get('/reports')).status).toBe(303);
  });

  it('after sign-in: reports and admin pages; sign-out ends the session', async () => {
    const admin = await signedIn();
    const reports = await admin.get('/reports');
    expect(reports.status).toBe(200);
    expect(reports.body).toContain('id="report-request-summary"');
    expect(reports.body).toContain('Signed in as admin <strong id="acting-as" data-email="adam@example.com">Adam Admin</strong>');
    expect((await admin.get('/admin')).status).toBe(200);
    const out = await admin.post('/logout', {});
    expect(out.location).toBe('/login');
    expect((await admin.get('/reports')).status).toBe(303);
  });

  it('lists dead letters with their reason and queues one again', async () => {
    const db = sqlOf(c.store);
    const [row] = (await db('outbox')
      .insert({ created_at: '2026-11-30T09:00:00.000Z', due_at: '2026-11-30T09:00:00.000Z', type: 'card.upsert', target: JSON.stringify({ kind: 'channel', channel: { name: '#gone' } }), target_key: 'channel:#gone', card_key: 'request:R-1', payload: '{}', status: 'dead', attempts: 3, platform: 'slack', dead_reason: 'channel_not_found <#gone>' })
      .returning('id')) as { id: number }[];
    const id = Number(row!.id);
    const admin = await signedIn();
    const page = await admin.get('/admin');
    expect(page.body).toContain('channel_not_found &lt;#gone&gt;');
    expect(page.body).toContain(`action="/admin/dead/${id}/retry"`);
    const again = await admin.post(`/admin/dead/${id}/retry`, {});
    expect(again.location).toBe('/admin?done=requeued');
    expect(await db('outbox').where({ id }).first()).toMatchObject({ status: 'pending', attempts: 0, dead_reason: null });
    expect((await admin.post(`/admin/dead/${id}/retry`, {})).status).toBe(409);
  });

  it('lists dead webhook deliveries with their reason and redelivers one', async () => {
    const db = sqlOf(c.store);
    const [row] = (await db('webhook_outbox')
      .insert({ subscription: 'yaml:erp', event_type: 'request.approved', subject: 'request:R-7', payload: '{}', created_at: '2026-11-30T09:00:00.000Z', due_at: '2026-11-30T09:00:00.000Z', status: 'dead', attempts: 10, dead_reason: 'attempts_exhausted', last_error: '10 attempts; the last: HTTP 502' })
      .returning('id')) as { id: number }[];
    const id = Number(row!.id);
    const admin = await signedIn();
    const page = await admin.get('/admin');
    expect(page.body).toContain('attempts_exhausted: 10 attempts; the last: HTTP 502');
    expect(page.body).toContain(`action="/admin/webhooks/${id}/redeliver"`);
    const again = await admin.post(`/admin/webhooks/${id}/redeliver`, {});
    expect(again.location).toBe('/admin?done=requeued');
    expect(await db('webhook_outbox').where({ id }).first()).toMatchObject({ status: 'pending', attempts: 0, dead_reason: null });
    expect((await admin.post(`/admin/webhooks/${id}/redeliver`, {})).status).toBe(409);
    expect((await new Client(c.url).post(`/admin/webhooks/${id}/redeliver`, {})).status).not.toBe(303);
  });

  it('hands every approval waiting on one person to another, as the signed-in admin, through the engine', async () => {
    for (const item of ['Laptop', 'Phone']) {
      await c.engine.execute({ actor: 'ann@example.com', command: { type: 'request.submit', flow: 'purchase', form: { item, total: '100 EUR' } } });
    }
    const waiting = await c.store.waitingOn(['bob@example.com']);
    expect(waiting.length).toBeGreaterThanOrEqual(2);
    // someone who is not in the admin role of org.yaml cannot sign in, token or not: admin is a role
    const ann = new Client(c.url);
    await ann.get('/login');
    const refused = await ann.post('/login', { email: 'ann@example.com', token: TOKEN, next: '/admin' });
    expect(refused.status).toBe(403);
    expect(text(refused.body)).toContain('Only admins can do that: Adam Admin.');
    expect((await ann.post('/admin/reassign', { from: 'bob@example.com', to: 'cora@example.com' })).status).toBe(403);
    const admin = await signedIn();
    const done = await admin.post('/admin/reassign', { from: 'bob@example.com', to: 'cora@example.com' });
    expect(done.status).toBe(200);
    expect(text(done.body)).toContain(`Handed ${waiting.length} of ${waiting.length} pending approvals from Bob Jones to Cora CEO.`);
    expect(await c.store.waitingOn(['bob@example.com'])).toEqual([]);
    const timeline = await c.store.timeline(`request:${waiting[0]!.id}`);
    expect(timeline.at(-1)).toMatchObject({ type: 'request.reassigned', actor: 'adam@example.com', data: { from: 'bob@example.com', to: 'cora@example.com' } });
    expect(text((await admin.post('/admin/reassign', { from: 'bob@example.com', to: 'cora@example.com' })).body)).toContain('Nothing waits on Bob Jones.');
  });

  it('stops answering sign-ins from a client after ten wrong tokens', async () => {
    const guesser = new Client(c.url);
    await guesser.get('/login');
    for (let i = 0; i < 10; i++) await guesser.post('/login', { email: 'adam@example.com', token: `guess-${i}-xxxxxxxxxxxx` });
    const blocked = await guesser.post('/login', { email: 'adam@example.com', token: TOKEN });
    expect(blocked.status).toBe(429);
    expect(text(blocked.body)).toContain('Too many wrong tokens');
  });
});

describe('console off (a platform is configured, no admin token)', () => {
  let c: RunningConsole;
  beforeAll(async () => {
    c = await startConsole({ console: 'off' });
  });
  afterAll(async () => c?.close());

  it('answers every console page with how to turn it on', async () => {
    const visitor = new Client(c.url);
    for (const path of ['/', '/reports', '/login', '/admin', '/requests/R-1', '/events']) {
      const page = await visitor.get(path);
      expect(page.status, path).toBe(503);
      expect(text(page.body)).toContain('set DOCKET_ADMIN_TOKEN');
    }
    expect((await visitor.post('/act-as', { person: 'ann@example.com' })).status).toBe(503);
  });
});
