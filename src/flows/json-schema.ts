// JSON Schemas of flow files and org.yaml, generated from the zod model so an editor with the
// YAML language server can complete keys and flag mistakes as the admin types. Input mode: keys
// that have defaults are optional, as they are in the files.
import { z } from 'zod';
import { FlowFile, Org } from './model.ts';
import { TestFile } from './test-file.ts';

export const SCHEMA_FILES = {
  'flow.schema.json': FlowFile,
  'org.schema.json': Org,
  'test.schema.json': TestFile,
} as const;

export type SchemaFileName = keyof typeof SCHEMA_FILES;

/** The text of one schema file, stable from run to run so a test can compare it with the committed one. */
export function jsonSchemaText(name: SchemaFileName): string {
  // draft-7: the draft the YAML language server and most editors understand best
  const schema = z.toJSONSchema(SCHEMA_FILES[name], { io: 'input', target: 'draft-7' });
  return `${JSON.stringify(schema, null, 2)}\n`;
}
