// The manifest checked against the Teams v1.24 JSON schema shipped in @microsoft/app-manifest
// (the Microsoft 365 Agents Toolkit's own package), with its own validator. It is a dev
// dependency: where it is not installed the check is skipped, and says so.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const SCHEMA = '@microsoft/app-manifest/build/json-schemas/teams/v1.24/MicrosoftTeams.schema.json';

/** the schema's complaints, one line each; undefined when the validator is not installed */
export async function schemaProblems(manifest: Record<string, unknown>): Promise<string[] | undefined> {
  let util: { validateManifestAgainstSchema(manifest: unknown, schema: unknown): Promise<string[]> };
  let schema: unknown;
  try {
    ({ ManifestUtil: util } = (await import('@microsoft/app-manifest')) as unknown as { ManifestUtil: typeof util });
    schema = JSON.parse(readFileSync(createRequire(import.meta.url).resolve(SCHEMA), 'utf8'));
  } catch {
    return undefined;
  }
  return util.validateManifestAgainstSchema(manifest, schema);
}
