// Opening the store from DATABASE_URL. Knex is imported only under src/store and migrations/.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import knexFactory, { type Knex } from 'knex';
import type { Store } from '../ports/store.ts';
import { parseDatabaseUrl, type DatabaseTarget } from './database-url.ts';
import { migrationSource } from './migrations.ts';
import { SqlStore } from './sql-store.ts';
import { ImmediateSqliteClient, SQLITE_OPTIMIZE, applySqlitePragmas } from './sqlite-client.ts';

/**
 * Opens the store; applies pending migrations first unless `migrate: false`. Migrating at every
 * start is safe with several replicas starting together: see migrateLatest.
 */
export async function openStore(url: string, options: { migrate?: boolean } = {}): Promise<Store> {
  const target = parseDatabaseUrl(url);
  const db = await connect(target);
  try {
    if (options.migrate ?? true) await migrateLatest(db, target);
    else await ensureSchema(db, target);
    if (target.dialect === 'sqlite') await db.raw(SQLITE_OPTIMIZE);
  } catch (err) {
    await db.destroy();
    throw err;
  }
  return new SqlStore(db, target.dialect);
}

/** after migrations: new indexes get statistics at once (PostgreSQL's autovacuum would, later) */
async function analyze(db: Knex): Promise<void> {
  // the same statement on both; PostgreSQL samples too (default_statistics_target)
  await db.raw('ANALYZE');
}

/** applies pending migrations; returns the names applied now (empty when up to date) */
export async function migrate(url: string): Promise<string[]> {
  const target = parseDatabaseUrl(url);
  const db = await connect(target);
  try {
    return await migrateLatest(db, target);
  } finally {
    await db.destroy();
  }
}

/**
 * knex's own migration lock is a row in a table it creates first, with a check-then-create that
 * two processes can both pass ("relation knex_migrations already exists"), and CREATE SCHEMA IF
 * NOT EXISTS races the same way. On PostgreSQL every migrator of one schema therefore first
 * takes a transaction-scoped advisory lock named for that schema, held on a connection of its
 * own while the migrations run on others; the next one waits, then finds nothing left to do.
 * SQLite needs none: BEGIN IMMEDIATE and the file lock serialize writers.
 */
async function migrateLatest(db: Knex, target: DatabaseTarget): Promise<string[]> {
  const run = async () => {
    await ensureSchema(db, target);
    const [, applied] = (await db.migrate.latest({ migrationSource: migrationSource() })) as [number, string[]];
    if (applied.length > 0) await analyze(db);
    return applied;
  };
  if (target.dialect !== 'postgres') return run();
  return db.transaction(async (trx) => {
    await trx.raw('SELECT pg_advisory_xact_lock(hashtext(?))', [`docket.migrate.${target.schema ?? 'public'}`]);
    return run();
  });
}

async function ensureSchema(db: Knex, target: DatabaseTarget): Promise<void> {
  if (target.dialect === 'postgres' && target.schema) await db.raw('CREATE SCHEMA IF NOT EXISTS ??', [target.schema]);
}

async function connect(target: DatabaseTarget): Promise<Knex> {
  if (target.dialect === 'sqlite') {
    if (target.filename !== ':memory:') mkdirSync(path.dirname(path.resolve(target.filename)), { recursive: true });
    return knexFactory({
      client: ImmediateSqliteClient as unknown as Knex.Config['client'],
      connection: { filename: target.filename },
      useNullAsDefault: true,
      // One connection per process. better-sqlite3 is synchronous: a second connection of the
      // same process waiting for the write lock would block the event loop, and so the very
      // transaction it waits for. Other processes on the same file wait in busy_timeout instead.
      // min 1 also keeps a :memory: database alive (tarn never reaps below min; each new
      // connection would get an empty database of its own).
      pool: { min: 1, max: 1, afterCreate: applySqlitePragmas },
    });
  }
  return knexFactory({
    client: 'pg',
    connection: target.connectionString,
    ...(target.schema ? { searchPath: [target.schema] } : {}),
    pool: { min: 0, max: 10 },
  });
}
