// Reading and writing the audit log: one hash chain per subject (the maths is in audit-chain.ts).
// An append locks only its subject's head row, which the command already serializes on (the
// item's own row), so writers of different requests and cases never queue on each other.
import { randomBytes } from 'node:crypto';
import type { Knex } from 'knex';
import type { DomainEvent } from '../core/events.ts';
import type { AuditRow, RedactionTarget } from '../ports/store.ts';
import { GENESIS_HASH, REDACTED, redactAt, sealEvent, valueAt, type SealedEvent } from './audit-chain.ts';
import { rawRows, toInt, type Dialect } from './sql-util.ts';

export interface AuditLogRow {
  seq: number | string;
  subject_seq: number | string;
  at: string;
  actor: string;
  type: string;
  subject: string;
  data: string;
  digests: string;
  salts: string;
  prev_hash: string;
  hash: string;
}

const INSERT_CHUNK = 100;
const newSalt = (): string => randomBytes(16).toString('hex');

/**
 * Locks the subject's head row (creating it at the genesis on first use) and returns it. One
 * statement on both databases: ON CONFLICT … DO UPDATE takes the row lock on PostgreSQL and
 * reads the latest committed head; SQLite is already serialized by BEGIN IMMEDIATE. `pending`
 * marks the head for the next checkpoint.
 */
async function lockHead(db: Knex, subject: string, at: string): Promise<{ lastSeq: number; lastHash: string }> {
  const rows = rawRows<{ last_seq: number | string; last_hash: string }>(
    await db.raw(
      `INSERT INTO audit_subject_heads (subject, last_seq, last_hash, pending, updated_at) VALUES (?, 0, ?, 1, ?)
       ON CONFLICT (subject) DO UPDATE SET pending = 1
       RETURNING last_seq, last_hash`,
      [subject, GENESIS_HASH, at],
    ),
  );
  const row = rows[0];
  if (!row) throw new Error(`audit head of ${subject} could not be read`);
  return { lastSeq: toInt(row.last_seq), lastHash: row.last_hash };
}

/** SQLite has no sequence: the writer holds the database's one write lock, so max + 1 is safe */
async function nextSeqs(db: Knex, dialect: Dialect, n: number): Promise<number[] | undefined> {
  if (dialect === 'postgres') return undefined; // the column's default draws from audit_log_seq
  const row = (await db('audit_log').max({ seq: 'seq' }).first()) as { seq: number | string | null } | undefined;
  const last = row?.seq === null || row?.seq === undefined ? 0 : toInt(row.seq);
  return Array.from({ length: n }, (_, i) => last + 1 + i);
}

/** Appends events in order, each at the end of its own subject's chain. */
export async function appendEvents(db: Knex, dialect: Dialect, events: DomainEvent[], salt: () => string = newSalt): Promise<void> {
  if (events.length === 0) return;
  const bySubject = new Map<string, DomainEvent[]>();
  for (const event of events) bySubject.set(event.subject, [...(bySubject.get(event.subject) ?? []), event]);
  // lock heads in one order everywhere, so two commands touching the same two subjects (a case
  // and the request it starts) cannot deadlock
  const subjects = [...bySubject.keys()].sort();
  const sealed = new Map<DomainEvent, SealedEvent>();
  const heads: Array<{ subject: string; lastSeq: number; lastHash: string; at: string }> = [];
  for (const subject of subjects) {
    const group = bySubject.get(subject)!;
    let { lastSeq, lastHash } = await lockHead(db, subject, group[0]!.at);
    for (const event of group) {
      // hash what a reader will get back, so values JSON cannot keep (undefined, -0) hash alike
      const data = JSON.parse(JSON.stringify(event.data ?? {})) as Record<string, unknown>;
      const row = sealEvent({ subject, at: event.at, type: event.type, actor: event.actor, data }, lastSeq + 1, lastHash, salt);
      sealed.set(event, row);
      lastSeq = row.subjectSeq;
      lastHash = row.hash;
    }
    heads.push({ subject, lastSeq, lastHash, at: group.at(-1)!.at });
  }
  // rows keep the order the command gave its events, across subjects
  const rows = events.map((event) => toStored(sealed.get(event)!));
  const seqs = await nextSeqs(db, dialect, rows.length);
  if (seqs) rows.forEach((row, i) => (row.seq = seqs[i]!));
  for (let i = 0; i < rows.length; i += INSERT_CHUNK) await db('audit_log').insert(rows.slice(i, i + INSERT_CHUNK));
  for (const head of heads) {
    await db('audit_subject_heads').where({ subject: head.subject }).update({ last_seq: head.lastSeq, last_hash: head.lastHash, updated_at: head.at });
  }
}

function toStored(row: SealedEvent): Omit<AuditLogRow, 'seq'> & { seq?: number } {
  return {
    subject_seq: row.subjectSeq,
    at: row.at,
    actor: row.actor,
    type: row.type,
    subject: row.subject,
    data: JSON.stringify(row.data),
    digests: JSON.stringify(row.digests),
    salts: JSON.stringify(row.salts),
    prev_hash: row.prevHash,
    hash: row.hash,
  };
}

/** the events of one subject, oldest first (index audit_log(subject, subject_seq)) */
export async function timeline(db: Knex, subject: string): Promise<AuditRow[]> {
  const rows = (await db('audit_log').select('*').where({ subject }).orderBy('subject_seq', 'asc')) as AuditLogRow[];
  return rows.map((row) => {
    const parsed = toAuditRow(row);
    if ('problem' in parsed) throw new Error(`audit row ${toInt(row.seq)}: ${parsed.problem}`);
    return parsed;
  });
}

/**
 * Redacts values of one subject's rows in place and records the `audit.redacted` event that
 * vouches for it, in the caller's transaction. The subject's head is locked first, so no append
 * to the same subject runs between the two.
 */
export async function redactAudit(
  db: Knex,
  dialect: Dialect,
  subject: string,
  targets: RedactionTarget[],
  by: { actor: string; at: string; reason: string },
): Promise<number> {
  await lockHead(db, subject, by.at);
  const done: RedactionTarget[] = [];
  let count = 0;
  for (const target of targets) {
    const stored = (await db('audit_log').select('*').where({ seq: target.seq, subject }).first()) as AuditLogRow | undefined;
    if (!stored) throw new Error(`audit row ${target.seq} of ${subject} does not exist`);
    const row = toAuditRow(stored);
    if ('problem' in row) throw new Error(`audit row ${target.seq}: ${row.problem}`);
    const paths: string[] = [];
    for (const path of target.paths) {
      const at = valueAt(row, path);
      if (!at.found) throw new Error(`audit row ${target.seq} of ${subject} has no value at ${path}`);
      if (row.salts[path] === undefined && at.value === REDACTED) continue; // already redacted
      redactAt(row, path);
      delete row.salts[path];
      paths.push(path);
    }
    if (paths.length === 0) continue;
    await db('audit_log')
      .where({ seq: target.seq, subject })
      .update({ actor: row.actor, data: JSON.stringify(row.data), salts: JSON.stringify(row.salts) });
    done.push({ seq: target.seq, paths });
    count += paths.length;
  }
  if (count > 0) {
    await appendEvents(db, dialect, [{ type: 'audit.redacted', subject, actor: by.actor, at: by.at, data: { rows: done, reason: by.reason } }]);
  }
  return count;
}

const parseObject = (text: string, what: string): Record<string, unknown> | string => {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return `${what} is not valid JSON (the row was edited)`;
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return `${what} is not a JSON object (the row was edited)`;
  return value as Record<string, unknown>;
};

const stringValues = (obj: Record<string, unknown>): obj is Record<string, string> => Object.values(obj).every((v) => typeof v === 'string');

export function toAuditRow(row: AuditLogRow): AuditRow | { problem: string } {
  if (row.subject_seq === null || row.subject_seq === undefined) return { problem: 'the row has no place in its subject\'s chain (it was added around the log)' };
  const data = parseObject(row.data, 'data');
  if (typeof data === 'string') return { problem: data };
  const digests = parseObject(row.digests ?? '', 'digests');
  if (typeof digests === 'string') return { problem: digests };
  const salts = parseObject(row.salts ?? '', 'salts');
  if (typeof salts === 'string') return { problem: salts };
  if (!stringValues(digests) || !stringValues(salts)) return { problem: 'digests or salts hold a value that is not text (the row was edited)' };
  return {
    seq: toInt(row.seq),
    subjectSeq: toInt(row.subject_seq),
    at: row.at,
    actor: row.actor,
    type: row.type,
    subject: row.subject,
    data,
    digests,
    salts,
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}
