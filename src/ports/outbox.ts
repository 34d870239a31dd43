// The outbox as the dispatcher needs it: leased rows, where each card copy lives, per-channel
// pacing, and the outcome of each attempt. Rows are written by StoreTx.enqueue with the change
// that owes them; everything here happens afterwards, outside the engine's transactions.
// Implemented with Knex in src/store/outbox-lease.ts, card-refs.ts and pacing.ts.
import type { Card } from '../core/card.ts';
import type { Delivery } from '../core/delivery.ts';
import type { Platform, PostedRef } from './chat.ts';

export interface OutboxRow {
  id: number;
  platform: Platform;
  delivery: Delivery;
  /** attempts so far, this one included */
  attempts: number;
  createdAt: string;
  dueAt: string;
  /** set once a standalone message was posted: a retry after a crash must not post it again */
  deliveredRef?: PostedRef;
  /** the pacing slot this row holds in its channel, once it was given one */
  slotAt?: string;
  /** the row this one is an admin notice about */
  noticeOf?: number;
  /**
   * when the previous holder's lease ran out, if it ran out rather than ending with an outcome
   * (the holder died or stalled mid-send): its post, if any, was made before then
   */
  expiredLeaseUntil?: string;
  /** this claim's fencing token: the row's outcome is written only while the row still holds it */
  token: string;
  /** when this claim's lease runs out, counted from the claim itself */
  leaseUntil: string;
}

export interface CardRef {
  ref: PostedRef;
  /** the version of the card last drawn there */
  version: number;
}

export interface OutboxClaim {
  owner: string;
  limit: number;
  leaseMs: number;
  platforms: readonly Platform[];
}

export interface OutboxStore {
  /**
   * Leases due rows of these platforms, at most one per card copy (card, target, platform): a
   * later update of a card waits for the earlier one, so copies change in order. Card updates
   * come first, then thread replies, then other messages; oldest first within each. `now` is the
   * claim's own clock: the lease runs `leaseMs` from it, never from the start of a slow round.
   */
  claimDue(now: Date, claim: OutboxClaim): Promise<OutboxRow[]>;
  /** extends the lease of the rows still held under `token`; returns the ids still held */
  renew(ids: readonly number[], token: string, until: string): Promise<number[]>;
  /**
   * pending rows the claimed row may deliver with it: the later updates of the same card copy
   * (only the newest is drawn), or the other thread replies of the same change to the same card
   * copy (sent as one message). Nobody else can claim them while the claimed row is pending.
   */
  followers(row: OutboxRow): Promise<OutboxRow[]>;
  cardRef(cardKey: string, targetKey: string, platform: Platform): Promise<CardRef | undefined>;
  /** remembers where a card copy lives; never lowers the stored version */
  saveCardRef(cardKey: string, targetKey: string, platform: Platform, ref: PostedRef, version: number, at: string): Promise<void>;
  /** further copies of a card at one place (posted twice despite everything): updated like the first */
  cardCopies(cardKey: string, targetKey: string, platform: Platform): Promise<PostedRef[]>;
  /** the newest card queued for one card copy (delivered or not) */
  latestCard(cardKey: string, targetKey: string, platform: Platform): Promise<Card | undefined>;
  addCardCopy(cardKey: string, targetKey: string, platform: Platform, ref: PostedRef, at: string): Promise<void>;
  /** records the reference of a posted message before the row is marked done */
  setDeliveredRef(id: number, token: string, ref: PostedRef): Promise<boolean>;
  /**
   * The outcome of an attempt, written only while the row holds `token` (false otherwise: the
   * lease ran out and someone else holds it now). `done` also closes the rows delivered with it.
   */
  done(id: number, token: string, merged?: readonly number[]): Promise<boolean>;
  /** try again at `dueAt`; the pacing slot is given up */
  retry(id: number, token: string, dueAt: string, error: string): Promise<boolean>;
  /** not an attempt: wait for the pacing slot `slotAt` (the attempt is not counted) */
  postpone(id: number, token: string, slotAt: string): Promise<boolean>;
  dead(id: number, token: string, reason: string): Promise<boolean>;
  /**
   * Reserves the next send slot of a channel: the later of `now` and the channel's next free
   * slot, which then moves `gapMs` on. Shared by replicas through the database.
   */
  reserveSlot(platform: Platform, channelKey: string, now: Date, gapMs: number): Promise<Date>;
  /**
   * Queues an admin notice about row `noticeOf` unless one with the same `dedupeKey` exists;
   * returns whether it queued one.
   */
  enqueueNotice(input: { noticeOf: number; dedupeKey: string; deliveries: Delivery[]; platforms: readonly Platform[]; at: string }): Promise<boolean>;
}
