// Removing every copy of a personal value: the audit log (per-field redaction that keeps every
// chain verifiable), request and case documents, and the tables that hold copies of what was
// said (outbox payloads, timers, chat references, identities, idempotency results). Values are
// found by plain substring search (instr / strpos, no LIKE wildcards) and rewritten in code, so
// JSON stays JSON: only string values are changed, never keys.
import type { Knex } from 'knex';
import type { Redactor, RetentionStore, RetentionTx, ScrubReport } from '../ports/retention.ts';
import type { RedactionTarget, StoreTx } from '../ports/store.ts';
import { ACTOR_PATH, REDACTED, digestPaths } from './audit-chain.ts';
import * as audit from './audit-log.ts';
import { trxOf } from './sql-store.ts';
import { isUniqueViolation, rawRows, type Dialect } from './sql-util.ts';

/** the text columns that can hold a copy of a value, other than documents and the audit log */
const COPIES: ReadonlyArray<readonly [table: string, columns: readonly string[], also?: (row: Record<string, unknown>, by: Redactor) => Record<string, unknown>]> = [
  ['outbox', ['payload', 'target', 'target_key', 'last_error', 'dead_reason', 'delivered_ref']],
  ['timers', ['payload', 'last_error']],
  ['card_refs', ['target_key', 'ref']],
  ['chat_posts', ['post_key', 'ref']],
  ['conversation_refs', ['target_key', 'ref']],
  ['platform_identities', ['email', 'display_name']],
  ['idempotency_keys', ['key', 'result']],
  ['request_approvers', ['email']],
  ['case_people', ['email']],
  // added by the delivery and API branches after this list was written: a webhook's payload
  // carries the event's data (form values, actors), a card copy's target is a person's email,
  // and a token may act as a person
  ['webhook_outbox', ['payload', 'last_error', 'dead_reason']],
  ['card_copies', ['target_key', 'ref']],
  // a token whose person is erased is revoked: acting as "[redacted]" would still raise
  // whatever everyone may raise, in nobody's name
  ['api_tokens', ['person'], (row, by) => ({ revoked_at: row.revoked_at ?? by.at })],
];

/**
 * Copies that are keys: rewriting one could make it equal to another row's key (two alerts'
 * keys both becoming "[redacted]"), so a row that quotes a value goes. Losing an inbound
 * hook's dedup key only means its next alert opens a new case rather than noting the old one.
 */
const KEYS: ReadonlyArray<readonly [table: string, columns: readonly string[]]> = [['case_inbound_keys', ['dedup_key']]];

/** A value as it can appear in stored text: itself, and JSON-escaped inside a JSON string. */
export function forms(needles: readonly string[]): string[] {
  const out = new Set<string>();
  for (const n of needles) {
    if (n.length < 3) continue; // too short to find safely by substring: redacted in place only
    out.add(n);
    out.add(JSON.stringify(n).slice(1, -1));
  }
  return [...out];
}

const replaceAll = (text: string, needles: readonly string[]) => needles.reduce((t, n) => t.split(n).join(REDACTED), text);

/** Replaces the needles in every string of a JSON value (never in keys); plain text otherwise. */
export function scrubText(text: string, needles: readonly string[]): string {
  try {
    const parsed = JSON.parse(text) as unknown;
    if (parsed === null || typeof parsed !== 'object') return typeof parsed === 'string' ? JSON.stringify(replaceAll(parsed, needles)) : text;
    return JSON.stringify(scrubValue(parsed, needles));
  } catch {
    return replaceAll(text, needles);
  }
}

/** the parts of a webhook's body that name the event, not its values (src/app/webhook-match.ts) */
const ENVELOPE = new Set(['subject', 'id', 'flow', 'step', 'callback', 'via']);

/**
 * A webhook body is {type, timestamp, data}: only data's values are the event's, so a value that
 * happens to be a word of the envelope ("submitted") never turns the type into
 * "request.[redacted]", which receivers route on.
 */
export function scrubWebhookPayload(text: string, needles: readonly string[]): string {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return scrubText(text, needles);
  }
  if (!body || typeof body !== 'object' || Array.isArray(body)) return scrubText(text, needles);
  const { data, ...envelope } = body as Record<string, unknown>;
  if (!data || typeof data !== 'object' || Array.isArray(data)) return scrubText(text, needles);
  const kept = Object.fromEntries(Object.entries(data).map(([k, v]) => [k, ENVELOPE.has(k) ? v : scrubValue(v, needles)]));
  return JSON.stringify({ ...envelope, data: kept });
}

export function scrubValue(value: unknown, needles: readonly string[]): unknown {
  if (typeof value === 'string') return replaceAll(value, needles);
  if (Array.isArray(value)) return value.map((v) => scrubValue(v, needles));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, scrubValue(v, needles)]));
  return value;
}

const contains = (dialect: Dialect, column: string) => (dialect === 'postgres' ? `strpos(${column}, ?) > 0` : `instr(${column}, ?) > 0`);

function whereAny(q: Knex.QueryBuilder, dialect: Dialect, columns: readonly string[], needles: readonly string[]): Knex.QueryBuilder {
  return q.where((w) => {
    for (const c of columns) for (const n of needles) void w.orWhereRaw(contains(dialect, `"${c}"`), [n]);
  });
}

/** columns whose text has a shape of its own to keep ("table.column"); any other: scrubText */
const SCRUBBERS: Record<string, (text: string, needles: readonly string[]) => string> = { 'webhook_outbox.payload': scrubWebhookPayload };

class SqlRetentionTx implements RetentionTx {
  constructor(
    private readonly db: Knex.Transaction,
    private readonly dialect: Dialect,
  ) {}

  auditRows(subject: string) {
    return audit.timeline(this.db, subject);
  }

  async scrub(needles: readonly string[], by: Redactor, also?: { subject: string; paths: readonly string[]; local?: readonly string[] }): Promise<ScrubReport> {
    const found = forms(needles);
    const local = forms([...needles, ...(also?.local ?? [])]);
    const report: ScrubReport = { tables: {}, auditValues: 0 };
    const count = (table: string, n: number) => {
      if (n > 0) report.tables[table] = (report.tables[table] ?? 0) + n;
    };
    // 1. the audit log: every subject with a row that holds a needle, and the places asked for
    const subjects = new Set<string>(also ? [also.subject] : []);
    if (found.length) {
      const rows = (await whereAny(this.db('audit_log').distinct('subject'), this.dialect, ['data', 'actor'], found)) as { subject: string }[];
      rows.forEach((r) => subjects.add(r.subject));
    }
    for (const subject of [...subjects].sort()) {
      const targets: RedactionTarget[] = [];
      for (const row of await this.auditRows(subject)) {
        if (row.type === 'audit.redacted') continue;
        const places: Array<[string, unknown]> = [[ACTOR_PATH, row.actor], ...digestPaths(row.data)];
        const paths = places
          .filter(([path, value]) => {
            if (row.salts[path] === undefined) return false;
            const own = also?.subject === subject;
            return (own && also.paths.includes(path)) || (own ? local : found).some((n) => JSON.stringify(value).includes(n));
          })
          .map(([path]) => path);
        if (paths.length) targets.push({ seq: row.seq, paths });
      }
      if (targets.length) report.auditValues += await audit.redactAudit(this.db, this.dialect, subject, targets, by);
    }
    // the item's own messages may also quote its common values
    if (also && local.length) {
      const rows = (await whereAny(this.db('outbox').select('id', 'payload').where({ card_key: also.subject }), this.dialect, ['payload'], local)) as Array<{ id: number; payload: string }>;
      for (const row of rows) {
        await this.db('outbox').where({ id: row.id }).update({ payload: scrubText(row.payload, local) });
        count('outbox', 1);
      }
      // and its webhooks, whose payloads carry the event data (form values) as they were
      // (and a receiver's answer, kept as the error, may echo them)
      const hooks = (await whereAny(this.db('webhook_outbox').select('id', 'payload', 'last_error', 'dead_reason').where({ subject: also.subject }), this.dialect, ['payload', 'last_error', 'dead_reason'], local)) as Array<{
        id: number;
        payload: string;
        last_error: string | null;
        dead_reason: string | null;
      }>;
      for (const row of hooks) {
        const text = (t: string | null) => (t === null ? null : scrubText(t, local));
        await this.db('webhook_outbox').where({ id: row.id }).update({ payload: scrubWebhookPayload(row.payload, local), last_error: text(row.last_error), dead_reason: text(row.dead_reason) });
        count('webhook_outbox', 1);
      }
      // and the inbound hooks' dedup keys that opened it (a key is often built from the alert's fields)
      if (also.subject.startsWith('case:')) {
        const keys = whereAny(this.db('case_inbound_keys').where({ case_id: also.subject.slice('case:'.length) }), this.dialect, ['dedup_key'], local);
        count('case_inbound_keys', Number(await keys.delete()));
      }
    }
    if (!found.length) return report;
    // 2. documents: requests and cases that quote a needle, rewritten with their version bumped
    for (const [table, extra] of [['requests', ['title', 'requester']], ['cases', ['title', 'owner', 'opened_by']]] as const) {
      const rows = (await whereAny(this.db(table).select('id', 'version', 'state', ...extra), this.dialect, ['state', ...extra], found)) as Array<Record<string, string | number | null>>;
      for (const row of rows) {
        const state = JSON.parse(String(row.state)) as Record<string, unknown>;
        const next = scrubValue(state, found) as Record<string, unknown>;
        next.version = Number(row.version) + 1;
        const update: Record<string, unknown> = { state: JSON.stringify(next), version: next.version };
        for (const c of extra) if (typeof row[c] === 'string') update[c] = replaceAll(row[c], found);
        await this.db(table).where({ id: row.id, version: row.version }).update(update);
        count(table, 1);
      }
    }
    // 3. every other copy
    for (const [table, columns, alsoSet] of COPIES) {
      const rows = (await whereAny(this.db(table).select('*'), this.dialect, columns, found)) as Array<Record<string, unknown>>;
      for (const row of rows) {
        const update: Record<string, unknown> = alsoSet ? alsoSet(row, by) : {};
        for (const c of columns) if (typeof row[c] === 'string') update[c] = (SCRUBBERS[`${table}.${c}`] ?? scrubText)(row[c], found);
        // the old row itself is the key: these tables have no one id column in common
        const where = Object.fromEntries(Object.entries(row).filter(([, v]) => v !== null));
        try {
          // in a savepoint, so that PostgreSQL's transaction survives the violation below
          await this.db.transaction((sp) => sp(table).where(where).update(update));
        } catch (err) {
          // the value is part of the key (card_refs' "person:…", request_approvers' email): a
          // person erased before left "[redacted]" under the same key, and two copies of
          // nothing are one too many
          if (!isUniqueViolation(err)) throw err;
          await this.db(table).where(where).delete();
        }
        count(table, 1);
      }
    }
    for (const [table, columns] of KEYS) count(table, Number(await whereAny(this.db(table), this.dialect, columns, found).delete()));
    return report;
  }

  async markDone(subject: string, at: string, values: number): Promise<boolean> {
    // the primary key is the fence: of two replicas due the same item, one inserts, one learns it lost
    const inserted = rawRows<{ subject: string }>(
      await this.db.raw(`INSERT INTO retention_done (subject, done_at, action, "values") VALUES (?, ?, 'redacted', ?) ON CONFLICT (subject) DO NOTHING RETURNING subject`, [subject, at, values]),
    );
    return inserted.length > 0;
  }
}

export class SqlRetentionStore implements RetentionStore {
  constructor(
    private readonly knex: Knex,
    private readonly dialect: Dialect,
  ) {}

  within(tx: StoreTx): RetentionTx {
    return new SqlRetentionTx(trxOf(tx), this.dialect);
  }

  async settle(): Promise<void> {
    // the write-ahead log still holds the pages as they were before the redaction: copy it into
    // the database (where secure_delete zeroed the old content) and truncate it
    if (this.dialect === 'sqlite') await this.knex.raw('PRAGMA wal_checkpoint(TRUNCATE)');
  }

  async due(kind: 'request' | 'case', flowId: string, cutoff: string, limit: number): Promise<string[]> {
    const [table, closed, prefix] = kind === 'request' ? ['requests', 'closed_at', 'request:'] : ['cases', 'resolved_at', 'case:'];
    const rows = (await this.knex(`${table} as t`)
      .select('t.id')
      .where('t.flow_id', flowId)
      .whereNotNull(`t.${closed}`)
      .where(`t.${closed}`, '<=', cutoff)
      .whereNotExists((q) => void q.select(this.knex.raw('1')).from('retention_done as d').whereRaw(`d.subject = ${this.dialect === 'postgres' ? "'" + prefix + "' || t.id" : `'${prefix}' || t.id`}`))
      .orderBy(`t.${closed}`, 'asc')
      .limit(limit)) as { id: string }[];
    return rows.map((r) => r.id);
  }
}
