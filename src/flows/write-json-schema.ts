// Writes flows/flow.schema.json and flows/org.schema.json from the zod model.
// Run after changing src/flows/model.ts: `tsx src/flows/write-json-schema.ts [flows-dir]`;
// test/flows/json-schema.test.ts fails while the committed files are stale.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { jsonSchemaText, SCHEMA_FILES, type SchemaFileName } from './json-schema.ts';

export async function writeJsonSchemas(dir: string): Promise<string[]> {
  const written: string[] = [];
  for (const name of Object.keys(SCHEMA_FILES) as SchemaFileName[]) {
    const file = path.join(dir, name);
    await writeFile(file, jsonSchemaText(name));
    written.push(file);
  }
  return written;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const files = await writeJsonSchemas(process.argv[2] ?? 'flows');
  for (const file of files) console.log(`wrote ${file}`);
}
