// Small differences between the drivers, in one place.
import type { Knex } from 'knex';

export type Dialect = 'sqlite' | 'postgres';

/** a duplicate key: SQLite SQLITE_CONSTRAINT_PRIMARYKEY / _UNIQUE, PostgreSQL 23505 */
export function isUniqueViolation(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === 'SQLITE_CONSTRAINT_UNIQUE';
}

/** the rows of knex.raw(): pg answers a Result with .rows, better-sqlite3 the rows themselves */
export function rawRows<T>(result: unknown): T[] {
  if (Array.isArray(result)) return result as T[];
  const rows = (result as { rows?: unknown } | null)?.rows;
  if (Array.isArray(rows)) return rows as T[];
  throw new Error('unexpected raw query result');
}

/** pg returns bigint and count() as strings so as not to lose precision; ours stay far below 2^53 */
export function toInt(value: unknown): number {
  const n = typeof value === 'string' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isSafeInteger(n)) throw new Error(`expected an integer from the database, got ${String(value)}`);
  return n;
}

/** SELECT … FOR UPDATE where it means something; SQLite is already serialized by BEGIN IMMEDIATE */
export function lockForUpdate<T extends Knex.QueryBuilder>(query: T, dialect: Dialect): T {
  return dialect === 'postgres' ? (query.forUpdate() as T) : query;
}

export const DEFAULT_LIMIT = 100;
export const MAX_LIMIT = 1000;

export function clampLimit(limit: number | undefined): number {
  if (limit === undefined) return DEFAULT_LIMIT;
  return Math.max(1, Math.min(MAX_LIMIT, Math.floor(limit)));
}
