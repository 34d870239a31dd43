// The local console over HTTP: act-as, the home page, raising a request from the flow's form
// (with the engine's own validation messages), deciding from the card, sending back and
// resubmitting, refusals, escaping, and the security headers on every page.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, formKey, startConsole, text, type RunningConsole } from './support.ts';

let c: RunningConsole;
beforeAll(async () => {
  c = await startConsole();
});
afterAll(async () => c?.close());

const purchase = (item: string, total = '1200') => ({ 'f.item': item, 'f.total': total, 'f.total.currency': 'EUR', 'f.needed_by': '' });

describe('local console: requests', () => {
  it('starts with the act-as picker, a session cookie that scripts cannot read, and strict security headers', async () => {
    const ann = new Client(c.url);
    const page = await ann.get('/');
    expect(page.status).toBe(200);
    expect(page.body).toContain('<select id="welcome-person" name="person">');
    expect(page.body).toContain('<option value="ann@example.com" >Ann Smith (Sales)</option>');
    const cookie = page.headers.get('set-cookie')!;
    expect(cookie).toMatch(/^docket_console=[\w-]+\.[\w-]+; Path=\/; HttpOnly; SameSite=Strict; Max-Age=\d+$/);
    expect(page.headers.get('content-security-policy')).toBe(
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; font-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    );
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    expect(page.headers.get('x-frame-options')).toBe('DENY');
    expect(page.headers.get('cache-control')).toBe('no-store');
    // no inline script or style: the CSP would block them
    expect(page.body).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    expect(page.body).not.toMatch(/\sstyle="/);
  });

  it('refuses a form without its CSRF token, or with another session’s, with 403 and a clear page', async () => {
    const ann = new Client(c.url);
    await ann.get('/');
    const missing = await ann.post('/act-as', { person: 'ann@example.com', _csrf: null });
    expect(missing.status).toBe(403);
    expect(text(missing.body)).toContain('It did not carry a valid security token (CSRF check)');
    const mallory = new Client(c.url);
    await mallory.get('/');
    const foreign = await ann.post('/act-as', { person: 'ann@example.com', _csrf: mallory.csrf! });
    expect(foreign.status).toBe(403);
    // no cookie at all: nothing to check the token against
    const stranger = new Client(c.url);
    expect((await stranger.post('/act-as', { person: 'ann@example.com', _csrf: ann.csrf! })).status).toBe(403);
    // a tampered cookie is no session either
    const tampered = new Client(c.url);
    tampered.cookie = `${ann.cookie!.slice(0, -3)}abc`;
    expect((await tampered.post('/act-as', { person: 'ann@example.com', _csrf: ann.csrf! })).status).toBe(403);
  });

  it('acts as a person from org.yaml only, shows who at all times, and never redirects off the site', async () => {
    const ann = new Client(c.url);
    await ann.get('/');
    expect((await ann.post('/act-as', { person: 'eve@evil.example' })).status).toBe(422);
    const done = await ann.post('/act-as', { person: 'ann@example.com', next: '//evil.example/x' });
    expect(done.status).toBe(303);
    expect(done.location).toBe('/?done=act-as');
    const home = await ann.get(done.location!);
    expect(home.body).toContain('<strong id="acting-as" data-email="ann@example.com">Ann Smith</strong>');
    expect(text(home.body)).toContain('You are now acting as this person.');
    for (const section of ['Waiting on me', 'My requests', 'My cases']) expect(text(home.body)).toContain(section);
    // the person stays shown on every page
    expect((await ann.get('/new')).body).toContain('data-email="ann@example.com"');
    const next = await ann.post('/act-as', { person: 'bob@example.com', next: '/new/request/purchase' });
    expect(next.location).toBe('/new/request/purchase?done=act-as');
  });

  it('pages that need a person send someone without one to the picker', async () => {
    const nobody = new Client(c.url);
    const page = await nobody.get('/new/request/purchase');
    expect(page.status).toBe(303);
    expect(page.location).toBe('/?next=%2Fnew%2Frequest%2Fpurchase');
  });

  it('renders the form from the flow and answers invalid input with the engine’s messages, keeping what was typed', async () => {
    const ann = new Client(c.url);
    await ann.actAs('ann@example.com');
    const form = await ann.get('/new/request/purchase');
    expect(form.body).toContain('<form method="post" action="/new/request/purchase" class="stacked wide" novalidate>');
    expect(form.body).toContain('name="f.item"');
    expect(form.body).toMatch(/<select name="f\.total\.currency"[^>]*><option selected>EUR<\/option><option >USD<\/option><\/select>/);
    expect(form.body).toContain('<input type="date" id="field-needed_by" name="f.needed_by"');
    const bad = await ann.post('/new/request/purchase', { 'f.item': 'x'.repeat(101), 'f.total': 'lots', 'f.total.currency': 'EUR', 'f.needed_by': '2026-11-31' });
    expect(bad.status).toBe(422);
    expect(bad.body).toContain('data-code="form.invalid"');
    expect(text(bad.body)).toContain('Some fields need attention.');
    expect(bad.body).toContain('<p class="error" id="field-item-error" data-field="item">Use at most 100 characters (this has 101).</p>');
    expect(bad.body).toContain('data-field="total">Enter an amount such as 1200.50 EUR.</p>');
    expect(bad.body).toContain('data-field="needed_by">Enter a date as YYYY-MM-DD.</p>');
    expect(bad.body).toContain(`value="${'x'.repeat(101)}"`);
    expect(await c.store.getRequest('R-1')).toBeUndefined();
  });

  it('raises a request, shows it escaped, lets the manager approve from the card, and the requester sees it', async () => {
    const ann = new Client(c.url);
    await ann.actAs('ann@example.com');
    await ann.get('/new/request/purchase');
    const evil = '<script>alert("x")</script> & <b>bold</b>';
    const raised = await ann.post('/new/request/purchase', purchase(evil));
    expect(raised.status).toBe(303);
    const path = raised.location!.split('?')[0]!;
    expect(path).toMatch(/^\/requests\/R-\d+$/);
    const id = path.split('/').pop()!;
    const item = await ann.get(raised.location!);
    expect(item.status).toBe(200);
    expect(item.body).not.toContain('<script>alert');
    expect(item.body).not.toContain('<b>bold</b>');
    expect(item.body).toContain('Purchase: &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;');
    expect(text(item.body)).toContain('Submitted. The approvers of the first step have their cards.');
    expect(text(item.body)).toContain('Ann Smith submitted the request');
    expect(text(item.body)).toContain('Manager approval started; asked Bob Jones');
    expect(item.body).toContain('data-action="request.recall"');
    expect(item.body).not.toContain('data-action="request.approve"');

    const bob = new Client(c.url);
    await bob.actAs('bob@example.com');
    const home = await bob.get('/');
    expect(home.body).toContain(`data-subject="request:${id}"`);
    expect(home.body).not.toContain('<script>alert');
    expect(text(home.body)).toContain('You are Ann Smith');
    const approve = await bob.post(`/requests/${id}/act`, { action: 'request.approve', value: 'manager', back: '/', _key: formKey(home.body, `/requests/${id}/act`)! });
    expect(approve.status).toBe(303);
    expect(approve.location).toBe('/?done=request.approve');
    expect((await c.store.getRequest(id))!.status).toBe('approved');
    const after = await ann.get(path);
    expect(text(after.body)).toContain('Approved');
    expect(text(after.body)).toContain('Bob Jones approved Manager approval');
    // the audit trail is there, hash-chained
    expect(after.body).toMatch(/Audit trail \(\d+ rows, hash-chained\)/);
  });

  it('counts a double submit once: the form key makes the second post a duplicate', async () => {
    const ann = new Client(c.url);
    await ann.actAs('ann@example.com');
    const form = await ann.get('/new/request/purchase');
    const key = formKey(form.body, '/new/request/purchase')!;
    const first = await ann.post('/new/request/purchase', { ...purchase('Chair'), _key: key });
    const second = await ann.post('/new/request/purchase', { ...purchase('Chair'), _key: key });
    expect(second.location).toBe(first.location);
  });

  it('shows refusals as the engine words them, on a refreshed page', async () => {
    const ann = new Client(c.url);
    await ann.actAs('ann@example.com');
    await ann.get('/new/request/purchase');
    const id = (await ann.post('/new/request/purchase', purchase('Desk'))).location!.split('?')[0]!.split('/').pop()!;
    // the requester cannot approve her own request
    const own = await ann.post(`/requests/${id}/act`, { action: 'request.approve', value: 'manager' });
    expect(own.status).toBe(409);
    expect(own.body).toMatch(/data-code="step\.(self_approval|not_approver)"/);
    const bob = new Client(c.url);
    await bob.actAs('bob@example.com');
    await bob.get(`/requests/${id}`);
    const noReason = await bob.post(`/requests/${id}/act`, { action: 'request.reject', value: 'manager', text: '  ' });
    expect(noReason.status).toBe(409);
    expect(text(noReason.body)).toContain('Please give a reason.');
    const stranger = new Client(c.url);
    await stranger.actAs('sam@example.com');
    await stranger.get(`/requests/${id}`);
    const notMine = await stranger.post(`/requests/${id}/act`, { action: 'request.approve', value: 'manager' });
    expect(notMine.status).toBe(409);
    expect(text(notMine.body)).toContain(`You are not an approver of Manager approval on request ${id}.`);
    const unknown = await stranger.post(`/requests/${id}/act`, { action: 'request.explode' });
    expect(unknown.status).toBe(400);
    expect((await stranger.get('/requests/R-999')).status).toBe(404);
    expect((await stranger.get('/new/request/nope')).status).toBe(404);
    // a rejection with a reason works and says who and why
    const rejected = await bob.post(`/requests/${id}/act`, { action: 'request.reject', value: 'manager', text: 'No budget <left>' });
    expect(rejected.status).toBe(303);
    const page = await ann.get(`/requests/${id}`);
    expect(page.body).toContain('Rejected by Bob Jones: No budget &lt;left&gt;');
  });

  it('sends back for changes; the requester edits the same form and resubmits; recall works', async () => {
    const ann = new Client(c.url);
    await ann.actAs('ann@example.com');
    await ann.get('/new/request/purchase');
    const id = (await ann.post('/new/request/purchase', purchase('Monitor', '300'))).location!.split('?')[0]!.split('/').pop()!;
    const bob = new Client(c.url);
    await bob.actAs('bob@example.com');
    await bob.get(`/requests/${id}`);
    expect((await bob.post(`/requests/${id}/act`, { action: 'request.send_back', value: 'manager', text: 'Which model?' })).status).toBe(303);
    const card = await ann.get(`/requests/${id}`);
    expect(card.body).toContain(`href="/requests/${id}/edit"`);
    const edit = await ann.get(`/requests/${id}/edit`);
    expect(edit.body).toContain('value="Monitor"');
    expect(edit.body).toContain('value="300"');
    const bad = await ann.post(`/requests/${id}/resubmit`, { ...purchase(''), 'f.total': '300' });
    expect(bad.status).toBe(422);
    expect(bad.body).toContain('data-field="item">Required.</p>');
    const ok = await ann.post(`/requests/${id}/resubmit`, purchase('Monitor, Dell U2723QE', '320'));
    expect(ok.location).toBe(`/requests/${id}?done=resubmitted`);
    expect((await c.store.getRequest(id))!.status).toBe('pending');
    await ann.get(`/requests/${id}`);
    expect((await ann.post(`/requests/${id}/act`, { action: 'request.recall', text: 'Bought it myself' })).status).toBe(303);
    expect((await c.store.getRequest(id))!.status).toBe('recalled');
  });

  it('hands an approval on and adds approvers through the engine, which checks who may', async () => {
    const ann = new Client(c.url);
    await ann.actAs('ann@example.com');
    await ann.get('/new/request/purchase');
    const id = (await ann.post('/new/request/purchase', purchase('Headset', '90'))).location!.split('?')[0]!.split('/').pop()!;
    expect((await ann.get(`/requests/${id}`)).body).not.toContain('data-action="request.reassign"');
    const bob = new Client(c.url);
    await bob.actAs('bob@example.com');
    const page = await bob.get(`/requests/${id}`);
    expect(page.body).toContain('data-action="request.reassign"');
    expect((await bob.post(`/requests/${id}/act`, { action: 'request.add_approver', person: 'ann@example.com' })).status).toBe(409);
    expect((await bob.post(`/requests/${id}/act`, { action: 'request.reassign', person: 'cora@example.com' })).status).toBe(303);
    const r = (await c.store.getRequest(id))!;
    expect(r.steps[0]!.slots.map((s) => [s.email, s.replacedBy ?? null])).toEqual([['bob@example.com', 'cora@example.com'], ['cora@example.com', null]]);
  });

  it('shows what each person involved would get in chat, as a preview without buttons', async () => {
    const ann = new Client(c.url);
    await ann.actAs('ann@example.com');
    await ann.get('/new/request/purchase');
    const id = (await ann.post('/new/request/purchase', purchase('Big server', '25000'))).location!.split('?')[0]!.split('/').pop()!;
    const page = await ann.get(`/requests/${id}/chat`);
    expect(page.status).toBe(200);
    expect(text(page.body)).toContain('Ann Smith requester');
    expect(text(page.body)).toContain('Bob Jones approver of Manager approval');
    expect(page.body).toContain('<span class="button preview primary">Approve</span>');
    expect(page.body).not.toContain(`action="/requests/${id}/act"`);
  });

  it('serves its stylesheet, scripts and chart.js from this server, with ETags', async () => {
    const css = await fetch(`${c.url}/assets/console.css`);
    expect(css.status).toBe(200);
    expect(css.headers.get('content-type')).toBe('text/css; charset=utf-8');
    const chart = await fetch(`${c.url}/assets/chart.umd.js`);
    expect(chart.status).toBe(200);
    expect(await chart.text()).toContain('Chart.js v4.6.1');
    const etag = chart.headers.get('etag')!;
    expect((await fetch(`${c.url}/assets/chart.umd.js`, { headers: { 'If-None-Match': etag } })).status).toBe(304);
    expect((await fetch(`${c.url}/assets/../package.json`)).status).toBe(404);
    expect((await fetch(`${c.url}/assets/nope.js`)).status).toBe(404);
  });
});
