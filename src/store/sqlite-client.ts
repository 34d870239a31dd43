// A better-sqlite3 Knex client whose transactions begin with BEGIN IMMEDIATE.
//
// Why: a plain (deferred) BEGIN starts as a reader and upgrades to a writer at the first write.
// When two connections both read and then write, the one that upgrades second can never win:
// SQLite answers SQLITE_BUSY at once, without calling the busy handler, because waiting cannot
// help — its snapshot is already stale (https://www.sqlite.org/lang_transaction.html, "read
// transactions versus write transactions"; in WAL mode the code is SQLITE_BUSY_SNAPSHOT).
// BEGIN IMMEDIATE takes the write lock up front, so a second writer waits in the busy handler
// (busy_timeout) for the first to commit instead of failing.
import { createRequire } from 'node:module';
import type { Knex } from 'knex';

const require = createRequire(import.meta.url);

type TransactionCtor = new (client: unknown, ...rest: unknown[]) => { begin(conn: unknown): Promise<unknown> };
type ClientCtor = new (config: Knex.Config) => object;

const SqliteTransaction = require('knex/lib/dialects/sqlite3/execution/sqlite-transaction.js') as TransactionCtor;
const BetterSqlite3Client = require('knex/lib/dialects/better-sqlite3/index.js') as ClientCtor;

interface KnexTransactionInternals {
  isolationLevel?: string;
  query(conn: unknown, sql: string): Promise<unknown>;
}

class ImmediateTransaction extends SqliteTransaction {
  override begin(conn: unknown): Promise<unknown> {
    // SQLite transactions are always serializable; isolation levels and READ ONLY do not apply.
    return (this as unknown as KnexTransactionInternals).query(conn, 'BEGIN IMMEDIATE;');
  }
}

interface PreparedStatement {
  reader: boolean;
  all(bindings: unknown[]): unknown[];
  run(bindings: unknown[]): unknown;
  safeIntegers(on: boolean): PreparedStatement;
}

interface PreparingConnection {
  prepare(sql: string): PreparedStatement;
}

interface KnexQueryObject {
  sql?: string;
  bindings?: unknown[];
  options?: unknown;
  response?: unknown;
  context?: unknown;
}

interface KnexClientInternals {
  _optSafeIntegers(options: unknown): boolean | undefined;
  _formatBindings(bindings: unknown[] | undefined): unknown[];
}

/** prepared statements kept per connection; a decision uses about a dozen distinct ones */
export const STATEMENT_CACHE_SIZE = 500;
const statementCaches = new WeakMap<PreparingConnection, Map<string, PreparedStatement>>();

function preparedOn(connection: PreparingConnection, sql: string): PreparedStatement {
  let cache = statementCaches.get(connection);
  if (!cache) statementCaches.set(connection, (cache = new Map()));
  let statement = cache.get(sql);
  if (statement) {
    // most recently used last: a Map iterates in insertion order
    cache.delete(sql);
  } else {
    statement = connection.prepare(sql);
    if (cache.size >= STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value!);
  }
  cache.set(sql, statement);
  return statement;
}

// taken at load, so a test's fake timers cannot stop the store
const nextTurn = setImmediate;

export class ImmediateSqliteClient extends BetterSqlite3Client {
  transaction(...args: unknown[]): unknown {
    return new ImmediateTransaction(this, ...args);
  }

  /**
   * better-sqlite3 answers synchronously and the pool hands its one connection from one waiter
   * to the next in a promise callback, so a backlog of queries and transactions ran as one
   * unbroken chain of microtasks: no socket was read and no ack written until all of it was done
   * (clicks acked in seconds under load, issue 14). One turn of the event loop before each use
   * of the connection (a transaction holds it throughout) lets waiting I/O in between.
   */
  /**
   * knex's own _query, but with the connection's prepared statements reused: better-sqlite3
   * prepares a statement on every call otherwise (6% of a decision commit, issue 14). Keyed by
   * the SQL text, least recently used dropped past STATEMENT_CACHE_SIZE; SQLite re-prepares a
   * cached statement itself when the schema changes (sqlite3_prepare_v3).
   */
  async _query(connection: PreparingConnection, obj: KnexQueryObject): Promise<KnexQueryObject> {
    if (!obj.sql) throw new Error('The query is empty');
    if (!connection) throw new Error('No connection provided');
    const internals = this as unknown as KnexClientInternals;
    const safeIntegers = internals._optSafeIntegers(obj.options);
    // a statement switched to safe integers would stay so: those are prepared afresh
    const statement = safeIntegers === undefined ? preparedOn(connection, obj.sql) : connection.prepare(obj.sql).safeIntegers(safeIntegers);
    const bindings = internals._formatBindings(obj.bindings);
    if (statement.reader) {
      obj.response = statement.all(bindings);
      return obj;
    }
    const response = statement.run(bindings) as { lastInsertRowid: number | bigint; changes: number };
    obj.response = response;
    obj.context = { lastID: response.lastInsertRowid, changes: response.changes };
    return obj;
  }

  async acquireConnection(): Promise<unknown> {
    const conn = await (BetterSqlite3Client.prototype as unknown as { acquireConnection(): Promise<unknown> }).acquireConnection.call(this);
    await new Promise<void>((resolve) => nextTurn(resolve));
    return conn;
  }
}

/** The settings every SQLite connection gets (as PRAGMA …), once, when the pool opens it. */
export const SQLITE_PRAGMAS = [
  // readers do not block the writer and the writer does not block readers
  'journal_mode = WAL',
  // a second writer waits up to 5 s for the lock instead of failing with SQLITE_BUSY
  'busy_timeout = 5000',
  'foreign_keys = ON',
  // with WAL, NORMAL is durable against application crashes and much faster than FULL
  'synchronous = NORMAL',
  // ANALYZE (and PRAGMA optimize) read a sample of each index, not all of it, on a big database
  'analysis_limit = 1000',
  // erasure (issue 10): deleted and overwritten content is zeroed, not left in free pages where
  // a redacted value could still be read from the file
  'secure_delete = ON',
];

/**
 * SQLite's planner knows nothing about the data until ANALYZE has run, and Docket's hot queries
 * must not depend on it (test/store/query-plans.test.ts checks them without statistics); but
 * every other query, the reports above all, plans better with them. 0x10002: also tables never
 * analysed (SQLite ≥ 3.46); analysis_limit keeps it to a sample on a big database
 * (https://sqlite.org/lang_analyze.html#approx). Cheap when nothing changed: run at open and
 * every SQLITE_OPTIMIZE_EVERY_MS by the store (sql-store.ts).
 */
export const SQLITE_OPTIMIZE = 'PRAGMA optimize = 0x10002';

interface BetterSqliteConnection {
  pragma(source: string): unknown;
}

/** pool.afterCreate for knex: applies SQLITE_PRAGMAS to a new connection */
export function applySqlitePragmas(conn: BetterSqliteConnection, done: (err: Error | null, conn: unknown) => void): void {
  try {
    for (const pragma of SQLITE_PRAGMAS) conn.pragma(pragma);
    done(null, conn);
  } catch (err) {
    done(err as Error, conn);
  }
}
