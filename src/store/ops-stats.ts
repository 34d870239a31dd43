// The read-only queries behind /metrics' Docket gauges. Each is answered from an index:
// outbox(status, due_at) for the pending and dead rows, timers(status, due_at) for the due
// timers (a range scan from the oldest), the audit log's primary key for its head. The pending
// and dead counts cost what the backlog is, which is small whenever things are healthy.
import type { Knex } from 'knex';
import type { OpsSnapshot, OpsStats } from '../ports/ops-stats.ts';
import type { Store } from '../ports/store.ts';
import { SqlStore } from './sql-store.ts';
import { toInt } from './sql-util.ts';

type Agg = { n: number | string | null; oldest: string | null } | undefined;

export class SqlOpsStats implements OpsStats {
  constructor(private readonly knex: Knex) {}

  async snapshot(now: Date): Promise<OpsSnapshot> {
    const k = this.knex;
    const [pending, dead, due, head] = await Promise.all([
      k('outbox').where('status', 'pending').count({ n: '*' }).min({ oldest: 'created_at' }).first() as Promise<Agg>,
      k('outbox').where('status', 'dead').count({ n: '*' }).first() as Promise<Agg>,
      k('timers').where('status', 'pending').andWhere('due_at', '<=', now.toISOString()).count({ n: '*' }).min({ oldest: 'due_at' }).first() as Promise<Agg>,
      k('audit_log').max({ n: 'seq' }).first() as Promise<Agg>,
    ]);
    return {
      outboxPending: toInt(pending?.n ?? 0),
      outboxOldestPendingAt: pending?.oldest ?? null,
      deadLetters: toInt(dead?.n ?? 0),
      timersDue: toInt(due?.n ?? 0),
      timersOldestDueAt: due?.oldest ?? null,
      auditHeadSeq: toInt(head?.n ?? 0),
    };
  }
}

export function opsStatsOf(store: Store): OpsStats {
  if (!(store instanceof SqlStore)) throw new Error('operational metrics need a store opened by openStore()');
  return new SqlOpsStats(store.knex);
}
