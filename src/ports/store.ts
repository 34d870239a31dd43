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
  seq: number;
  at: string;
  actor: string;
  type: string;
  subject: string;
  data: Record<string, unknown>;
  prevHash: string;
  hash: string;
}

export type AuditVerdict =
  | { ok: true; rows: number }
  /** the first row whose hash, predecessor or position does not match */
  | { ok: false; rows: number; seq: number; problem: string };

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

  /** appends to the hash-chained audit log, in order */
  appendEvents(events: DomainEvent[]): Promise<void>;
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
  verifyAudit(): Promise<AuditVerdict>;

  /** remembers a flow definition under its version (content hash) so pinned items can find it */
  saveFlowVersion(flowId: string, version: string, definition: unknown, at: string): Promise<void>;
  flowVersion(flowId: string, version: string): Promise<unknown | undefined>;

  ping(): Promise<void>;
  close(): Promise<void>;
}
