// The audit log is a hash chain: each row's hash covers its content and the previous row's
// hash, so editing, deleting or reordering any row breaks the chain from that row on.
// Pure maths here; reading and writing rows is in audit-log.ts.
import { createHash } from 'node:crypto';
import type { AuditRow, AuditVerdict } from '../ports/store.ts';

/** the prev_hash of row 1 (also written by migrations/001_initial.ts into audit_head) */
export const GENESIS_HASH = '0'.repeat(64);

export interface AuditHead {
  lastSeq: number;
  lastHash: string;
}

/** JSON with object keys sorted at every depth, so equal content always hashes equally */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) out[key] = sortKeys((value as Record<string, unknown>)[key]);
    return out;
  }
  return value;
}

/** sha256 hex of the canonical JSON of the row's content and its predecessor's hash */
export function hashRow(row: Omit<AuditRow, 'hash'>): string {
  const { seq, at, actor, type, subject, data, prevHash } = row;
  return createHash('sha256').update(canonicalJson({ seq, at, actor, type, subject, data, prevHash })).digest('hex');
}

export type ChainProblem = { seq: number; problem: string };

/**
 * Checks rows one at a time, in seq order, so a caller can stream a log of any length through
 * it. Reports the first row that does not fit: the seq of a missing row, or the seq of a row
 * whose predecessor link or own hash is wrong.
 */
export class ChainVerifier {
  private lastSeq = 0;
  private lastHash = GENESIS_HASH;
  rows = 0;

  check(row: AuditRow): ChainProblem | undefined {
    const expected = this.lastSeq + 1;
    if (row.seq !== expected) {
      return row.seq > expected
        ? { seq: expected, problem: `row ${expected} is missing (the next row is ${row.seq})` }
        : { seq: row.seq, problem: `row ${row.seq} is out of order (expected ${expected})` };
    }
    if (row.prevHash !== this.lastHash) {
      return { seq: row.seq, problem: `prev_hash does not match the hash of row ${this.lastSeq}` };
    }
    if (hashRow(row) !== row.hash) {
      return { seq: row.seq, problem: 'content does not match its hash (the row was edited)' };
    }
    this.lastSeq = row.seq;
    this.lastHash = row.hash;
    this.rows += 1;
    return undefined;
  }

  /** after the last row: the head must point at it, so deleting the newest rows shows too */
  end(head: AuditHead): ChainProblem | undefined {
    if (head.lastSeq > this.lastSeq) {
      return { seq: this.lastSeq + 1, problem: `row ${this.lastSeq + 1} is missing (the head says the log ends at ${head.lastSeq})` };
    }
    if (head.lastSeq < this.lastSeq) {
      return { seq: head.lastSeq + 1, problem: `row ${head.lastSeq + 1} is beyond the head (${head.lastSeq})` };
    }
    if (head.lastHash !== this.lastHash) {
      return { seq: this.lastSeq, problem: `the head's hash does not match row ${this.lastSeq}` };
    }
    return undefined;
  }

  verdict(problem: ChainProblem | undefined): AuditVerdict {
    return problem ? { ok: false, rows: this.rows, ...problem } : { ok: true, rows: this.rows };
  }
}

/**
 * Verifies a whole chain held in memory (tests, exports); the store streams instead. Without a
 * head, deleting the newest rows cannot be told from a shorter log.
 */
export function verifyRows(rows: Iterable<AuditRow>, head?: AuditHead): AuditVerdict {
  const verifier = new ChainVerifier();
  for (const row of rows) {
    const problem = verifier.check(row);
    if (problem) return verifier.verdict(problem);
  }
  return verifier.verdict(head ? verifier.end(head) : undefined);
}
