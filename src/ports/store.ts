// The store port: what the application needs from a database, named for our needs.
// Implemented with Knex in src/store/ (SQLite, PostgreSQL); proven by test/store/contract.
import type { CaseState } from '../core/case/state.ts';
import type { Delivery } from '../core/delivery.ts';
import type { Platform } from './chat.ts';
import type { DomainEvent } from '../core/events.ts';
import type { RequestState } from '../core/request/state.ts';

/**
 * Thrown inside a transaction when another writer got there first: a compare-and-set on a
 * version column matched no row, or an idempotency key was taken concurrently. The caller
 * rolls back and runs the whole command again on fresh state.
 */
export class ConflictError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConflictError';
  }
}

export interface AuditRow {
  /** global order of writing (may have gaps); the chain is per subject, by subjectSeq */
  seq: number;
  /** 1, 2, 3… within the subject's own hash chain */
  subjectSeq: number;
  at: string;
  /** the acting person's email, "clock", "rule:…", or "[redacted]" after an erasure */
  actor: string;
  type: string;
  subject: string;
  /** the event's values; a redacted one reads "[redacted]" */
  data: Record<string, unknown>;
  /** digest path ("$actor", "form/iban") → salted sha256 that the row's hash commits to */
  digests: Record<string, string>;
  /** digest path → salt; a redacted value's salt is gone with it */
  salts: Record<string, string>;
  prevHash: string;
  hash: string;
}

export type AuditVerdict =
  | {
      ok: true;
      rows: number;
      subjects: number;
      checkpoints: number;
      /** checked: every checkpoint's signature verified; unsigned: none carries one; unchecked: no key to check them with */
      signatures: 'checked' | 'unsigned' | 'unchecked';
    }
  /** the first row (or checkpoint) that does not fit, and why */
  | { ok: false; rows: number; seq: number; subject?: string; problem: string };

/** a signed tree head over the subject heads that changed since the checkpoint before it */
export interface AuditCheckpoint {
  id: number;
  at: string;
  /** the hash of the checkpoint before it (GENESIS for the first): checkpoints form a chain too */
  prevHash: string;
  /** Merkle root (RFC 6962 leaf/node hashing) over the changed heads, sorted by subject */
  root: string;
  /** how many subject heads it records */
  heads: number;
  hash: string;
  /** Ed25519 over `hash`, base64; absent when no signing key was configured */
  signature?: string;
  keyId?: string;
}

export interface AuditVerifyOptions {
  /** SPKI PEM or base64 DER of the Ed25519 public key that signed the checkpoints */
  publicKey?: string;
  /** a checkpoint exported earlier (file, log line): the database must still contain it unchanged */
  exported?: AuditCheckpoint;
  batchSize?: number;
}

/** one row's places to redact: its global seq and digest paths ("form/iban", "$actor") */
export interface RedactionTarget {
  seq: number;
  paths: string[];
}

export interface StoreTx {
  /** the next value of a named counter, from 1; used for readable ids such as R-42 */
  nextNumber(counter: 'request' | 'case'): Promise<number>;
  /** the stored result of a command already applied under this client key */
  findIdempotent(key: string): Promise<unknown | undefined>;
  /** records the key with its result; throws ConflictError if it was taken meanwhile */
  rememberIdempotent(key: string, result: unknown, at: string): Promise<void>;

  getRequest(id: string): Promise<RequestState | undefined>;
  insertRequest(request: RequestState): Promise<void>;
  /** compare-and-set: throws ConflictError unless the stored version is `expectedVersion` */
  updateRequest(request: RequestState, expectedVersion: number): Promise<void>;

  getCase(id: string): Promise<CaseState | undefined>;
  insertCase(item: CaseState): Promise<void>;
  updateCase(item: CaseState, expectedVersion: number): Promise<void>;

  /** appends to the hash-chained audit log: each event at the end of its subject's chain */
  appendEvents(events: DomainEvent[]): Promise<void>;
  /**
   * replaces the values at these places of one subject's audit rows by "[redacted]", drops their
   * salts, and appends the `audit.redacted` event that vouches for it, so the chain still
   * verifies; returns how many values were redacted (places already redacted are skipped)
   */
  redactAudit(subject: string, targets: RedactionTarget[], by: { actor: string; at: string; reason: string }): Promise<number>;
  /**
   * queues messages for the platforms' dispatchers: one row per delivery and platform. Without
   * `platforms`, one row per delivery for no platform in particular (nobody delivers those);
   * with an empty list (no chat platform enabled), nothing.
   */
  enqueue(deliveries: Delivery[], at: string, platforms?: readonly Platform[]): Promise<void>;

  /** open cases owned by each of these people, for least-loaded routing */
  openCaseCounts(owners: string[]): Promise<Map<string, number>>;
  /** a round-robin cursor: returns the current value and advances it */
  nextInRotation(key: string): Promise<number>;
  /** a stored flow definition, read inside the transaction (SQLite has one connection) */
  flowVersion(flowId: string, version: string): Promise<unknown | undefined>;
}

/** what a list page asks for: every filter optional; dates are ISO instants, `to` exclusive */
export interface ItemFilter {
  flow?: string;
  /** a status id (cases: or a category: open, waiting, closed) */
  status?: string;
  /** requests they raised or are asked on; cases they own, work on, watch or opened */
  person?: string;
  from?: string;
  to?: string;
  /** words of the title, or an id */
  q?: string;
  /** requests only: just those this person is in (the caller leaves it out for admins) */
  visibleTo?: string;
}

export interface ItemPage<T> {
  items: T[];
  /** how many match in all, for "20 of 274" */
  total: number;
}

export interface Store {
  readonly dialect: 'sqlite' | 'postgres';
  /** runs `work` in one transaction (BEGIN IMMEDIATE on SQLite); rolls back if it throws */
  transaction<T>(work: (tx: StoreTx) => Promise<T>): Promise<T>;

  getRequest(id: string): Promise<RequestState | undefined>;
  getCase(id: string): Promise<CaseState | undefined>;
  /** pending requests whose current step waits on any of these people */
  waitingOn(emails: string[], limit?: number): Promise<RequestState[]>;
  /** a person's own requests, newest first */
  requestsBy(email: string, options?: { open?: boolean; limit?: number }): Promise<RequestState[]>;
  /** cases a person owns, is a member of, watches or opened, newest first */
  casesOf(email: string, options?: { open?: boolean; limit?: number }): Promise<CaseState[]>;
  /** open cases of one case type (one channel), newest first */
  openCasesOfFlow(flowId: string, limit?: number): Promise<CaseState[]>;
  /** a page of requests / cases for the console's list pages, newest first, with the total */
  listRequests(filter: ItemFilter, page?: { limit?: number; offset?: number }): Promise<ItemPage<RequestState>>;
  listCases(filter: ItemFilter, page?: { limit?: number; offset?: number }): Promise<ItemPage<CaseState>>;
  /** the events of one request or case, oldest first */
  timeline(subject: string): Promise<AuditRow[]>;
  /** checks every subject's chain, every checkpoint, and the heads they recorded */
  verifyAudit(options?: AuditVerifyOptions): Promise<AuditVerdict>;
  /**
   * records the subject heads that changed since the last checkpoint as a new signed checkpoint;
   * undefined when nothing changed, or another replica wrote the same checkpoint first
   */
  checkpointAudit(at: string, signingKey?: string): Promise<AuditCheckpoint | undefined>;
  /** checkpoints, newest first */
  auditCheckpoints(limit?: number): Promise<AuditCheckpoint[]>;

  /** remembers a flow definition under its version (content hash) so pinned items can find it */
  saveFlowVersion(flowId: string, version: string, definition: unknown, at: string): Promise<void>;
  flowVersion(flowId: string, version: string): Promise<unknown | undefined>;

  ping(): Promise<void>;
  close(): Promise<void>;
}
