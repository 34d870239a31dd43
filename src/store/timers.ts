// The timers table: the desired timers of a subject written in the engine's transaction, and
// leased claims for the runners. Every timestamp is ISO-8601 text, so `due_at <= now` compares
// the same way on SQLite and PostgreSQL.
import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { z } from 'zod';
import { TIMER_KINDS, type DesiredTimer, type TimerKind } from '../core/timers/desired.ts';
import { ConflictError, type StoreTx } from '../ports/store.ts';
import type { ClaimOptions, SyncReport, TimerRow, TimerStore, TimerTx } from '../ports/timers.ts';
import { trxOf } from './sql-store.ts';
import { isUniqueViolation, toInt, type Dialect } from './sql-util.ts';
import { parseStored } from './stored-json.ts';

interface Stored {
  id: string;
  subject: string;
  kind: string;
  due_at: string;
  payload: string;
  status: string;
  attempts: number | string;
  lease_owner: string | null;
  lease_until: string | null;
  claim_token?: string | null;
  fired_at: string | null;
  last_error: string | null;
}

const Kind = z.enum(TIMER_KINDS as [TimerKind, ...TimerKind[]]);
const Status = z.enum(['pending', 'fired', 'cancelled', 'failed']);
const Payload = z.record(z.string(), z.unknown());

function toRow(row: Stored): TimerRow {
  const kind = Kind.safeParse(row.kind);
  const status = Status.safeParse(row.status);
  if (!kind.success || !status.success) throw new Error(`stored timer ${row.id} is corrupt: kind ${row.kind}, status ${row.status}`);
  return {
    id: row.id,
    subject: row.subject,
    kind: kind.data,
    dueAt: row.due_at,
    payload: parseStored(Payload, 'timer', row.id, row.payload),
    status: status.data,
    attempts: toInt(row.attempts),
    ...(row.lease_owner ? { leaseOwner: row.lease_owner } : {}),
    ...(row.lease_until ? { leaseUntil: row.lease_until } : {}),
    ...(row.claim_token ? { token: row.claim_token } : {}),
    ...(row.fired_at ? { firedAt: row.fired_at } : {}),
    ...(row.last_error ? { lastError: row.last_error } : {}),
  };
}

const NO_LEASE = { lease_owner: null, lease_until: null, claim_token: null };

class SqlTimerTx implements TimerTx {
  constructor(private readonly trx: Knex.Transaction) {}

  async get(id: string): Promise<TimerRow | undefined> {
    const row = (await this.trx('timers').select('*').where({ id }).first()) as Stored | undefined;
    return row ? toRow(row) : undefined;
  }

  async sync(subject: string, desired: readonly DesiredTimer[], at: string): Promise<SyncReport> {
    const report: SyncReport = { inserted: 0, updated: 0, cancelled: 0, kept: 0 };
    const ids = desired.map((d) => d.id);
    // the subject's pending rows (index timers(subject, status)) and any desired row by key
    const existing = (await this.trx('timers')
      .select('id', 'status', 'due_at', 'payload')
      .where('subject', subject)
      .andWhere((q) => q.where('status', 'pending').orWhereIn('id', ids))) as Pick<Stored, 'id' | 'status' | 'due_at' | 'payload'>[];
    const byId = new Map(existing.map((row) => [row.id, row]));
    const inserts: Record<string, unknown>[] = [];
    for (const d of desired) {
      const row = byId.get(d.id);
      const payload = JSON.stringify(d.what);
      if (!row) {
        inserts.push({ id: d.id, subject, kind: d.what.kind, due_at: d.dueAt, payload, status: 'pending', attempts: 0, created_at: at });
      } else if (row.status === 'pending' && (row.due_at !== d.dueAt || row.payload !== payload)) {
        // moved (a priority change, a pause): a lease taken for the old time no longer applies
        await this.trx('timers').where({ id: d.id, status: 'pending' }).update({ due_at: d.dueAt, kind: d.what.kind, payload, ...NO_LEASE });
        report.updated++;
      } else if (row.status === 'cancelled') {
        // wanted again (a case resumed): the same key, waiting once more
        await this.trx('timers').where({ id: d.id, status: 'cancelled' }).update({ status: 'pending', due_at: d.dueAt, kind: d.what.kind, payload, attempts: 0, last_error: null, ...NO_LEASE });
        report.updated++;
      } else {
        report.kept++; // unchanged, or already fired: a timer fires at most once
      }
    }
    const wanted = new Set(ids);
    const moot = existing.filter((row) => row.status === 'pending' && !wanted.has(row.id)).map((row) => row.id);
    if (moot.length > 0) report.cancelled = await this.trx('timers').whereIn('id', moot).andWhere('status', 'pending').update({ status: 'cancelled', ...NO_LEASE });
    try {
      for (let i = 0; i < inserts.length; i += 100) await this.trx('timers').insert(inserts.slice(i, i + 100));
    } catch (err) {
      // only a concurrent writer of the same subject can have written the key meanwhile
      if (isUniqueViolation(err)) throw new ConflictError(`timers of ${subject} changed concurrently`);
      throw err;
    }
    report.inserted = inserts.length;
    return report;
  }

  async markFired(id: string, at: string): Promise<boolean> {
    const updated = await this.trx('timers').where({ id, status: 'pending' }).update({ status: 'fired', fired_at: at, ...NO_LEASE });
    return updated === 1;
  }

  async reschedule(id: string, dueAt: string): Promise<void> {
    await this.trx('timers').where({ id, status: 'pending' }).update({ due_at: dueAt, ...NO_LEASE });
  }

  async fail(id: string, error: string): Promise<void> {
    await this.trx('timers').where({ id, status: 'pending' }).update({ status: 'failed', last_error: error.slice(0, 2000), ...NO_LEASE });
  }
}

export class SqlTimerStore implements TimerStore {
  constructor(
    private readonly knex: Knex,
    private readonly dialect: Dialect,
  ) {}

  within(tx: StoreTx): TimerTx {
    return new SqlTimerTx(trxOf(tx));
  }

  claimDue(now: Date, options: ClaimOptions): Promise<TimerRow[]> {
    const at = now.toISOString();
    const until = new Date(now.getTime() + options.leaseMs).toISOString();
    return this.knex.transaction(async (trx) => {
      const query = trx('timers')
        .select('*')
        .where('status', 'pending')
        .andWhere('due_at', '<=', at)
        .andWhere((q) => q.whereNull('lease_until').orWhere('lease_until', '<=', at))
        .orderBy([{ column: 'due_at' }, { column: 'id' }])
        .limit(options.limit);
      // PostgreSQL: rows another runner is claiming right now are skipped, not waited for.
      // SQLite: this transaction began IMMEDIATE, so nobody else writes until it commits.
      const rows = (await (this.dialect === 'postgres' ? query.forUpdate().skipLocked() : query)) as Stored[];
      if (rows.length === 0) return [];
      const token = randomUUID();
      await trx('timers')
        .whereIn('id', rows.map((r) => r.id))
        .andWhere('status', 'pending')
        .update({ lease_owner: options.owner, lease_until: until, claim_token: token, attempts: trx.raw('attempts + 1') });
      return rows.map((r) => toRow({ ...r, lease_owner: options.owner, lease_until: until, claim_token: token, attempts: toInt(r.attempts) + 1 }));
    });
  }

  async renew(ids: readonly string[], token: string, until: string): Promise<string[]> {
    if (ids.length === 0) return [];
    await this.knex('timers').whereIn('id', ids).andWhere({ claim_token: token, status: 'pending' }).update({ lease_until: until });
    const held = (await this.knex('timers').select('id').whereIn('id', ids).andWhere({ claim_token: token, status: 'pending' })) as { id: string }[];
    return held.map((r) => r.id);
  }

  async noteError(id: string, token: string, error: string): Promise<boolean> {
    return (await this.knex('timers').where({ id, claim_token: token }).update({ last_error: error.slice(0, 2000) })) === 1;
  }

  async fail(id: string, token: string, error: string): Promise<boolean> {
    return (await this.knex('timers').where({ id, status: 'pending', claim_token: token }).update({ status: 'failed', last_error: error.slice(0, 2000), ...NO_LEASE })) === 1;
  }

  async timersOf(subject: string): Promise<TimerRow[]> {
    const rows = (await this.knex('timers').select('*').where({ subject }).orderBy([{ column: 'due_at' }, { column: 'id' }])) as Stored[];
    return rows.map(toRow);
  }
}
