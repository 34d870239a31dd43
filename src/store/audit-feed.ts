// "What changed since I last looked?" for live screens: the audit log's newest seq, and the
// subjects of the rows after a given seq. Every change anywhere (any replica, Slack, Teams, the
// clock) appends to the audit log, so polling it sees them all; max(seq) is read from the
// primary key's end, so the poll costs the same however long the history grows.
import type { Knex } from 'knex';
import type { AuditFeed } from '../ports/console.ts';
import type { Store } from '../ports/store.ts';
import { SqlStore } from './sql-store.ts';
import { toInt } from './sql-util.ts';

export class SqlAuditFeed implements AuditFeed {
  constructor(private readonly knex: Knex) {}

  async head(): Promise<number> {
    const row = (await this.knex('audit_log').max({ seq: 'seq' }).first()) as { seq: number | string | null } | undefined;
    return row?.seq === null || row?.seq === undefined ? 0 : toInt(row.seq);
  }

  /**
   * On PostgreSQL seq comes from a sequence, so a row can commit just after one with a higher
   * seq; a screen polling at that instant misses that one change until the next. Screens are a
   * convenience: every page reads the item fresh.
   */
  async subjectsBetween(seq: number, upTo: number, limit: number): Promise<{ subjects: string[]; more: boolean }> {
    // the primary key on seq bounds the scan to the new rows
    const rows = (await this.knex('audit_log')
      .distinct('subject')
      .where('seq', '>', seq)
      .andWhere('seq', '<=', upTo)
      .limit(limit + 1)) as { subject: string }[];
    return { subjects: rows.slice(0, limit).map((r) => r.subject), more: rows.length > limit };
  }
}

export function auditFeedOf(store: Store): AuditFeed {
  if (!(store instanceof SqlStore)) throw new Error('the audit feed needs a store opened by openStore()');
  return new SqlAuditFeed(store.knex);
}
