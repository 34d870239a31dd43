// What the web console reads besides the Store port: the audit log's head for live updates, and
// the outbox's dead letters for admins. Implemented with Knex in src/store/audit-feed.ts and
// src/store/dead-letters.ts.

export interface AuditFeed {
  /** the seq of the newest audit row (0 when empty) */
  head(): Promise<number>;
  /** distinct subjects of rows after `seq` up to `upTo`, at most `limit`; `more` when there were more */
  subjectsBetween(seq: number, upTo: number, limit: number): Promise<{ subjects: string[]; more: boolean }>;
}

export interface DeadLetter {
  id: number;
  platform: string | null;
  type: string;
  /** the JSON target: a person or a channel */
  target: string;
  cardKey: string | null;
  createdAt: string;
  attempts: number;
  reason: string | null;
  lastError: string | null;
}

export interface DeadLetters {
  /** newest first, at most `limit` (100 by default) */
  list(limit?: number): Promise<DeadLetter[]>;
  count(): Promise<number>;
  /** puts a dead row back in the queue, due now, with its attempts reset; false if it was not dead */
  requeue(id: number, at: string): Promise<boolean>;
}
