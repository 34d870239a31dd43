// The few SQL expressions that differ between SQLite and PostgreSQL, for the report queries:
// hours between two ISO timestamps, the ISO week of one, a field of a JSON text column, and
// medians / 90th percentiles. Everything is computed in the database: PostgreSQL has
// percentile_cont; on SQLite the same interpolation is done with ROW_NUMBER and COUNT windows.
// Column names passed here are our own constants, never user input (values are bound with ?).
import type { Dialect } from './sql-util.ts';

/** wall-clock hours from `a` to `b` (ISO-8601 text columns or expressions) */
export function hoursBetween(d: Dialect, a: string, b: string): string {
  return d === 'postgres'
    ? `(EXTRACT(EPOCH FROM ((${b})::timestamptz - (${a})::timestamptz)) / 3600.0)`
    : // unixepoch(…, 'subsec') keeps the milliseconds exactly; julianday's doubles would not
      `((unixepoch(${b}, 'subsec') - unixepoch(${a}, 'subsec')) / 3600.0)`;
}

/** the Monday (UTC) of the ISO week of an ISO timestamp, as YYYY-MM-DD */
export function weekOf(d: Dialect, at: string): string {
  return d === 'postgres'
    ? `to_char(date_trunc('week', (${at})::timestamptz AT TIME ZONE 'UTC'), 'YYYY-MM-DD')`
    : // 'weekday 0' moves forward to the next Sunday (or stays on one); six days back is its Monday
      `date(${at}, 'weekday 0', '-6 days')`;
}

/** one top-level field of a JSON document stored as text; SQL NULL when absent */
export function jsonField(d: Dialect, column: string, key: string): string {
  if (!/^\w+$/.test(key)) throw new Error(`not a JSON key we use: ${key}`);
  return d === 'postgres' ? `((${column})::json ->> '${key}')` : `json_extract(${column}, '$.${key}')`;
}

const FRACTIONS = { p50: 0.5, p90: 0.9 } as const;

/**
 * SELECT <groups>, n, p50, p90[, extras] over `inner`, which must yield the group columns and a
 * numeric column x (NULL x is left out). `extras` are aggregates over inner's columns, such as
 * "SUM(CASE WHEN type = 'a' THEN 1 ELSE 0 END) AS approved".
 */
export function percentiles(d: Dialect, inner: string, groups: readonly string[], extras: readonly string[] = []): string {
  const g = groups.join(', ');
  const select = [g, ...(d === 'postgres' ? pgAggregates() : sqliteAggregates()), ...extras].filter(Boolean).join(', ');
  const groupBy = groups.length ? ` GROUP BY ${g}` : '';
  if (d === 'postgres') return `SELECT ${select} FROM (${inner}) AS t WHERE t.x IS NOT NULL${groupBy}`;
  const partition = groups.length ? `PARTITION BY ${g} ` : '';
  return `SELECT ${select} FROM (SELECT t.*, ROW_NUMBER() OVER (${partition}ORDER BY t.x) - 1 AS rn, COUNT(*) OVER (${partition.trim()}) AS cnt FROM (${inner}) AS t WHERE t.x IS NOT NULL) AS ranked${groupBy}`;
}

function pgAggregates(): string[] {
  return ['COUNT(x) AS n', ...Object.entries(FRACTIONS).map(([name, p]) => `percentile_cont(${p}) WITHIN GROUP (ORDER BY x) AS ${name}`)];
}

// percentile_cont: the value at position h = (n - 1) p of the sorted values (0-based),
// interpolated between the values at floor(h) and ceil(h)
function sqliteAggregates(): string[] {
  return [
    'MAX(cnt) AS n',
    ...Object.entries(FRACTIONS).map(([name, p]) => {
      const h = `((cnt - 1) * ${p})`;
      const lo = `MIN(CASE WHEN rn = CAST(${h} AS INTEGER) THEN x END)`;
      const hi = `MIN(CASE WHEN rn = CAST(ceil(${h}) AS INTEGER) THEN x END)`;
      const frac = `((MAX(cnt) - 1) * ${p} - CAST((MAX(cnt) - 1) * ${p} AS INTEGER))`;
      return `(${lo} + ${frac} * (${hi} - ${lo})) AS ${name}`;
    }),
  ];
}

/** a number from a driver: pg hands bigint, numeric and SUM() back as strings */
export function num(value: unknown): number {
  if (value === null || value === undefined) return 0;
  const n = typeof value === 'number' ? value : Number(value);
  return Number.isFinite(n) ? n : 0;
}

export function numOrNull(value: unknown): number | null {
  if (value === null || value === undefined) return null;
  const n = typeof value === 'number' ? value : Number(value);
  return Number.isFinite(n) ? n : null;
}
