// Counters, round-robin cursors and idempotency keys: small rows written with one statement
// each, so that concurrent transactions cannot hand out the same value.
import type { Knex } from 'knex';
import { ConflictError } from '../ports/store.ts';
import { isUniqueViolation, rawRows, toInt, type Dialect } from './sql-util.ts';
import { toJsonText } from './stored-json.ts';

// One upsert: the row lock taken by the UPDATE branch makes a second transaction wait for the
// first to commit and then increment its value (PostgreSQL ON CONFLICT; SQLite ≥ 3.35 RETURNING).
const BUMP_COUNTER =
  'INSERT INTO counters (name, value) VALUES (?, 1) ON CONFLICT (name) DO UPDATE SET value = counters.value + 1 RETURNING value';
const BUMP_ROTATION =
  'INSERT INTO rotations (key, value) VALUES (?, 1) ON CONFLICT (key) DO UPDATE SET value = rotations.value + 1 RETURNING value';

/**
 * 1, 2, 3, … per counter. On PostgreSQL from a sequence (migration 007): no transaction waits for
 * another, and a rolled-back one leaves a gap. On SQLite from the counters row: the one writer
 * holds the database's write lock anyway, and numbers stay gapless.
 */
export async function nextNumber(db: Knex, dialect: Dialect, counter: 'request' | 'case'): Promise<number> {
  const sql = dialect === 'postgres' ? `SELECT nextval('counter_${counter === 'case' ? 'case' : 'request'}') AS value` : BUMP_COUNTER;
  const [row] = rawRows<{ value: number | string }>(await db.raw(sql, dialect === 'postgres' ? [] : [counter]));
  if (!row) throw new Error(`counter ${counter}: the upsert returned no row`);
  return toInt(row.value);
}

/** 0, 1, 2, … per key: the value before this call advanced it */
export async function nextInRotation(db: Knex, key: string): Promise<number> {
  const [row] = rawRows<{ value: number | string }>(await db.raw(BUMP_ROTATION, [key]));
  if (!row) throw new Error(`rotation ${key}: the upsert returned no row`);
  return toInt(row.value) - 1;
}

export async function findIdempotent(db: Knex, key: string): Promise<unknown | undefined> {
  const row = (await db('idempotency_keys').select('result').where({ key }).first()) as { result: string } | undefined;
  if (!row) return undefined;
  try {
    return JSON.parse(row.result) as unknown;
  } catch {
    throw new Error(`stored idempotency key ${key} is corrupt: its result is not JSON`);
  }
}

/**
 * Records the key. A concurrent transaction holding the same key makes this wait for it (the
 * unique index), then fail: that is a ConflictError, and the caller retries and finds the key.
 */
export async function rememberIdempotent(db: Knex, key: string, result: unknown, at: string): Promise<void> {
  try {
    await db('idempotency_keys').insert({ key, result: toJsonText(result), created_at: at });
  } catch (err) {
    if (isUniqueViolation(err)) throw new ConflictError(`idempotency key ${key} was taken by another transaction`);
    throw err;
  }
}
