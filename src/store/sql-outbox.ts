// The OutboxStore port on Knex: each method a thin call into the file for its concern.
import type { Knex } from 'knex';
import type { Delivery } from '../core/delivery.ts';
import type { Platform, PostedRef } from '../ports/chat.ts';
import type { CardRef, OutboxClaim, OutboxRow, OutboxStore } from '../ports/outbox.ts';
import * as refs from './card-refs.ts';
import * as lease from './outbox-lease.ts';
import { reserveSlot } from './pacing.ts';
import type { Dialect } from './sql-util.ts';

export class SqlOutboxStore implements OutboxStore {
  constructor(
    private readonly knex: Knex,
    private readonly dialect: Dialect,
  ) {}

  claimDue(now: Date, claim: OutboxClaim): Promise<OutboxRow[]> {
    return lease.claimDue(this.knex, this.dialect, now, claim);
  }
  cardRef(cardKey: string, targetKey: string, platform: Platform): Promise<CardRef | undefined> {
    return refs.cardRef(this.knex, cardKey, targetKey, platform);
  }
  saveCardRef(cardKey: string, targetKey: string, platform: Platform, ref: PostedRef, version: number, at: string): Promise<void> {
    return refs.saveCardRef(this.knex, cardKey, targetKey, platform, ref, version, at);
  }
  setDeliveredRef(id: number, ref: PostedRef): Promise<void> {
    return lease.setDeliveredRef(this.knex, id, ref);
  }
  done(id: number): Promise<void> {
    return lease.done(this.knex, id);
  }
  retry(id: number, dueAt: string, error: string): Promise<void> {
    return lease.retry(this.knex, id, dueAt, error);
  }
  postpone(id: number, slotAt: string): Promise<void> {
    return lease.postpone(this.knex, id, slotAt);
  }
  dead(id: number, reason: string): Promise<void> {
    return lease.dead(this.knex, id, reason);
  }
  reserveSlot(platform: Platform, channelKey: string, now: Date, gapMs: number): Promise<Date> {
    return reserveSlot(this.knex, this.dialect, platform, channelKey, now, gapMs);
  }
  enqueueNotice(input: { noticeOf: number; dedupeKey: string; deliveries: Delivery[]; platforms: readonly Platform[]; at: string }): Promise<boolean> {
    return lease.enqueueNotice(this.knex, input);
  }
}
