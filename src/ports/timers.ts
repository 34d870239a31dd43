// The timer table as the application needs it: written inside the transaction of the change
// that makes a timer due or moot (TimerTx), and claimed by the runners with a lease (TimerStore).
// Implemented with Knex in src/store/timers.ts.
import type { DesiredTimer, TimerKind } from '../core/timers/desired.ts';
import type { StoreTx } from './store.ts';

/** pending until it fires or is no longer wanted; failed after it could not be fired repeatedly */
export type TimerStatus = 'pending' | 'fired' | 'cancelled' | 'failed';

export interface TimerRow {
  id: string;
  subject: string;
  kind: TimerKind;
  dueAt: string;
  payload: Record<string, unknown>;
  status: TimerStatus;
  attempts: number;
  leaseOwner?: string;
  leaseUntil?: string;
  /** the fencing token of the claim that returned this row */
  token?: string;
  firedAt?: string;
  lastError?: string;
}

export interface SyncReport {
  inserted: number;
  updated: number;
  cancelled: number;
  kept: number;
}

/** Timer operations on an open transaction; they commit or roll back with it. */
export interface TimerTx {
  get(id: string): Promise<TimerRow | undefined>;
  /**
   * Makes the subject's pending timers exactly `desired`: new ones inserted, moved ones updated,
   * pending ones no longer desired cancelled, a cancelled one desired again revived. Fired and
   * failed rows are never touched: a timer fires at most once.
   */
  sync(subject: string, desired: readonly DesiredTimer[], at: string): Promise<SyncReport>;
  /** compare-and-set pending → fired; false when another transaction fired or cancelled it first */
  markFired(id: string, at: string): Promise<boolean>;
  /** a claimed timer that is not due after all (its due time moved): back to waiting, lease dropped */
  reschedule(id: string, dueAt: string): Promise<void>;
  /** a timer the engine refused to fire (say, no approver left for the next step): failed, with why */
  fail(id: string, error: string): Promise<void>;
}

export interface ClaimOptions {
  /** who holds the lease: one id per runner (host, process, random) */
  owner: string;
  limit: number;
  leaseMs: number;
}

export interface TimerStore {
  /** the timer operations inside a transaction opened on the same store */
  within(tx: StoreTx): TimerTx;
  /**
   * Leases up to `limit` pending timers due at `now` whose lease is free or expired, oldest due
   * first, for `leaseMs` from `now` — the claim's own clock, not the start of a slow round.
   * PostgreSQL: FOR UPDATE SKIP LOCKED, so concurrent runners take disjoint sets; SQLite: a
   * compare-and-set inside BEGIN IMMEDIATE. Each claim draws a fencing token.
   */
  claimDue(now: Date, options: ClaimOptions): Promise<TimerRow[]>;
  /** extends the lease of the timers still held under `token`; returns the ids still held */
  renew(ids: readonly string[], token: string, until: string): Promise<string[]>;
  /**
   * after an error: records it; the lease is left to expire so the timer is tried again later.
   * Only while the claim `token` still holds it (false otherwise), as for fail().
   */
  noteError(id: string, token: string, error: string): Promise<boolean>;
  /** gives up on a timer that failed too often */
  fail(id: string, token: string, error: string): Promise<boolean>;
  /** a subject's timers, oldest due first (for tests and operators) */
  timersOf(subject: string): Promise<TimerRow[]>;
}
