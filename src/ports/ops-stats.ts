// What /metrics reads from the database at scrape time: the backlog and the heads of the
// logs, each one indexed lookup, so a scrape every 15 s costs nothing measurable.
export interface OpsSnapshot {
  /** outbox rows not yet delivered (or dead) */
  outboxPending: number;
  /** created_at of the oldest of them, ISO; null when there are none */
  outboxOldestPendingAt: string | null;
  /** outbox rows a platform refused for good, waiting for an admin */
  deadLetters: number;
  /** pending timers whose time has come */
  timersDue: number;
  /** due_at of the most overdue of them, ISO; null when none is due */
  timersOldestDueAt: string | null;
  /** the audit log's highest seq (0 when empty) */
  auditHeadSeq: number;
}

export interface OpsStats {
  snapshot(now: Date): Promise<OpsSnapshot>;
}
