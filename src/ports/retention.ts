// What retention and erasure need from the database beyond the store port: the audit rows of a
// subject inside a transaction, removing every copy of a value (outbox payloads, timers, chat
// references, other items' documents and audit rows), the daily job's record of what it did,
// and finding closed items that are due.
import type { AuditRow, StoreTx } from './store.ts';

export interface Redactor {
  actor: string;
  at: string;
  reason: string;
}

export interface ScrubReport {
  /** table → rows rewritten */
  tables: Record<string, number>;
  /** audit values redacted (each recorded by an audit.redacted event of its subject) */
  auditValues: number;
}

export interface RetentionTx {
  auditRows(subject: string): Promise<AuditRow[]>;
  /**
   * Replaces every copy of `needles` by "[redacted]": in audit rows (through redactAudit, so the
   * chains still verify), in request and case documents (their versions bumped), and in the
   * tables that keep copies (outbox, timers, card and chat references, identities, idempotency
   * results). `also` redacts these audit places of one subject whatever their value, and the
   * `local` texts (values too common to hunt for everywhere: a choice, an amount) only in that
   * subject's own audit rows and outbox messages.
   */
  scrub(needles: readonly string[], by: Redactor, also?: { subject: string; paths: readonly string[]; local?: readonly string[] }): Promise<ScrubReport>;
  /** records that retention handled a subject; false when it was already recorded (another replica) */
  markDone(subject: string, at: string, values: number): Promise<boolean>;
}

export interface RetentionStore {
  within(tx: StoreTx): RetentionTx;
  /** closed items of one flow, closed at or before `cutoff`, that retention has not handled yet */
  due(kind: 'request' | 'case', flowId: string, cutoff: string, limit: number): Promise<string[]>;
  /** after a redaction commits: old page images of the values leave the database files (SQLite's WAL) */
  settle(): Promise<void>;
}
