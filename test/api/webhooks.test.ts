// Outbound webhooks against a local receiver that checks each signature with the Standard
// Webhooks reference verifier: one delivery per committed event, none for a refused command,
// retries after a 500 and a timeout, dead letter after the limit, redelivery, and a private
// address refused when no allow-list lets it through.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiServer, type ApiHarness, purchase } from './support.ts';
import { receiver, type Receiver } from './receiver.ts';

let h: ApiHarness;
let rx: Receiver;
let admin: string;
let hr: string;
let bob: string;
// tests need a loopback receiver, so loopback is allowed here; the last test proves it is not by default
beforeAll(async () => {
  h = await apiServer({ env: { DOCKET_WEBHOOK_ALLOW_IPS: '127.0.0.1' }, webhookOptions: { timeoutMs: 300, maxAttempts: 3 } });
  rx = await receiver(() => h.clock.now);
  admin = await h.token({ name: 'ops', scopes: ['webhooks:admin'] });
  hr = await h.token({ name: 'hr-system', scopes: ['requests:read', 'requests:write', 'act-as'] });
  bob = await h.token({ name: 'bob', scopes: ['requests:write'], person: 'bob@example.com' });
});
afterAll(async () => {
  await h?.close();
  await rx?.close();
});

const dispatch = () => h.running.clock.webhooks.runDue();
/** moves the clock past any backoff and sends what is due */
const later = async (minutes = 600) => {
  h.clock.now = new Date(h.clock.now.getTime() + minutes * 60_000);
  return dispatch();
};

describe('outbound webhooks', () => {
  it('subscribes through the API, answering the secret once', async () => {
    const made = await h.call(admin, 'POST', '/api/v1/webhooks', { name: 'erp', url: rx.url, events: ['request.submitted', 'request.approved'], flows: ['purchase'] });
    expect(made.status).toBe(201);
    expect(made.json.secret).toMatch(/^whsec_[A-Za-z0-9+/=]{32}$/);
    rx.secret = made.json.secret;
    const list = await h.call(admin, 'GET', '/api/v1/webhooks');
    expect(list.json.items).toEqual([{ id: made.json.id, name: 'erp', url: rx.url, events: ['request.submitted', 'request.approved'], flows: ['purchase'], source: 'api' }]);
    const twice = await h.call(admin, 'POST', '/api/v1/webhooks', { name: 'erp', url: rx.url, events: ['*'] });
    expect(twice.json).toMatchObject({ status: 409, code: 'api.conflict' });
    const noScope = await h.call(hr, 'GET', '/api/v1/webhooks');
    expect(noScope.json.code).toBe('api.scope_missing');
  });

  it('the receiver\'s verifier refuses a forged or replayed delivery (so a pass below means something)', async () => {
    const forged = await fetch(rx.url, { method: 'POST', body: '{"type":"request.approved"}', headers: { 'webhook-id': 'msg_x', 'webhook-timestamp': String(Math.floor(h.clock.now.getTime() / 1000)), 'webhook-signature': 'v1,AAAA' } });
    expect(forged.status).toBe(200);
    expect(rx.received.pop()).toMatchObject({ verified: false });
  });

  it('one signed delivery per committed event it asked for; none for a refused command', async () => {
    const raised = await h.call(hr, 'POST', '/api/v1/requests', purchase(800), { 'Docket-Act-As': 'ann@example.com' });
    // refused: Ann approving her own request writes nothing, so queues nothing
    const refused = await h.call(hr, 'POST', `/api/v1/requests/${raised.json.id}/decision`, { outcome: 'approved' }, { 'Docket-Act-As': 'ann@example.com' });
    expect(refused.status).toBe(403);
    await h.call(bob, 'POST', `/api/v1/requests/${raised.json.id}/decision`, { outcome: 'approved' });
    // an access request is another flow: not subscribed
    await h.call(hr, 'POST', '/api/v1/requests', { flow: 'access', form: { system: 'crm', level: 'read', reason: 'Onboarding' } }, { 'Docket-Act-As': 'ann@example.com' });
    expect(await dispatch()).toEqual({ delivered: 2, retried: 0, dead: 0 });
    expect(rx.received.map((r) => [r.type, r.verified])).toEqual([
      ['request.submitted', true],
      ['request.approved', true],
    ]);
    expect(new Set(rx.received.map((r) => r.id)).size).toBe(2);
    expect(rx.received[0]!.body.data).toMatchObject({ subject: `request:${raised.json.id}`, id: raised.json.id, flow: 'purchase', actor: 'ann@example.com', via: 'api:hr-system' });
    expect(await dispatch()).toEqual({ delivered: 0, retried: 0, dead: 0 });
  });

  it('retries after a 500 and after a timeout, with the same webhook-id, then delivers', async () => {
    rx.received.length = 0;
    rx.script.push(500, 'hang');
    await h.call(hr, 'POST', '/api/v1/requests', purchase(700), { 'Docket-Act-As': 'sam@example.com' });
    expect(await dispatch()).toEqual({ delivered: 0, retried: 1, dead: 0 });
    expect(await dispatch()).toEqual({ delivered: 0, retried: 0, dead: 0 }); // backing off
    expect(await later()).toEqual({ delivered: 0, retried: 1, dead: 0 }); // the timeout
    expect(await later()).toEqual({ delivered: 1, retried: 0, dead: 0 });
    expect(rx.received).toHaveLength(3);
    expect(new Set(rx.received.map((r) => r.id)).size).toBe(1);
    expect(rx.received.every((r) => r.verified)).toBe(true);
    const [row] = (await h.call(admin, 'GET', '/api/v1/webhooks/deliveries?limit=1')).json.items;
    expect(row).toMatchObject({ status: 'done', attempts: 3, eventType: 'request.submitted' });
  });

  it('dead-letters after the attempt limit with the reason, and redelivers on request', async () => {
    rx.received.length = 0;
    rx.script.push(500, 500, 503);
    await h.call(hr, 'POST', '/api/v1/requests', purchase(650), { 'Docket-Act-As': 'lee@example.com' });
    await dispatch();
    await later();
    expect(await later()).toEqual({ delivered: 0, retried: 0, dead: 1 });
    const dead = (await h.call(admin, 'GET', '/api/v1/webhooks/deliveries?status=dead')).json.items;
    expect(dead).toHaveLength(1);
    expect(dead[0]).toMatchObject({ deadReason: 'attempts_exhausted', lastError: '3 attempts; the last: HTTP 503', attempts: 3 });
    expect(await later()).toEqual({ delivered: 0, retried: 0, dead: 0 });
    const again = await h.call(admin, 'POST', `/api/v1/webhooks/deliveries/${dead[0].id}/redeliver`);
    expect(again.json).toMatchObject({ status: 'pending', attempts: 0 });
    expect(await dispatch()).toEqual({ delivered: 1, retried: 0, dead: 0 });
    expect(rx.received.map((r) => r.id)).toEqual(Array(4).fill(dead[0].messageId));
    const notDead = await h.call(admin, 'POST', `/api/v1/webhooks/deliveries/${dead[0].id}/redeliver`);
    expect(notDead.json.code).toBe('api.conflict');
  });

  it('a removed subscription gets nothing more', async () => {
    const [sub] = (await h.call(admin, 'GET', '/api/v1/webhooks')).json.items;
    expect((await h.call(admin, 'DELETE', `/api/v1/webhooks/${sub.id}`)).status).toBe(200);
    rx.received.length = 0;
    await h.call(hr, 'POST', '/api/v1/requests', purchase(600), { 'Docket-Act-As': 'ann@example.com' });
    expect(await dispatch()).toEqual({ delivered: 0, retried: 0, dead: 0 });
    expect(rx.received).toEqual([]);
  });
});

describe('server-side request forgery', () => {
  it('without an allow-list, a loopback target is refused and dead-lettered at once; nothing reaches it', async () => {
    const strict = await apiServer();
    const target = await receiver();
    try {
      const ops = await strict.token({ name: 'ops', scopes: ['webhooks:admin'] });
      const client = await strict.token({ name: 'c', scopes: ['requests:write'], person: 'ann@example.com' });
      const made = await strict.call(ops, 'POST', '/api/v1/webhooks', { name: 'sneaky', url: target.url, events: ['*'] });
      expect(made.status).toBe(201);
      await strict.call(client, 'POST', '/api/v1/requests', purchase());
      const report = await strict.running.clock.webhooks.runDue();
      expect(report.delivered).toBe(0);
      expect(report.retried).toBe(0);
      expect(report.dead).toBeGreaterThan(0);
      expect(target.received).toEqual([]);
      const dead = (await strict.call(ops, 'GET', '/api/v1/webhooks/deliveries?status=dead')).json.items;
      expect(dead[0].deadReason).toBe('target_forbidden');
      expect(dead[0].lastError).toContain('127.0.0.1: a private, loopback or link-local address; set DOCKET_WEBHOOK_ALLOW_IPS to allow it');
    } finally {
      await strict.close();
      await target.close();
    }
  });
});
