// The audit log's maths, pure. Each subject (a request, a case) has its own hash chain: a row's
// hash covers its place in the subject's chain, its time, type and the digests of its values,
// and the hash of the subject's previous row. So editing, deleting or reordering a row breaks
// its subject's chain, while writers of different subjects never wait for one another.
//
// Values are committed to by salted digests, one per field, not by their text: a personal value
// can later be replaced by "[redacted]" and its salt dropped (an erasure request), and every hash
// still verifies, because the digest stays. Without its salt the digest cannot be brute-forced
// back into a short value (a yes/no, an amount). Reading and writing rows is in audit-log.ts.
import { createHash } from 'node:crypto';
import type { AuditRow } from '../ports/store.ts';

/** the prev_hash of a subject's first row (and of the global chain before migration 006) */
export const GENESIS_HASH = '0'.repeat(64);

/** what a redacted value reads as, in the row and on every timeline */
export const REDACTED = '[redacted]';

/** the digest path of the row's actor: a person's email is personal data too */
export const ACTOR_PATH = '$actor';

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

const isPlainObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** JSON-Pointer-style escaping of one key, so "a/b" as a key cannot be taken for a path */
const escapeKey = (key: string): string => key.replaceAll('~', '~0').replaceAll('/', '~1');

/**
 * The redactable places of an event's data: each top-level value, except a non-empty object,
 * whose own keys are the places instead ("form/iban", "fields/customer"). Two levels are where
 * personal data sits in our events (a request's form, a case's intake fields); deeper values
 * are redacted with the place that holds them.
 */
export function digestPaths(data: Record<string, unknown>): Array<[path: string, value: unknown]> {
  const out: Array<[string, unknown]> = [];
  for (const key of Object.keys(data).sort()) {
    const value = data[key];
    if (isPlainObject(value) && Object.keys(value).length > 0) {
      for (const child of Object.keys(value).sort()) out.push([`${escapeKey(key)}/${escapeKey(child)}`, value[child]]);
    } else {
      out.push([escapeKey(key), value]);
    }
  }
  return out;
}

/** sha256(salt, path, canonical value): the digest a row's hash commits to in place of the value */
export function fieldDigest(salt: string, path: string, value: unknown): string {
  return createHash('sha256').update(`${salt}\u0000${path}\u0000${canonicalJson(value)}`).digest('hex');
}

/** the row content that is hashed; `v` marks the format so a later one can be told apart */
export interface SealedContent {
  subject: string;
  subjectSeq: number;
  at: string;
  type: string;
  digests: Record<string, string>;
  prevHash: string;
}

export function hashSealed(content: SealedContent): string {
  const { subject, subjectSeq, at, type, digests, prevHash } = content;
  return createHash('sha256').update(canonicalJson({ v: 2, subject, subjectSeq, at, type, digests, prevHash })).digest('hex');
}

export interface SealedEvent extends SealedContent {
  actor: string;
  data: Record<string, unknown>;
  salts: Record<string, string>;
  hash: string;
}

/**
 * Seals one event as the next row of its subject's chain. `salt()` gives a fresh random salt
 * (passed in so that tests can fix it). `data` must already be what JSON gives back.
 */
export function sealEvent(
  event: { subject: string; at: string; type: string; actor: string; data: Record<string, unknown> },
  subjectSeq: number,
  prevHash: string,
  salt: () => string,
): SealedEvent {
  const digests: Record<string, string> = {};
  const salts: Record<string, string> = {};
  const places: Array<[string, unknown]> = [[ACTOR_PATH, event.actor], ...digestPaths(event.data)];
  for (const [path, value] of places) {
    salts[path] = salt();
    digests[path] = fieldDigest(salts[path]!, path, value);
  }
  const content: SealedContent = { subject: event.subject, subjectSeq, at: event.at, type: event.type, digests, prevHash };
  return { ...content, actor: event.actor, data: event.data, salts, hash: hashSealed(content) };
}

/** the value at a digest path of a row ($actor or a data path), and a setter for redaction */
export function valueAt(row: { actor: string; data: Record<string, unknown> }, path: string): { found: boolean; value: unknown } {
  if (path === ACTOR_PATH) return { found: true, value: row.actor };
  for (const [p, value] of digestPaths(row.data)) if (p === path) return { found: true, value };
  return { found: false, value: undefined };
}

/** replaces the value at `path` by REDACTED, in place; false when the row has no such place */
export function redactAt(row: { actor: string; data: Record<string, unknown> }, path: string): boolean {
  if (path === ACTOR_PATH) {
    row.actor = REDACTED;
    return true;
  }
  const [top, child, ...rest] = path.split('/').map((k) => k.replaceAll('~1', '/').replaceAll('~0', '~'));
  if (top === undefined || rest.length > 0 || !(top in row.data)) return false;
  if (child === undefined) {
    row.data[top] = REDACTED;
    return true;
  }
  const holder = row.data[top];
  if (!isPlainObject(holder) || !(child in holder)) return false;
  holder[child] = REDACTED;
  return true;
}

export type ChainProblem = { seq: number; subject?: string; problem: string };

/** the redactions a subject's `audit.redacted` events vouch for: "seq path" pairs */
export function redactionClaims(rows: readonly AuditRow[]): Set<string> {
  const claims = new Set<string>();
  for (const row of rows) {
    if (row.type !== 'audit.redacted') continue;
    const targets = (row.data as { rows?: unknown }).rows;
    if (!Array.isArray(targets)) continue;
    for (const t of targets) {
      const { seq, paths } = (t ?? {}) as { seq?: unknown; paths?: unknown };
      if (typeof seq !== 'number' || !Array.isArray(paths)) continue;
      for (const p of paths) if (typeof p === 'string') claims.add(`${seq} ${p}`);
    }
  }
  return claims;
}

/**
 * Checks one subject's rows, in subject_seq order, held in memory (a subject's history is
 * short). Returns the first row that does not fit: a gap, a broken link, a hash that does not
 * match its content, a value that does not match its digest, or a redaction nobody recorded.
 */
export function checkSubjectChain(rows: readonly AuditRow[]): ChainProblem | undefined {
  const claims = redactionClaims(rows);
  let prevHash = GENESIS_HASH;
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i]!;
    const at = { seq: row.seq, subject: row.subject };
    const expected = i + 1;
    if (row.subjectSeq !== expected) {
      return row.subjectSeq > expected
        ? { ...at, problem: `${row.subject} row ${expected} is missing (the next is ${row.subjectSeq})` }
        : { ...at, problem: `${row.subject} row ${row.subjectSeq} is out of order (expected ${expected})` };
    }
    if (row.prevHash !== prevHash) return { ...at, problem: `prev_hash does not match the hash of ${row.subject} row ${expected - 1}` };
    if (hashSealed({ subject: row.subject, subjectSeq: row.subjectSeq, at: row.at, type: row.type, digests: row.digests, prevHash: row.prevHash }) !== row.hash) {
      return { ...at, problem: 'content does not match its hash (the row was edited)' };
    }
    const problem = checkValues(row, claims);
    if (problem) return { ...at, problem };
    prevHash = row.hash;
  }
  return undefined;
}

function checkValues(row: AuditRow, claims: Set<string>): string | undefined {
  const places: Array<[string, unknown]> = [[ACTOR_PATH, row.actor], ...digestPaths(row.data)];
  const seen = new Set<string>();
  for (const [path, value] of places) {
    seen.add(path);
    const digest = row.digests[path];
    if (digest === undefined) return `value at ${path} has no digest (a value was added)`;
    const salt = row.salts[path];
    if (salt === undefined) {
      if (value !== REDACTED) return `value at ${path} has lost its salt but is not redacted`;
      if (!claims.has(`${row.seq} ${path}`)) return `value at ${path} is redacted, but no audit.redacted event of ${row.subject} records it`;
      continue;
    }
    if (fieldDigest(salt, path, value) !== digest) return `value at ${path} does not match its digest (the row was edited)`;
  }
  for (const path of Object.keys(row.digests)) if (!seen.has(path)) return `value at ${path} was removed`;
  return undefined;
}

/** the pre-006 hash of the one global chain; kept so migration 006 can check the old log first */
export function legacyHashRow(row: { seq: number; at: string; actor: string; type: string; subject: string; data: unknown; prevHash: string }): string {
  const { seq, at, actor, type, subject, data, prevHash } = row;
  return createHash('sha256').update(canonicalJson({ seq, at, actor, type, subject, data, prevHash })).digest('hex');
}
