// Cases: one row per case holding the whole document as JSON, columns copied out for indexed
// queries, and everyone involved in case_people for "my cases".
import type { Knex } from 'knex';
import { CaseState } from '../core/case/state.ts';
import { ConflictError } from '../ports/store.ts';
import { isUniqueViolation } from './sql-util.ts';
import { parseStored } from './stored-json.ts';

export type CaseRelation = 'owner' | 'member' | 'watcher' | 'opener' | 'assignee';

export interface CaseRow {
  id: string;
  state: string;
}

export function caseFromRow(row: CaseRow): CaseState {
  return parseStored(CaseState, 'case', row.id, row.state);
}

export async function selectCase(db: Knex, id: string): Promise<CaseState | undefined> {
  const row = (await db('cases').select('id', 'state').where({ id }).first()) as CaseRow | undefined;
  return row ? caseFromRow(row) : undefined;
}

export async function insertCase(db: Knex, item: CaseState): Promise<void> {
  const c = validated(item);
  try {
    await db('cases').insert({ id: c.id, ...columns(c) });
  } catch (err) {
    if (isUniqueViolation(err)) throw new ConflictError(`case ${c.id} already exists`);
    throw err;
  }
  await writePeople(db, c);
}

/** compare-and-set on `version`: 0 rows updated means another writer saved first */
export async function updateCase(db: Knex, item: CaseState, expectedVersion: number): Promise<void> {
  const c = validated(item);
  if (c.version <= expectedVersion) {
    throw new Error(`case ${c.id}: new version ${c.version} must be greater than ${expectedVersion}`);
  }
  const updated = await db('cases').where({ id: c.id, version: expectedVersion }).update(columns(c));
  if (updated === 0) throw new ConflictError(`case ${c.id} changed since version ${expectedVersion}`);
  await writePeople(db, c);
}

/** everyone with a stake in the case, each (email, relation) once */
export function casePeople(c: CaseState): { email: string; relation: CaseRelation }[] {
  const seen = new Set<string>();
  const people: { email: string; relation: CaseRelation }[] = [];
  const add = (email: string | undefined, relation: CaseRelation) => {
    if (!email || seen.has(`${relation} ${email}`)) return;
    seen.add(`${relation} ${email}`);
    people.push({ email, relation });
  };
  add(c.owner, 'owner');
  for (const m of c.members) add(m, 'member');
  for (const w of c.watchers) add(w, 'watcher');
  add(c.openedBy, 'opener');
  for (const t of c.tasks) add(t.assignee, 'assignee');
  return people;
}

function validated(item: CaseState): CaseState {
  const parsed = CaseState.safeParse(item);
  if (!parsed.success) throw new Error(`case ${item.id} is not a valid CaseState: ${parsed.error.message}`);
  return parsed.data;
}

function columns(c: CaseState) {
  return {
    flow_id: c.flowId,
    flow_version: c.flowVersion,
    status: c.status,
    category: c.category,
    priority: c.priority,
    owner: c.owner ?? null,
    opened_by: c.openedBy,
    title: c.title,
    opened_at: c.openedAt,
    updated_at: c.updatedAt,
    resolved_at: c.resolvedAt ?? null,
    version: c.version,
    state: JSON.stringify(c),
  };
}

async function writePeople(db: Knex, c: CaseState): Promise<void> {
  await db('case_people').where({ case_id: c.id }).delete();
  const people = casePeople(c);
  if (people.length > 0) await db('case_people').insert(people.map((p) => ({ case_id: c.id, ...p })));
}
