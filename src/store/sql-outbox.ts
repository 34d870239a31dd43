// The OutboxStore port on Knex: each method a thin call into the file for its concern.
import type { Knex } from 'knex';
import type { Card } from '../core/card.ts';
import type { Delivery } from '../core/delivery.ts';
import { targetKey, type Platform, type PostedRef } from '../ports/chat.ts';
import type { CardRef, OutboxClaim, OutboxRow, OutboxStore } from '../ports/outbox.ts';
import * as refs from './card-refs.ts';
import * as lease from './outbox-lease.ts';
import { cardKeyOf } from './outbox-rows.ts';
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
  renew(ids: readonly number[], token: string, until: string): Promise<number[]> {
    return lease.renew(this.knex, ids, token, until);
  }
  followers(row: OutboxRow): Promise<OutboxRow[]> {
    return lease.followers(this.knex, row, cardKeyOf(row.delivery), targetKey(row.delivery.target));
  }
  cardCopies(cardKey: string, targetKey: string, platform: Platform): Promise<PostedRef[]> {
    return refs.cardCopies(this.knex, cardKey, targetKey, platform);
  }
  latestCard(cardKey: string, targetKey: string, platform: Platform): Promise<Card | undefined> {
    return lease.latestCard(this.knex, cardKey, targetKey, platform);
  }
  addCardCopy(cardKey: string, targetKey: string, platform: Platform, ref: PostedRef, at: string): Promise<void> {
    return refs.addCardCopy(this.knex, cardKey, targetKey, platform, ref, at);
  }
  cardRef(cardKey: string, targetKey: string, platform: Platform): Promise<CardRef | undefined> {
    return refs.cardRef(this.knex, cardKey, targetKey, platform);
  }
  saveCardRef(cardKey: string, targetKey: string, platform: Platform, ref: PostedRef, version: number, at: string): Promise<void> {
    return refs.saveCardRef(this.knex, cardKey, targetKey, platform, ref, version, at);
  }
  setDeliveredRef(id: number, token: string, ref: PostedRef): Promise<boolean> {
    return lease.setDeliveredRef(this.knex, id, token, ref);
  }
  done(id: number, token: string, merged?: readonly number[]): Promise<boolean> {
    return lease.done(this.knex, id, token, merged);
  }
  retry(id: number, token: string, dueAt: string, error: string): Promise<boolean> {
    return lease.retry(this.knex, id, token, dueAt, error);
  }
  postpone(id: number, token: string, slotAt: string): Promise<boolean> {
    return lease.postpone(this.knex, id, token, slotAt);
  }
  dead(id: number, token: string, reason: string): Promise<boolean> {
    return lease.dead(this.knex, id, token, reason);
  }
  reserveSlot(platform: Platform, channelKey: string, now: Date, gapMs: number): Promise<Date> {
    return reserveSlot(this.knex, this.dialect, platform, channelKey, now, gapMs);
  }
  enqueueNotice(input: { noticeOf: number; dedupeKey: string; deliveries: Delivery[]; platforms: readonly Platform[]; at: string }): Promise<boolean> {
    return lease.enqueueNotice(this.knex, input);
  }
}
