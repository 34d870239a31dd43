// A system step end to end: the manager approves → Docket calls the identity system (signed,
// verified by the reference verifier) → the card says it waits on the identity system → the
// system reports back over the API → the request is approved. And the timeout path: no report
// within the step's autoDecision → rejected by the clock, and a late report is refused.
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Views } from '../../src/app/views.ts';
import { receiver, type Receiver } from './receiver.ts';
import { apiServer, type ApiHarness, FLOWS } from './support.ts';

const SECRET = 'whsec_aWRtLXNlY3JldC0wMTIzNDU2Nzg5YWJjZGVm';
let h: ApiHarness;
let idm: Receiver;
let dir: string;
let hr: string;
let bob: string;
let idmToken: string;
beforeAll(async () => {
  idm = await receiver(() => h.clock.now);
  idm.secret = SECRET;
  dir = await mkdtemp(path.join(os.tmpdir(), 'docket-flows-'));
  await cp(FLOWS, dir, { recursive: true });
  await writeFile(
    path.join(dir, 'requests', 'laptop.yaml'),
    `kind: request
id: laptop
name: Laptop and accounts
form:
  - { id: model, type: text, label: Model, required: true }
steps:
  - id: manager
    name: Manager approval
    approvers: [{ manager: requester }]
  - id: provision
    name: Provisioning
    system: { name: the identity system, url: "${idm.url}", secretEnv: IDM_SECRET, reporter: ian@example.com }
    autoDecision: { after: 1 hour, decision: reject }
onApprove:
  - webhook: { url: "${idm.url}", secretEnv: IDM_SECRET }
`,
  );
  h = await apiServer({ env: { FLOWS_DIR: dir, DOCKET_WEBHOOK_ALLOW_IPS: '127.0.0.1' }, secrets: { IDM_SECRET: SECRET } });
  hr = await h.token({ name: 'hr-system', scopes: ['requests:read', 'requests:write', 'act-as'] });
  bob = await h.token({ name: 'bob', scopes: ['requests:write'], person: 'bob@example.com' });
  idmToken = await h.token({ name: 'idm', scopes: ['requests:write'], flows: ['laptop'], person: 'ian@example.com' });
});
afterAll(async () => {
  await h?.close();
  await idm?.close();
  await rm(dir, { recursive: true, force: true });
});

async function raiseAndApprove(): Promise<string> {
  const raised = await h.call(hr, 'POST', '/api/v1/requests', { flow: 'laptop', form: { model: 'ThinkPad X1' } }, { 'Docket-Act-As': 'ann@example.com' });
  expect(raised.status).toBe(201);
  const approved = await h.call(bob, 'POST', `/api/v1/requests/${raised.json.id}/decision`, { outcome: 'approved' });
  expect(approved.json).toMatchObject({ status: 'pending', currentStep: 'provision' });
  return raised.json.id;
}

describe('system steps', () => {
  it('call the system, wait on it, and move on when it reports ok', async () => {
    const id = await raiseAndApprove();
    expect(await h.running.clock.webhooks.runDue()).toEqual({ delivered: 1, retried: 0, dead: 0 });
    const [call] = idm.received;
    expect(call).toMatchObject({ type: 'request.system_step', verified: true });
    expect(call!.body.data).toEqual({ subject: `request:${id}`, id, flow: 'laptop', step: 'provision', title: 'Laptop and accounts', requester: 'ann@example.com', form: { model: 'ThinkPad X1' }, callback: `/api/v1/requests/${id}/steps/provision/complete` });

    const card = (await new Views(h.running.engine).card(`request:${id}`, 'ann@example.com'))!;
    expect(card.status.label).toBe('Waiting on the identity system');
    expect(card.progress[1]).toEqual({ label: 'Provisioning', state: 'current', detail: 'waiting on the identity system' });

    // only the step's reporter may report; a person who is not it is refused by the engine
    const bobTries = await h.call(bob, 'POST', call!.body.data.callback, { outcome: 'ok' });
    expect(bobTries.json.code).toBe('step.not_approver');
    const done = await h.call(idmToken, 'POST', call!.body.data.callback, { outcome: 'ok', note: 'Account ann created in the directory' });
    expect(done.status).toBe(200);
    expect(done.json.status).toBe('approved');
    const trail = await h.call(hr, 'GET', `/api/v1/requests/${id}/audit`);
    expect(trail.json.items.find((e: any) => e.type === 'request.approved_by' && e.data.step === 'provision')).toMatchObject({ actor: 'ian@example.com', via: 'api:idm', data: { comment: 'Account ann created in the directory' } });
    // a second report of the same step is refused
    expect(await h.call(idmToken, 'POST', call!.body.data.callback, { outcome: 'ok' })).toMatchObject({ status: 409 });
    // the flow's onApprove webhook: fire and forget, signed like the rest, queued with the approval
    expect(await h.running.clock.webhooks.runDue()).toEqual({ delivered: 1, retried: 0, dead: 0 });
    expect(idm.received[1]).toMatchObject({ type: 'request.rule_webhook', verified: true, body: { data: { id, flow: 'laptop', status: 'approved' } } });
  });

  it('a failure report rejects the request with the system\'s reason (and no onApprove webhook)', async () => {
    idm.received.length = 0;
    const id = await raiseAndApprove();
    await h.running.clock.webhooks.runDue();
    const failed = await h.call(idmToken, 'POST', `/api/v1/requests/${id}/steps/provision/complete`, { outcome: 'failed', note: 'No licence left' });
    expect(failed.json).toMatchObject({ status: 'rejected' });
    expect(await h.running.clock.webhooks.runDue()).toEqual({ delivered: 0, retried: 0, dead: 0 });
    expect(idm.received.map((r) => r.type)).toEqual(['request.system_step']);
    const notSystem = await h.call(idmToken, 'POST', `/api/v1/requests/${id}/steps/manager/complete`, { outcome: 'ok' });
    expect(notSystem.json.code).toBe('api.conflict');
  });

  it('times out: no report within the step\'s hour rejects it, and a late report is refused', async () => {
    idm.received.length = 0;
    const id = await raiseAndApprove();
    await h.running.clock.webhooks.runDue();
    expect(idm.received).toHaveLength(1);
    h.clock.now = new Date(h.clock.now.getTime() + 61 * 60_000);
    // the runner fires what is due on the engine's clock, which is h.clock
    await h.running.clock.timers.runDue();
    const after = await h.call(hr, 'GET', `/api/v1/requests/${id}`);
    expect(after.json.status).toBe('rejected');
    expect(after.json.steps[1]).toMatchObject({ id: 'provision', status: 'rejected', note: 'Rejected automatically: no decision within 1 hour.' });
    const late = await h.call(idmToken, 'POST', `/api/v1/requests/${id}/steps/provision/complete`, { outcome: 'ok' });
    expect(late.json).toMatchObject({ status: 409, code: 'step.already_decided' });
  });
});
