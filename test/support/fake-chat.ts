// An in-memory chat platform behind the ChatPort: what a person would see (messages, cards
// updated in place, thread replies), a per-channel rate limit like Slack's, and failures and
// crashes on demand. Proven by the same contract suite as the real adapters (chat-contract.ts).
import type { Card } from '../../src/core/card.ts';
import type { Target } from '../../src/core/delivery.ts';
import { DeliveryError, targetKey, type ChatPort, type Platform, type PostedRef, type PostKey } from '../../src/ports/chat.ts';

export interface Posted {
  ref: PostedRef;
  target: string;
  kind: 'card' | 'message';
  text?: string;
  card?: Card;
  updates: number;
  replies: string[];
  at: Date;
}

export type Operation = 'postCard' | 'updateCard' | 'reply' | 'postMessage';

interface Planned {
  op: Operation | 'any';
  error?: DeliveryError;
  /** the platform does the work, then the caller never hears back (a process killed mid-call) */
  hang?: boolean;
  /** answered only once this settles */
  gate?: Promise<void>;
  reached?: () => void;
}

export interface FakeChatOptions {
  /** who the platform can reach; everyone by default */
  reaches?: (target: Target) => boolean;
  /** the clock the rate limit reads; real time by default */
  now?: () => Date;
  /** answer 429 when two messages reach one channel closer than this (Slack: about 1 s) */
  channelLimitMs?: number;
  /**
   * whether a post of unknown outcome can be looked up by its key (Slack's message metadata);
   * false is Teams, whose connector cannot find a message by a key of ours. Default true.
   */
  lookup?: boolean;
}

export class FakeChat implements ChatPort {
  readonly posted: Posted[] = [];
  /** every call, in order, as "op target" */
  readonly calls: string[] = [];
  readonly #plan: Planned[] = [];
  readonly #byKey = new Map<string, Posted>();
  readonly #replyKeys = new Map<string, PostedRef>();
  readonly #lastInChannel = new Map<string, number>();
  #seq = 0;

  constructor(
    readonly platform: Platform = 'slack',
    private readonly options: FakeChatOptions = {},
  ) {}

  /** the next call of `op` fails with `error`, `times` times over */
  failNext(op: Operation | 'any', error: DeliveryError, times = 1): void {
    for (let i = 0; i < times; i++) this.#plan.push({ op, error });
  }

  /**
   * the next call of `op` is carried out and then never answers (the process was killed while
   * waiting for the platform); resolves once that call has happened
   */
  hangNext(op: Operation): Promise<void> {
    return new Promise((resolve) => this.#plan.push({ op, hang: true, reached: resolve }));
  }

  /**
   * the next call of `op` is carried out, and its answer held back until `release()` (a process
   * that stalled past its lease while the platform already did the work)
   */
  holdNext(op: Operation): { reached: Promise<void>; release: () => void } {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let reached!: () => void;
    const seen = new Promise<void>((resolve) => (reached = resolve));
    this.#plan.push({ op, gate, reached });
    return { reached: seen, release };
  }

  /** what is visible in one place (a person's DMs, a channel), oldest first */
  seenBy(target: Target): Posted[] {
    return this.posted.filter((p) => p.target === targetKey(target));
  }

  async reaches(target: Target): Promise<boolean> {
    return this.options.reaches ? this.options.reaches(target) : true;
  }

  async postCard(target: Target, card: Card, key?: PostKey): Promise<PostedRef> {
    return this.#call('postCard', target, () => this.#post(target, 'card', { card: structuredClone(card) }, key));
  }

  async updateCard(ref: PostedRef, card: Card): Promise<void> {
    const post = this.#find(ref);
    return this.#call('updateCard', post?.target ?? '?', () => {
      if (!post) throw new DeliveryError('permanent', 'message_not_found');
      post.card = structuredClone(card);
      post.updates++;
    });
  }

  async reply(ref: PostedRef, text: string, key?: PostKey): Promise<PostedRef> {
    const post = this.#find(ref);
    return this.#call('reply', post?.target ?? '?', () => {
      if (!post) throw new DeliveryError('permanent', 'thread_not_found');
      const known = key?.since ? this.#replyKeys.get(key.id) : undefined;
      if (known) return known;
      this.#pace(post.target);
      post.replies.push(text);
      const reply = { id: `${String(post.ref.id)}/r${post.replies.length}` };
      if (key) this.#replyKeys.set(key.id, reply);
      return reply;
    });
  }

  async postMessage(target: Target, text: string, card?: Card, key?: PostKey): Promise<PostedRef> {
    return this.#call('postMessage', target, () => this.#post(target, 'message', { text, ...(card ? { card: structuredClone(card) } : {}) }, key));
  }

  #post(target: Target, kind: Posted['kind'], content: { text?: string; card?: Card }, key?: PostKey): PostedRef {
    // a key whose earlier attempt's outcome is unknown is looked for first, as Slack's metadata
    // lookup does: found, it is the same post; a key without `since` is a fresh post
    const known = key?.since && this.options.lookup !== false ? this.#byKey.get(key.id) : undefined;
    if (known) return known.ref;
    if (this.options.reaches && !this.options.reaches(target)) throw new DeliveryError('unreachable', `cannot reach ${targetKey(target)}`);
    this.#pace(targetKey(target));
    const post: Posted = { ref: { id: `m${++this.#seq}`, where: targetKey(target) }, target: targetKey(target), kind, ...content, updates: 0, replies: [], at: this.#now() };
    this.posted.push(post);
    if (key) this.#byKey.set(key.id, post);
    return post.ref;
  }

  /** Slack's per-channel limit: a burst gets 429 with Retry-After instead of going through */
  #pace(where: string): void {
    const limit = this.options.channelLimitMs;
    if (!limit || !where.startsWith('channel:')) return;
    const now = this.#now().getTime();
    const last = this.#lastInChannel.get(where);
    if (last !== undefined && now - last < limit) throw new DeliveryError('retryable', 'ratelimited', limit - (now - last));
    this.#lastInChannel.set(where, now);
  }

  #find(ref: PostedRef): Posted | undefined {
    return this.posted.find((p) => p.ref.id === ref.id);
  }

  #now(): Date {
    return this.options.now?.() ?? new Date();
  }

  async #call<T>(op: Operation, target: Target | string, work: () => T): Promise<T> {
    this.calls.push(`${op} ${typeof target === 'string' ? target : targetKey(target)}`);
    const i = this.#plan.findIndex((p) => p.op === op || p.op === 'any');
    const planned = i >= 0 ? this.#plan.splice(i, 1)[0] : undefined;
    if (planned?.error) throw planned.error;
    const result = work();
    if (planned?.hang) {
      planned.reached?.();
      return new Promise<T>(() => {});
    }
    if (planned?.gate) {
      planned.reached?.();
      await planned.gate;
    }
    return result;
  }
}
