// The databases a store test runs on: SQLite always, PostgreSQL when TEST_DATABASE_URL is set
// (CI sets it). Each open() gets a database nobody else uses — a fresh SQLite file, or a fresh
// PostgreSQL schema — because other test files run against the same server at the same time.
//
//   describe.each(storeTargets())('$name', (target) => { … const { store, cleanup } = await target.open(); … })
//
// Open one store per SQLite file per process: better-sqlite3 is synchronous, so a second
// connection of the same process waiting for the write lock would block the first one's commit.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Knex } from 'knex';
import type { Store } from '../../src/ports/store.ts';
import { openStore } from '../../src/store/open.ts';
import { SqlStore } from '../../src/store/sql-store.ts';

export interface OpenedStore {
  store: Store;
  url: string;
  /** closes the store and deletes its database (file or schema) */
  cleanup(): Promise<void>;
}

export interface StoreTarget {
  name: 'sqlite' | 'postgres';
  /** a migrated store on a database of its own; `migrate: false` leaves it empty */
  open(options?: { migrate?: boolean }): Promise<OpenedStore>;
}

export function storeTargets(): StoreTarget[] {
  const targets: StoreTarget[] = [{ name: 'sqlite', open: openSqlite }];
  const pgUrl = process.env.TEST_DATABASE_URL;
  if (pgUrl) targets.push({ name: 'postgres', open: (options) => openPostgres(pgUrl, options) });
  return targets;
}

/** the Knex instance behind a store, for tests that inspect or tamper with rows directly */
export function sqlOf(store: Store): Knex {
  if (!(store instanceof SqlStore)) throw new Error('not a SQL store');
  return store.knex;
}

async function openSqlite(options: { migrate?: boolean } = {}): Promise<OpenedStore> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'docket-store-'));
  const url = `sqlite:${path.join(dir, 'docket.db')}`;
  const store = await openStore(url, options);
  return {
    store,
    url,
    cleanup: async () => {
      await store.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

async function openPostgres(baseUrl: string, options: { migrate?: boolean } = {}): Promise<OpenedStore> {
  const schema = `test_${process.pid}_${randomBytes(6).toString('hex')}`;
  const parsed = new URL(baseUrl);
  parsed.searchParams.set('schema', schema);
  const url = parsed.toString();
  const store = await openStore(url, options);
  return {
    store,
    url,
    cleanup: async () => {
      try {
        await sqlOf(store).raw('DROP SCHEMA IF EXISTS ?? CASCADE', [schema]);
      } finally {
        await store.close();
      }
    },
  };
}
