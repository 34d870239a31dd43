// The Store port on Knex. Each method is a thin call into the file for its concern; this file
// only decides which connection (the pool, or the open transaction) a call runs on.
import type { Knex } from 'knex';
import type { CaseState } from '../core/case/state.ts';
import type { Delivery } from '../core/delivery.ts';
import type { DomainEvent } from '../core/events.ts';
import type { RequestState } from '../core/request/state.ts';
import type { Platform } from '../ports/chat.ts';
import { ConflictError, type AuditCheckpoint, type AuditRow, type AuditVerdict, type AuditVerifyOptions, type ItemFilter, type ItemPage, type RedactionTarget, type Store, type StoreTx } from '../ports/store.ts';
import * as checkpoints from './audit-checkpoints.ts';
import * as audit from './audit-log.ts';
import { verifyAudit } from './audit-verify.ts';
import * as cases from './case-rows.ts';
import * as counters from './counters.ts';
import * as flows from './flow-versions.ts';
import * as outbox from './outbox-rows.ts';
import * as queries from './queries.ts';
import { listCases, listRequests } from './list-queries.ts';
import * as requests from './request-rows.ts';
import type { Dialect } from './sql-util.ts';
import { SQLITE_OPTIMIZE } from './sqlite-client.ts';

class SqlStoreTx implements StoreTx {
  constructor(
    /** read by trxOf(), for the timer store, which writes in the same transaction */
    readonly trx: Knex.Transaction,
    private readonly dialect: Dialect,
  ) {}

  nextNumber(counter: 'request' | 'case'): Promise<number> {
    return counters.nextNumber(this.trx, this.dialect, counter);
  }
  findIdempotent(key: string): Promise<unknown | undefined> {
    return counters.findIdempotent(this.trx, key);
  }
  rememberIdempotent(key: string, result: unknown, at: string): Promise<void> {
    return counters.rememberIdempotent(this.trx, key, result, at);
  }
  getRequest(id: string): Promise<RequestState | undefined> {
    return requests.selectRequest(this.trx, id);
  }
  insertRequest(request: RequestState): Promise<void> {
    return requests.insertRequest(this.trx, request);
  }
  updateRequest(request: RequestState, expectedVersion: number): Promise<void> {
    return requests.updateRequest(this.trx, request, expectedVersion);
  }
  getCase(id: string): Promise<CaseState | undefined> {
    return cases.selectCase(this.trx, id);
  }
  insertCase(item: CaseState): Promise<void> {
    return cases.insertCase(this.trx, item);
  }
  updateCase(item: CaseState, expectedVersion: number): Promise<void> {
    return cases.updateCase(this.trx, item, expectedVersion);
  }
  appendEvents(events: DomainEvent[]): Promise<void> {
    return audit.appendEvents(this.trx, this.dialect, events);
  }
  redactAudit(subject: string, targets: RedactionTarget[], by: { actor: string; at: string; reason: string }): Promise<number> {
    return audit.redactAudit(this.trx, this.dialect, subject, targets, by);
  }
  enqueue(deliveries: Delivery[], at: string, platforms?: readonly Platform[]): Promise<void> {
    return outbox.enqueue(this.trx, deliveries, at, platforms);
  }
  openCaseCounts(owners: string[]): Promise<Map<string, number>> {
    return queries.openCaseCounts(this.trx, owners);
  }
  nextInRotation(key: string): Promise<number> {
    return counters.nextInRotation(this.trx, key);
  }
  flowVersion(flowId: string, version: string): Promise<unknown | undefined> {
    return flows.flowVersion(this.trx, flowId, version);
  }
}

/** The Knex transaction behind a StoreTx of a SqlStore. */
export function trxOf(tx: StoreTx): Knex.Transaction {
  if (!(tx instanceof SqlStoreTx)) throw new Error('not a transaction of a SqlStore');
  return tx.trx;
}

/** how often SQLite's statistics are refreshed (PRAGMA optimize: cheap when little changed) */
export const SQLITE_OPTIMIZE_EVERY_MS = 60 * 60_000;

export class SqlStore implements Store {
  readonly #optimizer: NodeJS.Timeout | undefined;

  constructor(
    /** the Knex instance, for the outbox and timer runners in src/app that need raw access */
    readonly knex: Knex,
    readonly dialect: Dialect,
  ) {
    // PostgreSQL's autovacuum keeps its statistics; SQLite's only change when asked
    if (dialect === 'sqlite') {
      this.#optimizer = setInterval(() => void this.optimize().catch(() => undefined), SQLITE_OPTIMIZE_EVERY_MS);
      this.#optimizer.unref();
    }
  }

  /** refreshes the planner's statistics where they went stale (SQLite; a no-op on PostgreSQL) */
  async optimize(): Promise<void> {
    if (this.dialect === 'sqlite') await this.knex.raw(SQLITE_OPTIMIZE);
  }

  /**
   * On SQLite the pool holds one connection (see open.ts): inside `work`, use only `tx` —
   * a call on the store itself would wait for the connection the transaction holds.
   */
  async transaction<T>(work: (tx: StoreTx) => Promise<T>): Promise<T> {
    try {
      return await this.knex.transaction((trx) => work(new SqlStoreTx(trx, this.dialect)));
    } catch (err) {
      // PostgreSQL resolves a deadlock (two people linking two cases to each other at once) or a
      // serialization failure by aborting one side: that side runs again, like any conflict
      const code = (err as { code?: unknown }).code;
      if (code === '40P01' || code === '40001') throw new ConflictError(`transaction aborted by the database (${code}); run it again`);
      throw err;
    }
  }

  getRequest(id: string): Promise<RequestState | undefined> {
    return requests.selectRequest(this.knex, id);
  }
  getCase(id: string): Promise<CaseState | undefined> {
    return cases.selectCase(this.knex, id);
  }
  listRequests(filter: ItemFilter, page?: { limit?: number; offset?: number }): Promise<ItemPage<RequestState>> {
    return listRequests(this.knex, filter, page);
  }

  listCases(filter: ItemFilter, page?: { limit?: number; offset?: number }): Promise<ItemPage<CaseState>> {
    return listCases(this.knex, filter, page);
  }

  waitingOn(emails: string[], limit?: number): Promise<RequestState[]> {
    return queries.waitingOn(this.knex, emails, limit, this.dialect);
  }
  requestsBy(email: string, options?: { open?: boolean; limit?: number }): Promise<RequestState[]> {
    return queries.requestsBy(this.knex, email, options);
  }
  casesOf(email: string, options?: { open?: boolean; limit?: number }): Promise<CaseState[]> {
    return queries.casesOf(this.knex, email, options);
  }
  openCasesOfFlow(flowId: string, limit?: number): Promise<CaseState[]> {
    return queries.openCasesOfFlow(this.knex, flowId, limit);
  }
  timeline(subject: string): Promise<AuditRow[]> {
    return audit.timeline(this.knex, subject);
  }
  verifyAudit(options?: AuditVerifyOptions): Promise<AuditVerdict> {
    return verifyAudit(this.knex, options);
  }
  checkpointAudit(at: string, signingKey?: string): Promise<AuditCheckpoint | undefined> {
    return checkpoints.writeCheckpoint(this.knex, this.dialect, at, signingKey);
  }
  auditCheckpoints(limit?: number): Promise<AuditCheckpoint[]> {
    return checkpoints.listCheckpoints(this.knex, limit);
  }
  saveFlowVersion(flowId: string, version: string, definition: unknown, at: string): Promise<void> {
    return flows.saveFlowVersion(this.knex, flowId, version, definition, at);
  }
  flowVersion(flowId: string, version: string): Promise<unknown | undefined> {
    return flows.flowVersion(this.knex, flowId, version);
  }
  async ping(): Promise<void> {
    await this.knex.raw('select 1');
  }
  async close(): Promise<void> {
    clearInterval(this.#optimizer);
    await this.knex.destroy();
  }
}
