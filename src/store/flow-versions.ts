// Every flow definition a request or case was started under, kept by version (a content
// hash), so an item pinned to an old version can still be run after the file changes.
import type { Knex } from 'knex';

export async function saveFlowVersion(db: Knex, flowId: string, version: string, definition: unknown, at: string): Promise<void> {
  // a version is a content hash: the same key always means the same definition, so keep the first
  await db('flow_versions')
    .insert({ flow_id: flowId, version, definition: JSON.stringify(definition ?? null), saved_at: at })
    .onConflict(['flow_id', 'version'])
    .ignore();
}

export async function flowVersion(db: Knex, flowId: string, version: string): Promise<unknown | undefined> {
  const row = (await db('flow_versions').select('definition').where({ flow_id: flowId, version }).first()) as
    | { definition: string }
    | undefined;
  if (!row) return undefined;
  try {
    return JSON.parse(row.definition) as unknown;
  } catch {
    throw new Error(`stored flow ${flowId} version ${version} is corrupt: not JSON`);
  }
}
