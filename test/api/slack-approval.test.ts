// The whole loop across surfaces: an HR system raises a request with plain fetch, Bob approves
// it from his Slack DM (signed HTTP, as Slack sends it), and the API shows it approved with the
// audit trail naming both paths.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createToken } from '../../src/app/api-tokens.ts';
import { apiTokensOf } from '../../src/store/api-tokens.ts';
import { buttonsOf } from '../slack/support/fake-slack.ts';
import { blockAction, type SlackHarness, slackServer, U } from '../slack/support/slack-server.ts';
import { purchase } from './support.ts';

let h: SlackHarness;
let token: string;
beforeAll(async () => {
  h = await slackServer();
  const deps = h.running.engine.deps;
  const created = await createToken(apiTokensOf(deps.store), { name: 'hr-system', scopes: ['requests:read', 'requests:write', 'act-as'] }, { directory: deps.directory, flowIds: deps.flows.all().map((f) => f.def.id) }, h.clock.now);
  if (!created.ok) throw new Error(created.problems.join('; '));
  token = created.token;
});
afterAll(async () => {
  await h?.close();
});

const api = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
  const res = await fetch(h.url + path, { method, headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', ...headers }, ...(body ? { body: JSON.stringify(body) } : {}) });
  return { status: res.status, json: (await res.json()) as any };
};

describe('API + Slack', () => {
  it('raised over the API, approved in Slack, approved over the API', async () => {
    const raised = await api('POST', '/api/v1/requests', purchase(900), { 'Docket-Act-As': 'ann@example.com', 'Idempotency-Key': 'hr-4711' });
    expect(raised.status).toBe(201);
    const id = raised.json.id as string;

    // the engine queued Bob's card as for any request; Slack gets it
    await h.deliver();
    const bobs = h.slack.in(h.slack.dmOf(U.bob))[0]!;
    const approve = buttonsOf(bobs.blocks).find((b) => b.action_id === 'request.approve')!;
    const clicked = await h.interaction(blockAction({ user: U.bob, actionId: 'request.approve', value: approve.value, message: { channel: bobs.channel, ts: bobs.ts } }));
    expect(clicked.status).toBe(200);
    await h.idle();

    const after = await api('GET', `/api/v1/requests/${id}`);
    expect(after.json).toMatchObject({ id, status: 'approved', requester: 'ann@example.com' });
    expect(after.json.steps[0].approvers[0]).toMatchObject({ email: 'bob@example.com', decision: { outcome: 'approved', by: 'bob@example.com' } });
    const trail = await api('GET', `/api/v1/requests/${id}/audit`);
    const byType = (t: string) => trail.json.items.find((e: any) => e.type === t);
    expect(byType('request.submitted')).toMatchObject({ actor: 'ann@example.com', via: 'api:hr-system' });
    expect(byType('request.approved_by').actor).toBe('bob@example.com');
    expect(byType('request.approved_by').via).toBeUndefined();
  });
});
