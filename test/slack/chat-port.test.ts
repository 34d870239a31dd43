// The Slack ChatPort against the shared ChatPort contract, with Slack's Web API answered by
// FakeSlack (nock), and the Slack-specific facts: a person is written to in their DM
// (conversations.open), errors are classified as the dispatcher needs them, and a post repeated
// under its outbox key (a crash or a lost lease after Slack said yes) is not posted twice.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SlackChatPort } from '../../adapters/slack/chat-port.ts';
import { classifySlackError } from '../../adapters/slack/delivery-errors.ts';
import { SlackIdentities } from '../../adapters/slack/identity.ts';
import { createWebClient } from '../../adapters/slack/web-client.ts';
import type { Target } from '../../src/core/delivery.ts';
import { silentLogger } from '../../src/log.ts';
import { DeliveryError } from '../../src/ports/chat.ts';
import type { ConversationStore } from '../../src/ports/conversations.ts';
import { SqlConversationStore } from '../../src/store/conversations.ts';
import { aCard, chatPortContract, type SeenPost } from '../support/chat-contract.ts';
import { type OpenedStore, sqlOf, storeTargets } from '../support/databases.ts';
import { directory } from '../support/world.ts';
import { API_URL, FakeSlack, textsOf } from './support/fake-slack.ts';
import { MemoryIdentities } from './support/memory-identities.ts';

const NOW = new Date('2026-03-02T08:00:00Z');

function makeKeyedPort(slack: FakeSlack, posts: ConversationStore) {
  const api = createWebClient({ botToken: 'xoxb-test', apiUrl: API_URL, retryConfig: { retries: 0 }, log: silentLogger }, { rejectRateLimitedCalls: true });
  const identities = new SlackIdentities({ directory, cache: new MemoryIdentities(), api, log: silentLogger });
  return new SlackChatPort({ api, identities, posts, now: () => NOW, log: silentLogger });
}

/** the posts made under a key live in chat_posts (migration 004), on a database of its own */
async function openPosts(): Promise<{ opened: OpenedStore; posts: SqlConversationStore }> {
  const opened = await storeTargets()[0]!.open();
  return { opened, posts: new SqlConversationStore(sqlOf(opened.store)) };
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
  const { opened, posts } = await openPosts();
  return {
    port: makeKeyedPort(slack, posts),
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
    // chat.postMessage has no idempotency key of its own: the port keeps one in chat_posts
    dedupesByKey: true,
    close: async () => {
      slack.stop();
      await opened.cleanup();
    },
  };
});

describe('SlackChatPort', () => {
  let slack: FakeSlack;
  let opened: OpenedStore;
  let posts: SqlConversationStore;
  beforeEach(async () => {
    ({ opened, posts } = await openPosts());
  });
  afterEach(async () => {
    slack.stop();
    await opened.cleanup();
  });
  const makePort = (s: FakeSlack) => makeKeyedPort(s, posts);

  it('a card posted again under the same outbox key is the first post, not a second card', async () => {
    slack = new FakeSlack([{ id: ANN, email: 'ann@example.com' }]).start();
    const port = makePort(slack);
    const first = await port.postCard(channel, aCard(1), { id: 'outbox:41' });
    // the dispatcher crashed before recording `first`; a fresh process retries the row
    const again = await makePort(slack).postCard(channel, aCard(1), { id: 'outbox:41' });
    expect(again).toEqual(first);
    expect(await posts.findPost('slack', 'outbox:41')).toEqual(first);
    expect(slack.in('C0INCIDENT')).toHaveLength(1);
    // another row, another post; no key, no memory
    await port.postCard(channel, aCard(1), { id: 'outbox:42' });
    await port.postMessage(person, 'hello');
    await port.postMessage(person, 'hello');
    expect(slack.in('C0INCIDENT')).toHaveLength(2);
    expect(slack.in(slack.dmOf(ANN))).toHaveLength(2);
    expect(await sqlOf(opened.store)('chat_posts').where({ platform: 'slack' }).count<{ n: number }[]>({ n: '*' })).toEqual([{ n: 2 }]);
  });

  it('a post Slack refused is not remembered: the retry posts', async () => {
    slack = new FakeSlack([]).start();
    const port = makePort(slack);
    slack.failNext({ status: 503, body: { ok: false } });
    await expect(port.postCard(channel, aCard(1), { id: 'outbox:43' })).rejects.toBeInstanceOf(DeliveryError);
    expect(await posts.findPost('slack', 'outbox:43')).toBeUndefined();
    await port.postCard(channel, aCard(1), { id: 'outbox:43' });
    expect(slack.in('C0INCIDENT')).toHaveLength(1);
  });

  describe('a post whose outcome is unknown is looked for before it is posted again', () => {
    const since = new Date(Date.now() - 60_000).toISOString();
    /** the crash came after Slack's yes and before the key was recorded */
    const forget = () => sqlOf(opened.store)('chat_posts').delete();

    it('carries its outbox key in message metadata', async () => {
      slack = new FakeSlack([{ id: ANN, email: 'ann@example.com' }]).start();
      await makePort(slack).postCard(channel, aCard(1), { id: 'outbox:60' });
      expect(JSON.parse(slack.of('chat.postMessage')[0]!.metadata)).toEqual({ event_type: 'docket_delivery', event_payload: { id: 'outbox:60' } });
      expect(slack.in('C0INCIDENT')[0]!.metadata).toEqual({ event_type: 'docket_delivery', event_payload: { id: 'outbox:60' } });
    });

    it('a card found in the channel history by its metadata is adopted, not posted again', async () => {
      slack = new FakeSlack([{ id: ANN, email: 'ann@example.com' }]).start();
      const first = await makePort(slack).postCard(channel, aCard(1), { id: 'outbox:61' });
      await forget();
      // 250 later messages: the lookup pages through history to find it
      for (let i = 0; i < 250; i++) await makePort(slack).postMessage(channel, `chatter ${i}`);
      const again = await makePort(slack).postCard(channel, aCard(1), { id: 'outbox:61', since });
      expect(again).toEqual(first);
      expect(slack.in('C0INCIDENT')).toHaveLength(251);
      const lookups = slack.of('conversations.history');
      expect(lookups).toHaveLength(2);
      expect(lookups[0]).toMatchObject({ channel: 'C0INCIDENT', include_all_metadata: 'true', inclusive: 'true', limit: '200', oldest: (Date.parse(since) / 1000 - 60).toFixed(6) });
      expect(lookups[1]!.cursor).toBe('next:200');
      // found once, remembered: a third attempt asks nobody
      await makePort(slack).postCard(channel, aCard(1), { id: 'outbox:61', since });
      expect(slack.of('conversations.history')).toHaveLength(2);
    });

    it('a DM busy with a thousand later messages: the lookup starts at the end of the dead attempt\'s lease', async () => {
      // the fake Slack's clock: two posts at 10:00:00, then a thousand reminders over ten minutes
      let clock = Date.parse('2026-12-01T10:00:00Z');
      slack = new FakeSlack([{ id: ANN, email: 'ann@example.com' }], { now: () => clock }).start();
      const first = await makePort(slack).postMessage(person, 'Reminder', undefined, { id: 'outbox:70' });
      const second = await makePort(slack).postMessage(person, 'Reminder', undefined, { id: 'outbox:72' });
      await forget();
      for (let i = 0; i < 1010; i++) {
        clock += 600;
        await makePort(slack).postMessage(person, `reminder ${i}`);
      }
      const since = '2026-12-01T09:59:00.000Z';
      // without a bound, five pages of the newest messages do not reach back: a second copy
      expect(await makePort(slack).postMessage(person, 'Reminder', undefined, { id: 'outbox:72', since })).not.toEqual(second);
      // with the dead holder's lease end (10:01), the first page does
      expect(await makePort(slack).postMessage(person, 'Reminder', undefined, { id: 'outbox:70', since, latest: '2026-12-01T10:01:00.000Z' })).toEqual(first);
      expect(slack.of('conversations.history').at(-1)).toMatchObject({ latest: (Date.parse('2026-12-01T10:01:00.000Z') / 1000 + 60).toFixed(6) });
    });

    it('a direct message is looked for in the DM, a thread reply among the replies', async () => {
      slack = new FakeSlack([{ id: ANN, email: 'ann@example.com' }]).start();
      const dm = await makePort(slack).postMessage(person, 'Reminder', undefined, { id: 'outbox:62' });
      const root = await makePort(slack).postCard(channel, aCard(1), { id: 'outbox:63' });
      const reply = await makePort(slack).reply(root, 'Bob approved it.', { id: 'outbox:64' });
      await forget();
      expect(await makePort(slack).postMessage(person, 'Reminder', undefined, { id: 'outbox:62', since })).toEqual(dm);
      expect(await makePort(slack).reply(root, 'Bob approved it.', { id: 'outbox:64', since })).toEqual(reply);
      expect(slack.in(slack.dmOf(ANN))).toHaveLength(1);
      expect(slack.in('C0INCIDENT')[0]!.replies.map((r) => r.text)).toEqual(['Bob approved it.']);
      expect(slack.of('conversations.replies')).toEqual([expect.objectContaining({ channel: 'C0INCIDENT', ts: (root as { ts: string }).ts, include_all_metadata: 'true' })]);
    });

    it('not found: posted once; history Slack will not show (a missing scope): posted, not held back', async () => {
      slack = new FakeSlack([{ id: ANN, email: 'ann@example.com' }]).start();
      await makePort(slack).postCard(channel, aCard(1), { id: 'outbox:65', since });
      expect(slack.in('C0INCIDENT')).toHaveLength(1);
      slack.failNext({ status: 200, method: 'conversations.history', body: { ok: false, error: 'missing_scope' } });
      await makePort(slack).postCard(channel, aCard(1), { id: 'outbox:66', since });
      expect(slack.in('C0INCIDENT')).toHaveLength(2);
      // Slack rate-limiting the lookup: retried later rather than risking a second copy
      slack.failNext({ status: 429, headers: { 'Retry-After': '5' }, method: 'conversations.history', body: { ok: false, error: 'ratelimited' } });
      const err = (await makePort(slack).postCard(channel, aCard(1), { id: 'outbox:67', since }).catch((e: unknown) => e)) as DeliveryError;
      expect([err.kind, err.retryAfterMs]).toEqual(['retryable', 5000]);
      expect(slack.in('C0INCIDENT')).toHaveLength(2);
    });
  });

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
