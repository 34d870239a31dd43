// What /healthz asks of the database beyond a ping: that it takes a write, and how far behind
// the outbox and the timers are. Implemented with Knex in src/store/health.ts.

export interface Backlog {
  /** rows due for delivery and not delivered yet, and the age of the oldest in seconds */
  outbox: { due: number; oldestSeconds: number | null };
  /** timers due and not fired yet, and how late the most overdue one is in seconds */
  timers: { due: number; lagSeconds: number | null };
}

export interface HealthProbe {
  /**
   * commits a small heartbeat row for this replica. A ping proves a connection; only a
   * committed write proves the database can take the next decision (a full disk, a read-only
   * replica after a failover, a SQLite file whose directory went read-only)
   */
  write(replica: string, at: Date): Promise<void>;
  backlog(now: Date): Promise<Backlog>;
}
