// Reading and writing the hash-chained audit log (the maths is in audit-chain.ts).
import type { Knex } from 'knex';
import type { DomainEvent } from '../core/events.ts';
import type { AuditRow, AuditVerdict } from '../ports/store.ts';
import { ChainVerifier, hashRow, type AuditHead } from './audit-chain.ts';
import { lockForUpdate, toInt, type Dialect } from './sql-util.ts';

interface AuditLogRow {
  seq: number | string;
  at: string;
  actor: string;
  type: string;
  subject: string;
  data: string;
  prev_hash: string;
  hash: string;
}

const INSERT_CHUNK = 100;
const VERIFY_BATCH = 500;

/**
 * Appends events in order. The head row is the lock: on PostgreSQL SELECT … FOR UPDATE makes
 * concurrent appenders queue; on SQLite the transaction already holds the write lock (BEGIN
 * IMMEDIATE). So seq has no gaps and every prev_hash is the hash of the row before.
 */
export async function appendEvents(db: Knex, dialect: Dialect, events: DomainEvent[]): Promise<void> {
  if (events.length === 0) return;
  const head = await readHead(db, dialect, true);
  let { lastSeq, lastHash } = head;
  const rows: AuditLogRow[] = [];
  for (const event of events) {
    const dataText = JSON.stringify(event.data ?? {});
    // hash what a reader will get back, so values JSON cannot keep (undefined, -0) hash alike
    const data = JSON.parse(dataText) as Record<string, unknown>;
    const seq = lastSeq + 1;
    const hash = hashRow({ seq, at: event.at, actor: event.actor, type: event.type, subject: event.subject, data, prevHash: lastHash });
    rows.push({ seq, at: event.at, actor: event.actor, type: event.type, subject: event.subject, data: dataText, prev_hash: lastHash, hash });
    lastSeq = seq;
    lastHash = hash;
  }
  for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
    await db('audit_log').insert(rows.slice(i, i + INSERT_CHUNK));
  }
  await db('audit_head').where({ id: 1 }).update({ last_seq: lastSeq, last_hash: lastHash });
}

/** the events of one subject, oldest first (index audit_log(subject, seq)) */
export async function timeline(db: Knex, subject: string): Promise<AuditRow[]> {
  const rows = (await db('audit_log').select('*').where({ subject }).orderBy('seq', 'asc')) as AuditLogRow[];
  return rows.map((row) => {
    const parsed = toAuditRow(row);
    if ('problem' in parsed) throw new Error(`audit row ${toInt(row.seq)}: ${parsed.problem}`);
    return parsed;
  });
}

/**
 * Streams the log in seq order, a batch at a time, through the chain verifier. Rows appended
 * while it runs are left for the next run: it checks up to the head it read first, then checks
 * in one statement (one snapshot) that no row lies beyond the current head.
 */
export async function verifyAudit(db: Knex, dialect: Dialect, batchSize: number = VERIFY_BATCH): Promise<AuditVerdict> {
  const head = await readHead(db, dialect, false);
  const verifier = new ChainVerifier();
  let after = 0;
  while (after < head.lastSeq) {
    const batch = (await db('audit_log')
      .select('*')
      .where('seq', '>', after)
      .andWhere('seq', '<=', head.lastSeq)
      .orderBy('seq', 'asc')
      .limit(batchSize)) as AuditLogRow[];
    if (batch.length === 0) break;
    for (const stored of batch) {
      const row = toAuditRow(stored);
      if ('problem' in row) return verifier.verdict({ seq: toInt(stored.seq), problem: row.problem });
      const problem = verifier.check(row);
      if (problem) return verifier.verdict(problem);
      after = row.seq;
    }
  }
  const endProblem = verifier.end(head);
  if (endProblem) return verifier.verdict(endProblem);
  const beyond = (await db('audit_log')
    .min({ seq: 'seq' })
    .where('seq', '>', db('audit_head').select('last_seq').where({ id: 1 }))
    .first()) as { seq: number | string | null } | undefined;
  if (beyond && beyond.seq !== null) {
    const seq = toInt(beyond.seq);
    return verifier.verdict({ seq, problem: `row ${seq} is beyond the head (rows were added without updating it)` });
  }
  return verifier.verdict(undefined);
}

async function readHead(db: Knex, dialect: Dialect, lock: boolean): Promise<AuditHead> {
  const query = db('audit_head').select('last_seq', 'last_hash').where({ id: 1 });
  const row = (await (lock ? lockForUpdate(query, dialect) : query).first()) as
    | { last_seq: number | string; last_hash: string }
    | undefined;
  if (!row) throw new Error('audit_head has no row: the database was not migrated, or the row was deleted');
  return { lastSeq: toInt(row.last_seq), lastHash: row.last_hash };
}

function toAuditRow(row: AuditLogRow): AuditRow | { problem: string } {
  let data: unknown;
  try {
    data = JSON.parse(row.data);
  } catch {
    return { problem: 'data is not valid JSON (the row was edited)' };
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    return { problem: 'data is not a JSON object (the row was edited)' };
  }
  return {
    seq: toInt(row.seq),
    at: row.at,
    actor: row.actor,
    type: row.type,
    subject: row.subject,
    data: data as Record<string, unknown>,
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}
