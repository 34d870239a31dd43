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

export class ImmediateSqliteClient extends BetterSqlite3Client {
  transaction(...args: unknown[]): unknown {
    return new ImmediateTransaction(this, ...args);
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
  // erasure (issue 10): deleted and overwritten content is zeroed, not left in free pages where
  // a redacted value could still be read from the file
  'secure_delete = ON',
];

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
