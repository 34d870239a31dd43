// The Teams ChatPort against the connector double (nock): the shared ChatPort contract, and what
// only Teams has: channel threads, the stored conversation references, refresh for the viewer.
import { ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import nock from 'nock';
import { afterEach, describe, expect, it } from 'vitest';
import { Connector, retryAfterMs } from '../../adapters/teams/connector.ts';
import { TeamsChatPort } from '../../adapters/teams/chat-port.ts';
import { TeamsAdapter } from '../../adapters/teams/transport.ts';
import type { Target } from '../../src/core/delivery.ts';
import { silentLogger } from '../../src/log.ts';
import { DeliveryError } from '../../src/ports/chat.ts';
import type { ConversationStore } from '../../src/ports/conversations.ts';
import { chatStoresOf } from '../../src/store/conversations.ts';
import { aCard, chatPortContract, type ChatPortFixture } from '../support/chat-contract.ts';
import { storeTargets } from '../support/databases.ts';
import { BOT, TENANT } from './activities.ts';
import { FakeTeams, SERVICE_URL } from './fake-teams.ts';

const CHANNEL = '19:ops@thread.tacv2';
const person: Target = { kind: 'person', email: 'ann@example.com' };
const channel: Target = { kind: 'channel', channel: { name: '#ops', teams: CHANNEL } };
const NOW = new Date('2026-11-30T09:00:00Z');

async function open() {
  nock.disableNetConnect();
  const fake = new FakeTeams();
  const opened = await storeTargets()[0]!.open();
  const { conversations } = chatStoresOf(opened.store);
  const at = NOW.toISOString();
  await conversations.remember({
    platform: 'teams',
    key: 'person:ann@example.com',
    serviceUrl: SERVICE_URL,
    updatedAt: at,
    ref: { channelId: 'msteams', serviceUrl: SERVICE_URL, conversation: { id: 'a:ann', conversationType: 'personal', tenantId: TENANT }, bot: BOT, user: { id: '29:ann', aadObjectId: 'aad-ann' } },
  });
  await conversations.remember({
    platform: 'teams',
    key: `channel:${CHANNEL}`,
    serviceUrl: SERVICE_URL,
    updatedAt: at,
    ref: { channelId: 'msteams', serviceUrl: SERVICE_URL, conversation: { id: CHANNEL, conversationType: 'channel', isGroup: true, tenantId: TENANT }, bot: BOT },
  });
  const adapter = new TeamsAdapter(new ConfigurationBotFrameworkAuthentication({}));
  const port = new TeamsChatPort({ connector: new Connector(adapter, ''), conversations, now: () => NOW, log: silentLogger });
  const conversationOf = (t: Target) => (t.kind === 'person' ? 'a:ann' : CHANNEL);
  return {
    fake,
    conversations,
    port,
    conversationOf,
    close: async () => {
      fake.close();
      nock.enableNetConnect();
      await opened.cleanup();
    },
  };
}

chatPortContract('teams', async (): Promise<ChatPortFixture> => {
  const o = await open();
  return {
    port: o.port,
    person,
    channel,
    stranger: { kind: 'person', email: 'zed@example.com' },
    missingRef: { conversationId: 'a:ann', activityId: 'act-999', serviceUrl: SERVICE_URL, kind: 'personal' },
    seen: async (t) =>
      o.fake.in(o.conversationOf(t)).map((p) => {
        const card = FakeTeams.card(p.current);
        return { ...(card ? { title: FakeTeams.texts(card)[0]! } : { text: String(p.current.text) }), replies: p.replies.map((r) => String(r.text)) };
      }),
    failNext: (failure, retryAfterSeconds) => {
      if (failure === 'rate_limited') o.fake.failNext(429, { 'Retry-After': String(retryAfterSeconds ?? 1) });
      else o.fake.failNext(failure === 'server_error' ? 500 : 404);
    },
    dedupesByKey: true,
    close: o.close,
  };
});

describe('TeamsChatPort, what is particular to Teams', () => {
  let close: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await close?.();
    close = undefined;
  });
  const setup = async () => {
    const o = await open();
    close = o.close;
    return o;
  };

  it('posts a channel card as a thread root and remembers the thread for its case', async () => {
    const o = await setup();
    const ref = await o.port.postCard(channel, { ...aCard(1), key: 'case:C-7' }, { id: 'outbox:1' });
    expect(ref).toEqual({ conversationId: CHANNEL, activityId: 'act-1', serviceUrl: SERVICE_URL, kind: 'channel', tenantId: TENANT, botId: BOT.id });
    expect(await o.conversations.cardOfThread('teams', `${CHANNEL};messageid=act-1`)).toBe('case:C-7');
    await o.port.reply(ref, 'Ian took ownership.');
    expect(o.fake.calls).toEqual([`POST ${CHANNEL}`, `POST ${CHANNEL};messageid=act-1`]);
  });

  it('refreshes a personal copy for its one viewer, and replies there as plain messages', async () => {
    const o = await setup();
    const ref = await o.port.postCard(person, aCard(1));
    expect(ref.userId).toBe('29:ann');
    expect(FakeTeams.card(o.fake.posts[0]!.activity)!.refresh).toMatchObject({ userIds: ['29:ann'] });
    await o.port.updateCard(ref, aCard(2, 'Approved'));
    expect(FakeTeams.card(o.fake.posts[0]!.current)!.refresh).toMatchObject({ userIds: ['29:ann'], action: { data: { subject: 'request:R-42', version: 2 } } });
    await o.port.reply(ref, 'Your request is approved.');
    expect(o.fake.in('a:ann').map((p) => p.current.text ?? 'card')).toEqual(['card', 'Your request is approved.']);
  });

  it('escapes the text it posts', async () => {
    const o = await setup();
    await o.port.postMessage(person, 'See [this](https://evil.example) **now**');
    expect(o.fake.posts[0]!.activity).toMatchObject({ textFormat: 'markdown', text: 'See \\[this\\]\\(https://evil.example\\) \\*\\*now\\*\\*' });
  });

  it('is unreachable without a stored conversation, and for a channel without a Teams id', async () => {
    const o = await setup();
    expect(await o.port.reaches({ kind: 'channel', channel: { name: '#elsewhere' } })).toBe(false);
    expect(await o.port.reaches({ kind: 'channel', channel: { name: '#other', teams: '19:other@thread.tacv2' } })).toBe(false);
    const err = await o.port.postCard({ kind: 'person', email: 'zed@example.com' }, aCard(1)).catch((e: unknown) => e);
    expect(err).toMatchObject({ kind: 'unreachable', message: expect.stringContaining('not installed for zed@example.com') });
    expect(o.fake.calls).toEqual([]);
  });

  it.each([
    [403, 'permanent'],
    [404, 'permanent'],
    [400, 'permanent'],
    [401, 'retryable'],
    [502, 'retryable'],
    [503, 'retryable'],
  ] as const)('classifies Teams answering %i as %s', async (status, kind) => {
    const o = await setup();
    o.fake.failNext(status);
    const err = await o.port.postMessage(person, 'hello').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DeliveryError);
    expect((err as DeliveryError).kind).toBe(kind);
    // one attempt only: the outbox owns retries, the SDK does not retry behind its back
    expect(o.fake.calls).toHaveLength(1);
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    expect(retryAfterMs('2')).toBe(2000);
    expect(retryAfterMs('Mon, 30 Nov 2026 09:00:30 GMT', NOW.getTime())).toBe(30_000);
    expect(retryAfterMs('soon')).toBeUndefined();
    expect(retryAfterMs(undefined)).toBeUndefined();
  });

  it('a thread reply under a key is recorded too: its retry does not reply twice', async () => {
    const o = await setup();
    const root = await o.port.postCard(channel, { ...aCard(1), key: 'case:C-8' }, { id: 'outbox:20' });
    const first = await o.port.reply(root, 'Ian took ownership.', { id: 'outbox:21' });
    const again = await o.port.reply(root, 'Ian took ownership.', { id: 'outbox:21', since: new Date(Date.now() - 60_000).toISOString() });
    expect(again).toEqual(first);
    expect(o.fake.calls.filter((c) => c.includes(';messageid='))).toHaveLength(1);
  });

  it('does not post twice under one key, even after the reference was lost', async () => {
    const o = await setup();
    const first = await o.port.postCard(person, aCard(1), { id: 'outbox:9' });
    const second = await o.port.postCard(person, aCard(1), { id: 'outbox:9' });
    expect(second).toEqual(first);
    expect(o.fake.posts).toHaveLength(1);
    expect(await (o.conversations as ConversationStore).findPost('teams', 'outbox:9')).toEqual(first);
  });
});
