// Requests: one row per request holding the whole document as JSON, a few columns copied out of
// it for indexed queries, and the pending approvers of the current step in request_approvers.
import type { Knex } from 'knex';
import { pendingApprovers } from '../core/request/pending.ts';
import { RequestState } from '../core/request/state.ts';
import { ConflictError } from '../ports/store.ts';
import { isUniqueViolation } from './sql-util.ts';
import { parseStored } from './stored-json.ts';

export interface RequestRow {
  id: string;
  state: string;
}

export function requestFromRow(row: RequestRow): RequestState {
  return parseStored(RequestState, 'request', row.id, row.state);
}

export async function selectRequest(db: Knex, id: string): Promise<RequestState | undefined> {
  const row = (await db('requests').select('id', 'state').where({ id }).first()) as RequestRow | undefined;
  return row ? requestFromRow(row) : undefined;
}

export async function insertRequest(db: Knex, request: RequestState): Promise<void> {
  const r = validated(request);
  try {
    await db('requests').insert({ id: r.id, ...columns(r) });
  } catch (err) {
    if (isUniqueViolation(err)) throw new ConflictError(`request ${r.id} already exists`);
    throw err;
  }
  await writeApprovers(db, r);
}

/** compare-and-set on `version`: 0 rows updated means another writer saved first */
export async function updateRequest(db: Knex, request: RequestState, expectedVersion: number): Promise<void> {
  const r = validated(request);
  if (r.version <= expectedVersion) {
    // not a conflict but a bug: the same version written twice would let two writers both win
    throw new Error(`request ${r.id}: new version ${r.version} must be greater than ${expectedVersion}`);
  }
  const updated = await db('requests').where({ id: r.id, version: expectedVersion }).update(columns(r));
  if (updated === 0) throw new ConflictError(`request ${r.id} changed since version ${expectedVersion}`);
  await writeApprovers(db, r);
}

function validated(request: RequestState): RequestState {
  // a document that would not parse back must not be written at all
  const parsed = RequestState.safeParse(request);
  if (!parsed.success) throw new Error(`request ${request.id} is not a valid RequestState: ${parsed.error.message}`);
  return parsed.data;
}

function columns(r: RequestState) {
  return {
    flow_id: r.flowId,
    flow_version: r.flowVersion,
    requester: r.requester,
    status: r.status,
    title: r.title,
    submitted_at: r.submittedAt,
    updated_at: r.updatedAt,
    closed_at: r.closedAt ?? null,
    version: r.version,
    state: JSON.stringify(r),
  };
}

async function writeApprovers(db: Knex, r: RequestState): Promise<void> {
  await db('request_approvers').where({ request_id: r.id }).delete();
  const emails = pendingApprovers(r);
  const step = r.current === undefined ? undefined : r.steps[r.current];
  if (emails.length === 0 || !step) return;
  await db('request_approvers').insert(emails.map((email) => ({ request_id: r.id, email, step_id: step.id })));
}
