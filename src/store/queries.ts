// The read queries behind lists in chat and the console. Each one is served by an index of
// migrations/001_initial.ts, so its cost does not grow with history (design.md, Scale).
import type { Knex } from 'knex';
import type { CaseState } from '../core/case/state.ts';
import type { RequestState } from '../core/request/state.ts';
import { caseFromRow, type CaseRow } from './case-rows.ts';
import { requestFromRow, type RequestRow } from './request-rows.ts';
import { clampLimit, toInt, type Dialect } from './sql-util.ts';

const OPEN_REQUEST = ['pending', 'changes_requested'];
/** "open" for cases is every category but closed: waiting on someone is still open work */
const OPEN_CASE = ['open', 'waiting'];

/**
 * pending requests waiting on any of these people, the longest-waiting first. The plan must
 * start from the person's rows in request_approvers (index on email) and fetch each request by
 * its key, whatever the planner knows: SQLite without statistics prefers requests_status_idx
 * and visits every pending request. `+status` (SQLite's documented way to keep a term from
 * using an index, https://sqlite.org/optoverview.html#disqualifying_where_clause_terms_using_unary_) rules that out;
 * PostgreSQL plans it right as it is. test/store/query-plans.test.ts checks both.
 */
export async function waitingOn(db: Knex, emails: string[], limit?: number, dialect: Dialect = 'sqlite'): Promise<RequestState[]> {
  if (emails.length === 0) return [];
  const rows = (await db('requests')
    .select('id', 'state')
    .whereRaw(dialect === 'sqlite' ? '+?? = ?' : '?? = ?', ['status', 'pending'])
    .whereIn('id', db('request_approvers').select('request_id').whereIn('email', emails))
    .orderBy([
      { column: 'submitted_at', order: 'asc' },
      { column: 'id', order: 'asc' },
    ])
    .limit(clampLimit(limit))) as RequestRow[];
  return rows.map(requestFromRow);
}

/** a person's own requests, newest first */
export async function requestsBy(db: Knex, email: string, options: { open?: boolean; limit?: number } = {}): Promise<RequestState[]> {
  const query = db('requests').select('id', 'state').where('requester', email);
  if (options.open) query.whereIn('status', OPEN_REQUEST);
  const rows = (await query
    .orderBy([
      { column: 'submitted_at', order: 'desc' },
      { column: 'id', order: 'desc' },
    ])
    .limit(clampLimit(options.limit))) as RequestRow[];
  return rows.map(requestFromRow);
}

/** cases a person owns, is a member of, watches, opened or has a task in; newest first */
export async function casesOf(db: Knex, email: string, options: { open?: boolean; limit?: number } = {}): Promise<CaseState[]> {
  // IN (subquery) rather than a join: one row per case however many relations the person has
  const query = db('cases').select('id', 'state').whereIn('id', db('case_people').select('case_id').where('email', email));
  if (options.open) query.whereIn('category', OPEN_CASE);
  const rows = (await query
    .orderBy([
      { column: 'opened_at', order: 'desc' },
      { column: 'id', order: 'desc' },
    ])
    .limit(clampLimit(options.limit))) as CaseRow[];
  return rows.map(caseFromRow);
}

/** open cases of one case flow, newest first (index cases(flow_id, category, opened_at)) */
export async function openCasesOfFlow(db: Knex, flowId: string, limit?: number): Promise<CaseState[]> {
  const rows = (await db('cases')
    .select('id', 'state')
    .where('flow_id', flowId)
    .whereIn('category', OPEN_CASE)
    .orderBy([
      { column: 'opened_at', order: 'desc' },
      { column: 'id', order: 'desc' },
    ])
    .limit(clampLimit(limit))) as CaseRow[];
  return rows.map(caseFromRow);
}

/** open cases per owner, every asked owner present (0 when they own none) */
export async function openCaseCounts(db: Knex, owners: string[]): Promise<Map<string, number>> {
  const counts = new Map<string, number>(owners.map((o) => [o, 0]));
  if (owners.length === 0) return counts;
  const rows = (await db('cases')
    .select('owner')
    .count({ n: '*' })
    .whereIn('owner', owners)
    .whereIn('category', OPEN_CASE)
    .groupBy('owner')) as { owner: string; n: number | string }[];
  for (const row of rows) counts.set(row.owner, toInt(row.n));
  return counts;
}
