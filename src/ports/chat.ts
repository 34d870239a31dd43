// The chat port: how the outbox dispatcher hands a delivery to one platform (Slack, Teams).
// Named for our needs, not copied from a vendor API (house style 7); each adapter implements
// it with its own SDK and keeps every vendor type on its side of this file.
import type { Card } from '../core/card.ts';
import type { Target } from '../core/delivery.ts';

export type Platform = 'slack' | 'teams';

/**
 * Where a posted card lives on one platform, as the adapter needs it to update the card or
 * reply in its thread later: Slack `{ channel, ts }`, Teams `{ conversationId, activityId, … }`.
 * Stored as JSON by the dispatcher; only the adapter that made it reads it.
 */
export type PostedRef = Record<string, string>;

/** Why a delivery failed, classified so the dispatcher knows whether to try again. */
export class DeliveryError extends Error {
  constructor(
    readonly kind: 'retryable' | 'permanent' | 'unreachable',
    message: string,
    /** from a 429's Retry-After, in milliseconds */
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'DeliveryError';
  }
}

/**
 * The idempotency key of one delivery: the same on every attempt of one outbox row. `since` is
 * set when an earlier attempt's outcome is unknown (its lease ran out mid-send, the process died,
 * the call timed out): the post may already be out there, made no earlier than `since`, and is
 * looked for before posting again where the platform allows it.
 */
export interface PostKey {
  id: string;
  since?: string;
  /**
   * the latest the earlier attempt can have posted (its lease's end), when known: a look back
   * from there finds it at once, however busy the conversation has been since
   */
  latest?: string;
}

export interface ChatPort {
  readonly platform: Platform;
  /**
   * Whether this platform can reach the target at all (a person with a Slack id, a channel with
   * a Teams id and a stored conversation). A target no enabled platform reaches is reported to
   * admins by the dispatcher, never silently dropped.
   */
  reaches(target: Target): Promise<boolean>;
  /**
   * posts a card for the first time; returns where it now lives. `key` is the same on every
   * retry of one outbox row: where the platform can tell (a stored key, message metadata), a
   * second post with the same key returns the first post's reference instead of posting again.
   */
  postCard(target: Target, card: Card, key?: PostKey): Promise<PostedRef>;
  /** replaces a posted card in place */
  updateCard(ref: PostedRef, card: Card): Promise<void>;
  /** posts text in the thread under a posted card; the key as for postCard */
  reply(ref: PostedRef, text: string, key?: PostKey): Promise<PostedRef>;
  /** posts a standalone message (a direct message to a person, or a channel post) */
  postMessage(target: Target, text: string, card?: Card, key?: PostKey): Promise<PostedRef>;
}

/** A stable key for a target, used to remember where each card was posted for whom. */
export function targetKey(target: Target): string {
  return target.kind === 'person' ? `person:${target.email}` : `channel:${target.channel.name}`;
}
