// The Slack ChatPort against the shared ChatPort contract, with Slack's Web API answered by
// FakeSlack (nock), and the Slack-specific facts: a person is written to in their DM
// (conversations.open), errors are classified as the dispatcher needs them.
import { afterEach, describe, expect, it } from 'vitest';
import { SlackChatPort } from '../../adapters/slack/chat-port.ts';
import { classifySlackError } from '../../adapters/slack/delivery-errors.ts';
import { SlackIdentities } from '../../adapters/slack/identity.ts';
import { createWebClient } from '../../adapters/slack/web-client.ts';
import type { Target } from '../../src/core/delivery.ts';
import { silentLogger } from '../../src/log.ts';
import { DeliveryError } from '../../src/ports/chat.ts';
import type { IdentityStore, PlatformIdentity } from '../../src/ports/identities.ts';
import { aCard, chatPortContract, type SeenPost } from '../support/chat-contract.ts';
import { directory } from '../support/world.ts';
import { API_URL, FakeSlack, textsOf } from './support/fake-slack.ts';

/** the identity cache in memory: the port is proven on SQL by test/store/identities.test.ts */
class MemoryIdentities implements IdentityStore {
  readonly rows: PlatformIdentity[] = [];
  async find(platform: PlatformIdentity['platform'], id: string) {
    return this.rows.find((r) => r.platform === platform && r.platformUserId === id);
  }
  async remember(identity: PlatformIdentity) {
    this.rows.push(identity);
  }
  async idsOf(platform: PlatformIdentity['platform'], email: string) {
    return this.rows.filter((r) => r.platform === platform && r.email === email).map((r) => r.platformUserId);
  }
}

function makePort(slack: FakeSlack) {
  const api = createWebClient({ botToken: 'xoxb-test', apiUrl: API_URL, retryConfig: { retries: 0 }, log: silentLogger }, { rejectRateLimitedCalls: true });
  const identities = new SlackIdentities({ directory, cache: new MemoryIdentities(), api, log: silentLogger });
  return new SlackChatPort({ api, identities, log: silentLogger });
}

// the test world's people have no slackId: Slack knows Ann by her email, nobody knows Dan
const ANN = 'U0ANN00001';
const person: Target = { kind: 'person', email: 'ann@example.com' };
const channel: Target = { kind: 'channel', channel: { name: '#it-incidents', slack: 'C0INCIDENT' } };

function seen(slack: FakeSlack, target: Target): SeenPost[] {
  const where = target.kind === 'person' ? slack.dmOf(ANN) : target.channel.slack!;
  return slack.in(where).map((m) => {
    const header = m.blocks.find((b: any) => b.type === 'header');
    return { ...(header ? { title: header.text.text } : { text: m.text }), replies: m.replies.map((r) => r.text) };
  });
}

chatPortContract('slack', async () => {
  const slack = new FakeSlack([{ id: ANN, email: 'ann@example.com' }]).start();
  return {
    port: makePort(slack),
    person,
    channel,
    stranger: { kind: 'person', email: 'dan@example.com' },
    missingRef: { channel: 'C0INCIDENT', ts: '1600000000.000001' },
    seen: async (t) => seen(slack, t),
    failNext: (failure, retryAfterSeconds) => {
      if (failure === 'rate_limited') slack.failNext({ status: 429, headers: { 'Retry-After': String(retryAfterSeconds ?? 1) }, body: { ok: false, error: 'ratelimited' } });
      else if (failure === 'server_error') slack.failNext({ status: 503, body: { ok: false } });
      else slack.failNext({ status: 200, body: { ok: false, error: 'channel_not_found' } });
    },
    // chat.postMessage has no idempotency key
    dedupesByKey: false,
    close: async () => slack.stop(),
  };
});

describe('SlackChatPort', () => {
  let slack: FakeSlack;
  afterEach(() => slack.stop());

  it('opens the DM once per person and posts cards with blocks and an escaped fallback', async () => {
    slack = new FakeSlack([{ id: ANN, email: 'ann@example.com' }]).start();
    const port = makePort(slack);
    const ref = await port.postCard(person, aCard(1, '<!here> a & b'));
    await port.postCard(person, aCard(1, 'second'));
    expect(ref).toEqual({ channel: slack.dmOf(ANN), ts: slack.in(slack.dmOf(ANN))[0]!.ts });
    expect(Object.keys(ref)).toEqual(['channel', 'ts']);
    expect(slack.of('conversations.open')).toEqual([{ users: ANN }]);
    expect(slack.of('users.lookupByEmail')).toEqual([{ email: 'ann@example.com' }]);
    const [first] = slack.of('chat.postMessage');
    expect(first!.text).toBe('&lt;!here&gt; a &amp; b — Waiting');
    expect(first!.unfurl_links).toBe('false');
    expect(textsOf(first!.blocks)).toContain('<!here> a & b');
  });

  it('a channel without a Slack id, or a person Slack does not know, is unreachable', async () => {
    slack = new FakeSlack([]).start();
    const port = makePort(slack);
    const noSlack: Target = { kind: 'channel', channel: { name: '#finance-disputes' } };
    expect(await port.reaches(noSlack)).toBe(false);
    const err = await port.postCard(noSlack, aCard(1)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DeliveryError);
    expect((err as DeliveryError).kind).toBe('unreachable');
    expect(((await port.postMessage(person, 'hi').catch((e: unknown) => e)) as DeliveryError).kind).toBe('unreachable');
  });

  it.each([
    ['channel_not_found', 'permanent'],
    ['not_in_channel', 'permanent'],
    ['invalid_auth', 'permanent'],
    ['account_inactive', 'permanent'],
    ['is_archived', 'permanent'],
    ['invalid_blocks', 'permanent'],
    ['internal_error', 'retryable'],
    ['user_not_found', 'unreachable'],
  ] as const)('classifies Slack\'s %s as %s', async (code, kind) => {
    slack = new FakeSlack([]).start();
    slack.failNext({ status: 200, body: { ok: false, error: code } });
    const err = (await makePort(slack).postCard(channel, aCard(1)).catch((e: unknown) => e)) as DeliveryError;
    expect(err).toBeInstanceOf(DeliveryError);
    expect([err.kind, err.message]).toEqual([kind, expect.stringContaining(code)]);
  });

  it('classifies HTTP failures: 5xx retries, 429 retries after Retry-After', async () => {
    slack = new FakeSlack([]).start();
    const port = makePort(slack);
    slack.failNext({ status: 502, body: 'bad gateway' });
    expect(((await port.reply({ channel: 'C0INCIDENT', ts: '1.1' }, 'x').catch((e: unknown) => e)) as DeliveryError).kind).toBe('retryable');
    slack.failNext({ status: 429, headers: { 'Retry-After': '30' }, body: { ok: false, error: 'ratelimited' } });
    const limited = (await port.updateCard({ channel: 'C0INCIDENT', ts: '1.1' }, aCard(2)).catch((e: unknown) => e)) as DeliveryError;
    expect([limited.kind, limited.retryAfterMs]).toEqual(['retryable', 30_000]);
    expect(classifySlackError(new Error('socket hang up'), 'chat.update').kind).toBe('retryable');
  });

  it('refuses a reference that is not a Slack message as permanent', async () => {
    slack = new FakeSlack([]).start();
    const err = (await makePort(slack).updateCard({ conversationId: 'x' }, aCard(1)).catch((e: unknown) => e)) as DeliveryError;
    expect(err.kind).toBe('permanent');
    expect(slack.calls).toEqual([]);
  });
});
