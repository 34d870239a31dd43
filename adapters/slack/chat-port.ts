// The chat port for Slack: how the outbox dispatcher posts and updates cards and thread replies.
// A person is written to in their DM with the bot (conversations.open), a channel by its Slack id
// from the case flow. A posted card lives at `{ channel, ts }`; that is also the thread's name.
// chat.postMessage has no idempotency key, so a post made under the outbox row's key is kept in
// chat_posts: a retry after a crash (or a lost lease) between Slack's yes and the dispatcher's
// record returns the first post instead of a second approver card or case root.
import type { webApi } from '@slack/bolt';
import { z } from 'zod';
import type { Card } from '../../src/core/card.ts';
import type { Target } from '../../src/core/delivery.ts';
import type { Logger } from '../../src/log.ts';
import { type ChatPort, DeliveryError, type PostedRef } from '../../src/ports/chat.ts';
import type { ConversationStore } from '../../src/ports/conversations.ts';
import { cardBlocks, cardFallback, messageBlocks } from './blocks.ts';
import { classifySlackError } from './delivery-errors.ts';
import type { SlackIdentities } from './identity.ts';

const Posted = z.object({ channel: z.string().min(1), ts: z.string().min(1) });
const Opened = z.object({ channel: z.object({ id: z.string().min(1) }) });

/** where a Slack message lives; also how threads are named (thread_ts = the root's ts) */
export interface SlackRef extends PostedRef {
  channel: string;
  ts: string;
}

/** Always built with keys in this order: card_refs are looked up by their JSON text. */
export function slackRef(channel: string, ts: string): SlackRef {
  return { channel, ts };
}

export interface SlackChatPortDeps {
  /** a client without retries of its own: the dispatcher retries, with backoff and Retry-After */
  api: webApi.WebClient;
  identities: SlackIdentities;
  /** the posts made under an outbox key (chat_posts) */
  posts: Pick<ConversationStore, 'findPost' | 'rememberPost'>;
  now?: () => Date;
  log: Logger;
}

export class SlackChatPort implements ChatPort {
  readonly platform = 'slack' as const;
  /** Slack user id → their DM channel with the bot; conversations.open is idempotent, this saves the call */
  readonly #dms = new Map<string, string>();

  constructor(private readonly deps: SlackChatPortDeps) {}

  async reaches(target: Target): Promise<boolean> {
    if (target.kind === 'channel') return Boolean(target.channel.slack);
    try {
      return (await this.deps.identities.slackIdOf(target.email)) !== undefined;
    } catch {
      // Slack could not be asked just now: say yes, and let the post fail and be retried
      return true;
    }
  }

  async postCard(target: Target, card: Card, key?: string): Promise<PostedRef> {
    return this.#once(key, async () => this.#post('chat.postMessage', { channel: await this.#channelOf(target), text: cardFallback(card), blocks: cardBlocks(card) }));
  }

  async updateCard(ref: PostedRef, card: Card): Promise<void> {
    const at = parseRef(ref);
    try {
      await this.deps.api.chat.update({ channel: at.channel, ts: at.ts, text: cardFallback(card), blocks: cardBlocks(card) });
    } catch (err) {
      throw classifySlackError(err, 'chat.update');
    }
  }

  async reply(ref: PostedRef, text: string): Promise<void> {
    const at = parseRef(ref);
    await this.#post('chat.postMessage (thread)', { channel: at.channel, thread_ts: at.ts, ...messageBlocks(text) });
  }

  async postMessage(target: Target, text: string, card?: Card, key?: string): Promise<PostedRef> {
    return this.#once(key, async () => this.#post('chat.postMessage', { channel: await this.#channelOf(target), ...messageBlocks(text, card) }));
  }

  /** posts at most once per outbox key: a key seen before returns where that post went */
  async #once(key: string | undefined, post: () => Promise<SlackRef>): Promise<PostedRef> {
    if (!key) return post();
    const prior = await this.#stored(() => this.deps.posts.findPost('slack', key));
    if (prior) return prior;
    const ref = await post();
    try {
      await this.deps.posts.rememberPost('slack', key, ref, (this.deps.now?.() ?? new Date()).toISOString());
    } catch (err) {
      // Slack said yes: failing the delivery now would make the retry post a second copy; the
      // dispatcher still records `ref` with the row, so only a crash right now would repeat it
      this.deps.log.warn('slack: a post was made but could not be remembered under its key', { key, err });
    }
    return ref;
  }

  /** the database failing before a post is worth another try by the dispatcher, like Slack failing */
  async #stored<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (err) {
      throw new DeliveryError('retryable', `chat_posts: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  async #post(what: string, args: { channel: string; text: string; blocks?: webApi.KnownBlock[]; thread_ts?: string }): Promise<SlackRef> {
    let result: unknown;
    try {
      // links in user text stay text: no previews pulled from wherever a requester pointed
      result = await this.deps.api.chat.postMessage({ ...args, unfurl_links: false, unfurl_media: false });
    } catch (err) {
      throw classifySlackError(err, what);
    }
    const posted = Posted.safeParse(result);
    if (!posted.success) throw new DeliveryError('retryable', `${what}: Slack answered without channel and ts`);
    return slackRef(posted.data.channel, posted.data.ts);
  }

  async #channelOf(target: Target): Promise<string> {
    if (target.kind === 'channel') {
      if (!target.channel.slack) throw new DeliveryError('unreachable', `${target.channel.name} has no Slack channel id in its case flow`);
      return target.channel.slack;
    }
    let user: string | undefined;
    try {
      user = await this.deps.identities.slackIdOf(target.email);
    } catch (err) {
      throw classifySlackError(err, 'users.lookupByEmail');
    }
    if (!user) throw new DeliveryError('unreachable', `${target.email} has no Slack user (no slackId in org.yaml and no Slack account with that email)`);
    const known = this.#dms.get(user);
    if (known) return known;
    let opened: unknown;
    try {
      opened = await this.deps.api.conversations.open({ users: user });
    } catch (err) {
      throw classifySlackError(err, 'conversations.open');
    }
    const parsed = Opened.safeParse(opened);
    if (!parsed.success) throw new DeliveryError('retryable', 'conversations.open: Slack answered without a channel');
    this.#dms.set(user, parsed.data.channel.id);
    return parsed.data.channel.id;
  }
}

function parseRef(ref: PostedRef): SlackRef {
  const parsed = Posted.safeParse(ref);
  if (!parsed.success) throw new DeliveryError('permanent', `not a Slack message reference: ${JSON.stringify(ref).slice(0, 200)}`);
  return slackRef(parsed.data.channel, parsed.data.ts);
}
