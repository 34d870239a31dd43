// The chat port for Slack: how the outbox dispatcher posts and updates cards and thread replies.
// A person is written to in their DM with the bot (conversations.open), a channel by its Slack id
// from the case flow. A posted card lives at `{ channel, ts }`; that is also the thread's name.
// chat.postMessage has no idempotency key, so a post made under the outbox row's key is kept in
// chat_posts, and the post itself carries the key in its message metadata (event_type
// docket_delivery, event_payload {id}). A retry whose earlier attempt's outcome is unknown (a
// crash or a lost lease between Slack's yes and our record, a timeout) first looks for that
// metadata in the channel's recent history (conversations.history, or conversations.replies for
// a thread reply, with include_all_metadata) and adopts the message it finds instead of posting
// a second approver card, case root or reply.
import type { webApi } from '@slack/bolt';
import { z } from 'zod';
import type { Card } from '../../src/core/card.ts';
import type { Target } from '../../src/core/delivery.ts';
import type { Logger } from '../../src/log.ts';
import { type ChatPort, DeliveryError, type PostedRef, type PostKey } from '../../src/ports/chat.ts';
import type { ConversationStore } from '../../src/ports/conversations.ts';
import { cardBlocks, cardFallback, messageBlocks } from './blocks.ts';
import { classifySlackError } from './delivery-errors.ts';
import type { SlackIdentities } from './identity.ts';

const Posted = z.object({ channel: z.string().min(1), ts: z.string().min(1) });
const Opened = z.object({ channel: z.object({ id: z.string().min(1) }) });
const History = z.object({
  messages: z.array(z.looseObject({ ts: z.string(), metadata: z.looseObject({ event_type: z.string(), event_payload: z.record(z.string(), z.unknown()).optional() }).optional() })).default([]),
  has_more: z.boolean().optional(),
  response_metadata: z.looseObject({ next_cursor: z.string().optional() }).optional(),
});

/** the metadata event every post carries: how a post of unknown outcome is found again */
export const DELIVERY_EVENT = 'docket_delivery';
/** how far before the row was written a lookup starts: clocks of replicas and Slack differ a little */
const LOOKUP_MARGIN_S = 60;
/** pages of history read before concluding the post is not there (200 messages each) */
const LOOKUP_PAGES = 5;

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

  async postCard(target: Target, card: Card, key?: PostKey): Promise<PostedRef> {
    return this.#once(key, () => this.#channelOf(target), undefined, (channel, metadata) => this.#post('chat.postMessage', { channel, text: cardFallback(card), blocks: cardBlocks(card), ...metadata }));
  }

  async updateCard(ref: PostedRef, card: Card): Promise<void> {
    const at = parseRef(ref);
    try {
      await this.deps.api.chat.update({ channel: at.channel, ts: at.ts, text: cardFallback(card), blocks: cardBlocks(card) });
    } catch (err) {
      throw classifySlackError(err, 'chat.update');
    }
  }

  async reply(ref: PostedRef, text: string, key?: PostKey): Promise<PostedRef> {
    const at = parseRef(ref);
    return this.#once(key, async () => at.channel, at.ts, (channel, metadata) => this.#post('chat.postMessage (thread)', { channel, thread_ts: at.ts, ...messageBlocks(text), ...metadata }));
  }

  async postMessage(target: Target, text: string, card?: Card, key?: PostKey): Promise<PostedRef> {
    return this.#once(key, () => this.#channelOf(target), undefined, (channel, metadata) => this.#post('chat.postMessage', { channel, ...messageBlocks(text, card), ...metadata }));
  }

  /**
   * Posts at most once per outbox key, as far as Slack lets us tell: a key recorded before
   * returns where that post went; a key whose earlier attempt's outcome is unknown is looked
   * for in the conversation (or the thread under `threadTs`) before posting again.
   */
  async #once(
    key: PostKey | undefined,
    channelOf: () => Promise<string>,
    threadTs: string | undefined,
    post: (channel: string, metadata: { metadata?: webApi.ChatPostMessageArguments['metadata'] }) => Promise<SlackRef>,
  ): Promise<PostedRef> {
    if (!key) return post(await channelOf(), {});
    const prior = await this.#stored(() => this.deps.posts.findPost('slack', key.id));
    if (prior) return prior;
    const channel = await channelOf();
    const found = key.since ? await this.#lookFor(channel, key, threadTs) : undefined;
    if (found) this.deps.log.info('slack: a post of unknown outcome was found, and adopted instead of posting again', { key: key.id, channel });
    const ref = found ?? (await post(channel, { metadata: { event_type: DELIVERY_EVENT, event_payload: { id: key.id } } }));
    try {
      await this.deps.posts.rememberPost('slack', key.id, ref, (this.deps.now?.() ?? new Date()).toISOString());
    } catch (err) {
      // Slack said yes: failing the delivery now would make the retry post a second copy; the
      // dispatcher still records `ref` with the row, and a retry would find the post by its metadata
      this.deps.log.warn('slack: a post was made but could not be remembered under its key', { key: key.id, err });
    }
    return ref;
  }

  /**
   * The message posted under `key` since `key.since`, read from the conversation's history (or
   * the thread's replies) with include_all_metadata. A history Slack will not show us (a missing
   * scope, an archived channel) is no reason to hold the delivery back: posted once more, logged.
   */
  async #lookFor(channel: string, key: PostKey, threadTs: string | undefined): Promise<SlackRef | undefined> {
    const oldest = (Math.max(0, Date.parse(key.since!) / 1000 - LOOKUP_MARGIN_S)).toFixed(6);
    // history comes newest first: starting at the end of the earlier attempt's lease keeps a busy
    // conversation's later messages (a DM with hundreds of reminders since) out of the pages read
    const latest = key.latest ? (Date.parse(key.latest) / 1000 + LOOKUP_MARGIN_S).toFixed(6) : undefined;
    let cursor: string | undefined;
    for (let page = 0; page < LOOKUP_PAGES; page++) {
      const what = threadTs ? 'conversations.replies' : 'conversations.history';
      let answer: unknown;
      try {
        const args = { channel, oldest, ...(latest ? { latest } : {}), inclusive: true, include_all_metadata: true, limit: 200, ...(cursor ? { cursor } : {}) };
        answer = threadTs ? await this.deps.api.conversations.replies({ ...args, ts: threadTs }) : await this.deps.api.conversations.history(args);
      } catch (err) {
        const e = classifySlackError(err, what);
        if (e.kind === 'retryable') throw e;
        this.deps.log.warn('slack: could not look for a post of unknown outcome; posting it again', { key: key.id, channel, error: e.message });
        return undefined;
      }
      const parsed = History.safeParse(answer);
      if (!parsed.success) throw new DeliveryError('retryable', `${what}: Slack answered without messages`);
      const hit = parsed.data.messages.find((m) => m.metadata?.event_type === DELIVERY_EVENT && m.metadata.event_payload?.id === key.id);
      if (hit) return slackRef(channel, hit.ts);
      cursor = parsed.data.response_metadata?.next_cursor;
      if (!parsed.data.has_more || !cursor) return undefined;
    }
    return undefined;
  }

  /** the database failing before a post is worth another try by the dispatcher, like Slack failing */
  async #stored<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (err) {
      throw new DeliveryError('retryable', `chat_posts: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  async #post(what: string, args: { channel: string; text: string; blocks?: webApi.KnownBlock[]; thread_ts?: string; metadata?: webApi.ChatPostMessageArguments['metadata'] }): Promise<SlackRef> {
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
