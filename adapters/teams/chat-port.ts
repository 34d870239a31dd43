// The outbox's ChatPort on Microsoft Teams. Every post is proactive: Teams accepts it only in a
// conversation the bot already knows (references.ts), through `continueConversationAsync`.
// Cards go to a person's personal chat or, for cases, as a new thread root in the case type's
// channel; replies under a channel card go into `<channel id>;messageid=<root id>`.
// Exactly once, as far as Teams allows: a post's activity id is recorded under the outbox key
// (chat_posts) the moment Teams answers, so a retry after that returns the first post. The
// Bot Framework connector cannot list a conversation's messages nor find one by a client key
// (the activity id is Teams' own, and the bot may not read channel history without Graph
// permissions), so a crash between Teams' yes and that record can still repeat a post; a
// repeated personal-chat card refreshes itself to the current state when opened (its refresh
// names its one user), and a click on any stale copy is refused by the engine and answered
// with the current card.
import type { ConversationReference } from 'botbuilder';
import type { Card } from '../../src/core/card.ts';
import type { Target } from '../../src/core/delivery.ts';
import type { Logger } from '../../src/log.ts';
import { type ChatPort, DeliveryError, type PostedRef, type PostKey, targetKey } from '../../src/ports/chat.ts';
import type { ConversationStore, StoredConversation } from '../../src/ports/conversations.ts';
import { attachment, renderCard } from './adaptive-card.ts';
import type { Connector } from './connector.ts';
import { escapeMarkdown } from './markdown.ts';
import { channelKey, kindOf, personKey, threadId } from './references.ts';

export interface TeamsChatPortDeps {
  connector: Connector;
  conversations: ConversationStore;
  now: () => Date;
  log: Logger;
}

interface Where {
  stored: StoredConversation;
  reference: Partial<ConversationReference>;
  conversationId: string;
}

export class TeamsChatPort implements ChatPort {
  readonly platform = 'teams' as const;

  constructor(private readonly deps: TeamsChatPortDeps) {}

  async reaches(target: Target): Promise<boolean> {
    return (await this.where(target)) !== undefined;
  }

  async postCard(target: Target, card: Card, key?: PostKey): Promise<PostedRef> {
    return this.post(target, key, 'post card', (where) => ({ type: 'message', attachments: [attachment(renderCard(card, { userIds: viewersOf(where) }))] }), card.key);
  }

  async updateCard(ref: PostedRef, card: Card): Promise<void> {
    const { conversationId, activityId } = need(ref);
    const activity = { type: 'message', id: activityId, attachments: [attachment(renderCard(card, { userIds: ref.userId ? [ref.userId] : [] }))] };
    await this.deps.connector.call(referenceFrom(ref), 'update card', (api) => api.updateActivity(conversationId, activityId, activity));
  }

  async reply(ref: PostedRef, text: string, key?: PostKey): Promise<PostedRef> {
    const { conversationId, activityId } = need(ref);
    if (key) {
      const prior = await this.deps.conversations.findPost('teams', key.id);
      if (prior) return prior;
    }
    // a channel card's replies are its thread; a personal chat has no threads, so a plain message
    const into = ref.kind === 'channel' ? threadId(conversationId, activityId) : conversationId;
    const sent = await this.deps.connector.call(referenceFrom(ref), 'reply', (api) => api.sendToConversation(into, message(text)));
    const posted: PostedRef = { ...ref, activityId: sent?.id ?? activityId, conversationId: into };
    if (key && sent?.id) await this.deps.conversations.rememberPost('teams', key.id, posted, this.deps.now().toISOString());
    return posted;
  }

  async postMessage(target: Target, text: string, card?: Card, key?: PostKey): Promise<PostedRef> {
    return this.post(target, key, 'post message', (where) => ({ ...message(text), ...(card ? { attachments: [attachment(renderCard(card, { userIds: viewersOf(where) }))] } : {}) }));
  }

  private async post(target: Target, key: PostKey | undefined, what: string, build: (where: Where) => Record<string, unknown>, cardKey?: string): Promise<PostedRef> {
    if (key) {
      const prior = await this.deps.conversations.findPost('teams', key.id);
      if (prior) return prior;
    }
    const where = await this.where(target);
    if (!where) throw new DeliveryError('unreachable', unreachableReason(target));
    const sent = await this.deps.connector.call(where.reference, what, (api) => api.sendToConversation(where.conversationId, build(where)));
    if (!sent?.id) throw new DeliveryError('retryable', `${what}: Teams did not say which message it created`);
    const ref = refOf(where, sent.id);
    const at = this.deps.now().toISOString();
    // the thread under a channel card belongs to its case: replies there must find it again
    if (cardKey && ref.kind === 'channel') await this.deps.conversations.rememberThread('teams', threadId(where.conversationId, sent.id), cardKey, at);
    if (key) await this.deps.conversations.rememberPost('teams', key.id, ref, at);
    this.deps.log.debug('teams: posted', { target: targetKey(target), activityId: sent.id });
    return ref;
  }

  private async where(target: Target): Promise<Where | undefined> {
    const key = target.kind === 'person' ? personKey(target.email) : target.channel.teams ? channelKey(target.channel.teams) : undefined;
    if (!key) return undefined;
    const stored = await this.deps.conversations.find('teams', key);
    if (!stored) return undefined;
    const reference = stored.ref as Partial<ConversationReference>;
    const conversationId = reference.conversation?.id;
    return conversationId ? { stored, reference, conversationId } : undefined;
  }
}

function message(text: string): Record<string, unknown> {
  return { type: 'message', textFormat: 'markdown', text: escapeMarkdown(text) };
}

/** who sees a copy in a personal chat: its one user, for whom Teams refreshes the card */
function viewersOf(where: Where): string[] {
  const id = where.reference.user?.id;
  return kindOf(where.reference.conversation) === 'personal' && id ? [id] : [];
}

function refOf(where: Where, activityId: string): PostedRef {
  const r = where.reference;
  const ref: PostedRef = {
    conversationId: where.conversationId,
    activityId,
    serviceUrl: where.stored.serviceUrl,
    kind: kindOf(r.conversation) === 'channel' ? 'channel' : 'personal',
  };
  if (r.conversation?.tenantId) ref.tenantId = r.conversation.tenantId;
  if (r.bot?.id) ref.botId = r.bot.id;
  if (ref.kind === 'personal' && r.user?.id) ref.userId = r.user.id;
  return ref;
}

/** enough of a ConversationReference to call the connector again for a posted message */
function referenceFrom(ref: PostedRef): Partial<ConversationReference> {
  const { conversationId, serviceUrl } = need(ref);
  return {
    channelId: 'msteams',
    serviceUrl,
    conversation: { id: conversationId, isGroup: ref.kind === 'channel', conversationType: ref.kind === 'channel' ? 'channel' : 'personal', name: '', ...(ref.tenantId ? { tenantId: ref.tenantId } : {}) },
    ...(ref.botId ? { bot: { id: ref.botId, name: '' } } : {}),
  };
}

function need(ref: PostedRef): { conversationId: string; activityId: string; serviceUrl: string } {
  const { conversationId, activityId, serviceUrl } = ref;
  if (!conversationId || !activityId || !serviceUrl) throw new DeliveryError('permanent', `not a Teams message reference: ${JSON.stringify(ref)}`);
  return { conversationId, activityId, serviceUrl };
}

function unreachableReason(target: Target): string {
  if (target.kind === 'person') return `the Docket app is not installed for ${target.email} in Teams yet (they can open the app, or an admin can install it for them)`;
  if (!target.channel.teams) return `channel ${target.channel.name} has no Teams channel id in its flow`;
  return `the Docket app is not installed in the team of channel ${target.channel.name} (${target.channel.teams})`;
}
