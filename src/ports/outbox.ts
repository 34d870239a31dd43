// The outbox as the dispatcher needs it: leased rows, where each card copy lives, per-channel
// pacing, and the outcome of each attempt. Rows are written by StoreTx.enqueue with the change
// that owes them; everything here happens afterwards, outside the engine's transactions.
// Implemented with Knex in src/store/outbox-lease.ts, card-refs.ts and pacing.ts.
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
   * Leases due rows of these platforms, oldest first, at most one per card copy (card, target,
   * platform): a later update of a card waits for the earlier one, so copies change in order.
   */
  claimDue(now: Date, claim: OutboxClaim): Promise<OutboxRow[]>;
  cardRef(cardKey: string, targetKey: string, platform: Platform): Promise<CardRef | undefined>;
  /** remembers where a card copy lives; never lowers the stored version */
  saveCardRef(cardKey: string, targetKey: string, platform: Platform, ref: PostedRef, version: number, at: string): Promise<void>;
  /** records the reference of a posted message before the row is marked done */
  setDeliveredRef(id: number, ref: PostedRef): Promise<void>;
  done(id: number): Promise<void>;
  /** try again at `dueAt`; the pacing slot is given up */
  retry(id: number, dueAt: string, error: string): Promise<void>;
  /** not an attempt: wait for the pacing slot `slotAt` (the attempt is not counted) */
  postpone(id: number, slotAt: string): Promise<void>;
  dead(id: number, reason: string): Promise<void>;
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
