// The REST API on requests: the same engine commands as chat, the same refusals as problem+json,
// idempotency per token, act-as, scopes and flows, paging, ETags, rate limits.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redactItem } from '../../src/app/redact.ts';
import { retentionStoreOf } from '../../src/store/ports.ts';
import { sqlOf } from '../support/databases.ts';
import { apiServer, type ApiHarness, purchase } from './support.ts';

let h: ApiHarness;
let hr: string; // requests:* with act-as
let bobs: string; // acts as bob only
beforeAll(async () => {
  h = await apiServer();
  hr = await h.token({ name: 'hr-system', scopes: ['requests:read', 'requests:write', 'act-as', 'flows:read'] });
  bobs = await h.token({ name: 'bob-script', scopes: ['requests:read', 'requests:write'], person: 'bob@example.com' });
});
afterAll(async () => {
  await h?.close();
});

describe('raising and deciding a request over the API', () => {
  it('raises a request for Ann, audited as api:hr-system acting for her; Bob approves it', async () => {
    const created = await h.call(hr, 'POST', '/api/v1/requests', purchase(), { 'Docket-Act-As': 'ann@example.com' });
    expect(created.status).toBe(201);
    const id = created.json.id as string;
    expect(created.headers.get('location')).toBe(`/api/v1/requests/${id}`);
    expect(created.json).toMatchObject({ flow: 'purchase', requester: 'ann@example.com', status: 'pending', currentStep: 'manager' });

    const decided = await h.call(bobs, 'POST', `/api/v1/requests/${id}/decision`, { outcome: 'approved', comment: 'fine' });
    expect(decided.status).toBe(200);
    expect(decided.json.status).toBe('approved');

    const trail = await h.call(hr, 'GET', `/api/v1/requests/${id}/audit`);
    expect(trail.status).toBe(200);
    const submitted = trail.json.items.find((e: any) => e.type === 'request.submitted');
    expect(submitted).toMatchObject({ actor: 'ann@example.com', via: 'api:hr-system' });
    const approved = trail.json.items.find((e: any) => e.type === 'request.approved_by');
    expect(approved).toMatchObject({ actor: 'bob@example.com', via: 'api:bob-script' });
  });

  it('answers an engine refusal as problem+json with the engine\'s sentence and stable code', async () => {
    const created = await h.call(hr, 'POST', '/api/v1/requests', purchase(), { 'Docket-Act-As': 'ann@example.com' });
    // Ann may not approve her own request
    const self = await h.call(hr, 'POST', `/api/v1/requests/${created.json.id}/decision`, { outcome: 'approved' }, { 'Docket-Act-As': 'ann@example.com' });
    expect(self.status).toBe(403);
    expect(self.headers.get('content-type')).toBe('application/problem+json');
    expect(self.json).toMatchObject({ code: 'step.self_approval', status: 403, detail: 'You cannot decide your own request.', type: '/api/v1/problems/step.self_approval' });
    // a decided step cannot be decided again
    await h.call(bobs, 'POST', `/api/v1/requests/${created.json.id}/decision`, { outcome: 'approved' });
    const again = await h.call(bobs, 'POST', `/api/v1/requests/${created.json.id}/decision`, { outcome: 'rejected', comment: 'changed my mind' });
    expect(again.status).toBe(409);
    expect(again.json.code).toBe('request.not_pending');
  });

  it('refuses an invalid form with 422 and the engine\'s per-field errors; nothing is written', async () => {
    const before = await h.call(hr, 'GET', '/api/v1/requests?limit=200');
    const bad = await h.call(hr, 'POST', '/api/v1/requests', { flow: 'purchase', form: { item: '' } }, { 'Docket-Act-As': 'ann@example.com' });
    expect(bad.status).toBe(422);
    expect(bad.json.code).toBe('form.invalid');
    expect(Object.keys(bad.json.errors)).toEqual(expect.arrayContaining(['item', 'total', 'justification']));
    const after = await h.call(hr, 'GET', '/api/v1/requests?limit=200');
    expect(after.json.items.length).toBe(before.json.items.length);
  });

  it('refuses a body of the wrong shape with 400 naming the paths', async () => {
    const res = await h.call(bobs, 'POST', '/api/v1/requests/R-1/decision', { outcome: 'maybe', extra: 1 });
    expect(res.status).toBe(400);
    expect(res.json.code).toBe('api.invalid_request');
    expect(Object.keys(res.json.errors)).toEqual(expect.arrayContaining(['body.outcome']));
    const notJson = await h.call(bobs, 'POST', '/api/v1/requests', '{"flow":', {});
    expect(notJson.status).toBe(400);
    expect(notJson.json.code).toBe('api.bad_json');
  });

  it('the same Idempotency-Key twice raises one request; another token\'s same key is another command', async () => {
    const headers = { 'Docket-Act-As': 'sam@example.com', 'Idempotency-Key': 'onboarding-4711' };
    const first = await h.call(hr, 'POST', '/api/v1/requests', purchase(300), headers);
    const second = await h.call(hr, 'POST', '/api/v1/requests', purchase(300), headers);
    expect(first.status).toBe(201);
    expect(second.status).toBe(200);
    expect(second.headers.get('docket-duplicate')).toBe('true');
    expect(second.json.id).toBe(first.json.id);
    const other = await h.call(bobs, 'POST', '/api/v1/requests', purchase(300), { 'Idempotency-Key': 'onboarding-4711' });
    expect(other.status).toBe(201);
    expect(other.json.id).not.toBe(first.json.id);
    const bad = await h.call(hr, 'POST', '/api/v1/requests', purchase(300), { ...headers, 'Idempotency-Key': 'has spaces' });
    expect(bad.json.code).toBe('api.bad_idempotency_key');
  });
});

describe('who may call', () => {
  it('no token, a wrong token or a revoked one: 401 with WWW-Authenticate', async () => {
    const none = await fetch(h.url + '/api/v1/requests');
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toBe('Bearer realm="docket"');
    expect(((await none.json()) as any).code).toBe('api.unauthorized');
    expect((await h.call('dkt_not-a-real-token', 'GET', '/api/v1/requests')).status).toBe(401);
    const t = await h.token({ name: 'short-lived', scopes: ['requests:read'] });
    expect((await h.call(t, 'GET', '/api/v1/requests')).status).toBe(200);
    const { apiTokensOf } = await import('../../src/store/api-tokens.ts');
    expect(await apiTokensOf(h.running.engine.deps.store).revoke('short-lived', h.clock.now.toISOString())).toBe(1);
    expect((await h.call(t, 'GET', '/api/v1/requests')).status).toBe(401);
  });

  it('a missing scope, act-as without the scope, and no person to act for are 403s', async () => {
    const reader = await h.token({ name: 'reader', scopes: ['requests:read'], person: 'ann@example.com' });
    const write = await h.call(reader, 'POST', '/api/v1/requests', purchase());
    expect(write.status).toBe(403);
    expect(write.json).toMatchObject({ code: 'api.scope_missing', detail: 'This token lacks the scope requests:write.' });
    const actAs = await h.call(bobs, 'GET', '/api/v1/requests', undefined, { 'Docket-Act-As': 'ann@example.com' });
    expect(actAs.json.code).toBe('api.act_as_not_allowed');
    const nobody = await h.call(hr, 'POST', '/api/v1/requests', purchase());
    expect(nobody.json.code).toBe('api.no_person');
    const stranger = await h.call(hr, 'POST', '/api/v1/requests', purchase(), { 'Docket-Act-As': 'mallory@elsewhere.example' });
    expect(stranger.status).toBe(403);
    expect(stranger.json.code).toBe('person.unknown');
  });

  it('a token limited to some flows sees and touches only those', async () => {
    const accessOnly = await h.token({ name: 'idm', scopes: ['requests:read', 'requests:write', 'act-as', 'flows:read'], flows: ['access'] });
    const refused = await h.call(accessOnly, 'POST', '/api/v1/requests', purchase(), { 'Docket-Act-As': 'ann@example.com' });
    expect(refused.json).toMatchObject({ status: 403, code: 'api.flow_not_allowed' });
    const list = await h.call(accessOnly, 'GET', '/api/v1/requests');
    expect(list.json.items.every((r: any) => r.flow === 'access')).toBe(true);
    const somePurchase = (await h.call(hr, 'GET', '/api/v1/requests?flow=purchase&limit=1')).json.items[0];
    expect((await h.call(accessOnly, 'GET', `/api/v1/requests/${somePurchase.id}`)).status).toBe(404);
    const flows = await h.call(accessOnly, 'GET', '/api/v1/flows');
    expect(flows.json.items.map((f: any) => f.id)).toEqual(['access']);
  });

  it('rate-limits per token: 429 with Retry-After once the burst is spent, back after waiting', async () => {
    const t = await h.token({ name: 'busy', scopes: ['flows:read'] });
    let last = 0;
    let calls = 0;
    while (last !== 429 && calls < 200) {
      last = (await h.call(t, 'GET', '/api/v1/flows')).status;
      calls++;
    }
    expect(calls).toBe(61); // the default burst is 60
    const limited = await h.call(t, 'GET', '/api/v1/flows');
    expect(limited.headers.get('retry-after')).toBe('1');
    expect(limited.json.code).toBe('api.rate_limited');
    // another token is not slowed down
    expect((await h.call(hr, 'GET', '/api/v1/flows')).status).toBe(200);
    h.clock.now = new Date(h.clock.now.getTime() + 1000);
    expect((await h.call(t, 'GET', '/api/v1/flows')).status).toBe(200);
  });

  it('records when a token was last used', async () => {
    const t = await h.token({ name: 'touchy', scopes: ['flows:read'] });
    const { apiTokensOf } = await import('../../src/store/api-tokens.ts');
    const before = (await apiTokensOf(h.running.engine.deps.store).list()).find((x) => x.name === 'touchy')!;
    expect(before.lastUsedAt).toBeNull();
    await h.call(t, 'GET', '/api/v1/flows');
    const after = (await apiTokensOf(h.running.engine.deps.store).list()).find((x) => x.name === 'touchy')!;
    expect(after.lastUsedAt).toBe(h.clock.now.toISOString());
  });
});

describe('reading', () => {
  it('pages by cursor, newest first, without repeats or gaps, and filters', async () => {
    for (let i = 0; i < 5; i++) {
      h.clock.now = new Date(h.clock.now.getTime() + 60_000);
      await h.call(hr, 'POST', '/api/v1/requests', purchase(10 + i), { 'Docket-Act-As': 'lee@example.com' });
    }
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await h.call(hr, 'GET', `/api/v1/requests?requester=lee@example.com&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.status).toBe(200);
      seen.push(...page.json.items.map((r: any) => r.id));
      cursor = page.json.next;
    } while (cursor);
    expect(seen).toHaveLength(5);
    expect(new Set(seen).size).toBe(5);
    const all = (await h.call(hr, 'GET', '/api/v1/requests?requester=lee@example.com')).json.items.map((r: any) => r.id);
    expect(seen).toEqual(all);
    expect((await h.call(hr, 'GET', '/api/v1/requests?cursor=garbage')).json.code).toBe('api.bad_cursor');
    expect((await h.call(hr, 'GET', '/api/v1/requests?status=bogus')).status).toBe(400);
  });

  it('answers If-None-Match with 304 until the item changes', async () => {
    const created = await h.call(hr, 'POST', '/api/v1/requests', purchase(), { 'Docket-Act-As': 'ann@example.com' });
    const first = await h.call(hr, 'GET', `/api/v1/requests/${created.json.id}`);
    const etag = first.headers.get('etag')!;
    expect(etag).toMatch(/^"[\w-]+"$/);
    const same = await fetch(`${h.url}/api/v1/requests/${created.json.id}`, { headers: { Authorization: `Bearer ${hr}`, 'If-None-Match': etag } });
    expect(same.status).toBe(304);
    await h.call(bobs, 'POST', `/api/v1/requests/${created.json.id}/decision`, { outcome: 'approved' });
    const changed = await fetch(`${h.url}/api/v1/requests/${created.json.id}`, { headers: { Authorization: `Bearer ${hr}`, 'If-None-Match': etag } });
    expect(changed.status).toBe(200);
    expect(changed.headers.get('etag')).not.toBe(etag);
  });

  it('lists flows with their forms', async () => {
    const res = await h.call(hr, 'GET', '/api/v1/flows/purchase');
    expect(res.status).toBe(200);
    expect(res.json.form.map((f: any) => f.id)).toEqual(['item', 'total', 'category', 'needed_by', 'justification']);
    expect((await h.call(hr, 'GET', '/api/v1/flows/nope')).json).toMatchObject({ status: 404, code: 'api.not_found', detail: 'Flow nope does not exist.' });
  });

  it('recalls, sends back and resubmits through the same commands as chat', async () => {
    const created = await h.call(hr, 'POST', '/api/v1/requests', purchase(), { 'Docket-Act-As': 'ann@example.com' });
    const id = created.json.id;
    const back = await h.call(bobs, 'POST', `/api/v1/requests/${id}/send-back`, { reason: 'Which model?' });
    expect(back.json.status).toBe('changes_requested');
    const again = await h.call(hr, 'POST', `/api/v1/requests/${id}/resubmit`, { form: { ...purchase().form, item: 'Desk model X' } }, { 'Docket-Act-As': 'ann@example.com' });
    expect(again.json).toMatchObject({ status: 'pending', form: { item: 'Desk model X' } });
    const recalled = await h.call(hr, 'POST', `/api/v1/requests/${id}/recall`, {}, { 'Docket-Act-As': 'ann@example.com' });
    expect(recalled.json.status).toBe('recalled');
    const notYours = await h.call(bobs, 'POST', `/api/v1/requests/${id}/recall`, {});
    expect(notYours.status).toBeGreaterThanOrEqual(403);
    expect(notYours.headers.get('content-type')).toBe('application/problem+json');
  });
});

describe('the audit trail after an erasure', () => {
  it('shows redacted values, the audit.redacted event, and the redaction in no webhook', async () => {
    const ops = await h.token({ name: 'ops-erasure', scopes: ['webhooks:admin'] });
    const hook = await h.call(ops, 'POST', '/api/v1/webhooks', { name: 'everything', url: 'https://hooks.example.com/docket', events: ['*'] });
    expect(hook.status).toBe(201);
    const created = await h.call(hr, 'POST', '/api/v1/requests', purchase(), { 'Docket-Act-As': 'ann@example.com' });
    const id = created.json.id as string;
    const retention = retentionStoreOf(h.running.engine.deps.store);
    const done = await redactItem(h.running.engine, retention, { item: id, fields: ['justification'], actor: 'ian@example.com', reason: 'Erasure request #77' }, h.clock.now);
    expect(done.ok).toBe(true);
    const trail = await h.call(hr, 'GET', `/api/v1/requests/${id}/audit`);
    expect(trail.status).toBe(200);
    expect(trail.json.items.find((e: any) => e.type === 'request.submitted').data.form.justification).toBe('[redacted]');
    expect(trail.json.items.at(-1)).toMatchObject({ type: 'audit.redacted', actor: 'ian@example.com', data: { reason: 'Erasure request #77' } });
    expect(JSON.stringify(trail.json)).not.toContain('My back hurts');
    // the webhooks queued before the erasure say [redacted] too, and the erasure itself is no webhook
    const queued = (await sqlOf(h.running.engine.deps.store)('webhook_outbox').select('event_type', 'payload').where({ subject: `request:${id}` })) as Array<{ event_type: string; payload: string }>;
    expect(queued.map((q) => q.event_type)).toContain('request.submitted');
    expect(queued.find((q) => q.event_type === 'request.submitted')!.payload).toContain('[redacted]');
    expect(JSON.stringify(queued)).not.toContain('My back hurts');
    expect(queued.map((q) => q.event_type)).not.toContain('audit.redacted');
    await h.call(ops, 'DELETE', `/api/v1/webhooks/${hook.json.id}`);
  });
});

describe('every request and case command has a route (added with the chat-parity commands)', () => {
  it('comments, hands a place over, adds an approver, and starts a request from a case, linked both ways', async () => {
    const id = (await h.call(hr, 'POST', '/api/v1/requests', purchase(), { 'Docket-Act-As': 'ann@example.com' })).json.id as string;
    const commented = await h.call(hr, 'POST', `/api/v1/requests/${id}/comments`, { text: 'The standing desk, please' }, { 'Docket-Act-As': 'ann@example.com' });
    expect(commented.status).toBe(200);
    const trail = await h.call(hr, 'GET', `/api/v1/requests/${id}/audit`);
    expect(JSON.stringify(trail.json)).toContain('The standing desk, please');
    // an outsider's comment is the engine's refusal, as in chat
    expect((await h.call(hr, 'POST', `/api/v1/requests/${id}/comments`, { text: 'hi' }, { 'Docket-Act-As': 'omar@example.com' })).status).toBe(403);
    const handed = await h.call(hr, 'POST', `/api/v1/requests/${id}/reassign`, { to: 'carol@example.com' }, { 'Docket-Act-As': 'bob@example.com' });
    expect(handed.status).toBe(200);
    const waitingOn = (r: { steps: { id: string; approvers: { email: string; decision?: unknown }[] }[] }) => r.steps.find((s) => s.id === 'manager')!.approvers.map((a) => a.email);
    expect(waitingOn(handed.json)).toContain('carol@example.com');
    const added = await h.call(hr, 'POST', `/api/v1/requests/${id}/approvers`, { approver: 'tess@example.com' }, { 'Docket-Act-As': 'carol@example.com' });
    expect(added.status).toBe(200);
    expect(waitingOn(added.json)).toContain('tess@example.com');

    const ops = await h.token({ name: 'ops', scopes: ['cases:write', 'cases:read', 'requests:read', 'act-as'] });
    const c = (await h.call(ops, 'POST', '/api/v1/cases', { flow: 'it-incident', title: 'Laptop stolen', priority: 'p3', fields: { service: 'Laptops', impact: 'One person cannot work' } }, { 'Docket-Act-As': 'ian@example.com' })).json.id as string;
    const started = await h.call(ops, 'POST', `/api/v1/cases/${c}/requests`, purchase(), { 'Docket-Act-As': 'ian@example.com' });
    expect(started.status).toBe(201);
    expect(started.json.links).toContainEqual({ kind: 'started_by', subject: `case:${c}` });
    const theCase = await h.call(ops, 'GET', `/api/v1/cases/${c}`);
    expect(theCase.json.links).toContainEqual({ kind: 'started', subject: `request:${started.json.id}` });
  });
});
