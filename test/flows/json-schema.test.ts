// The committed JSON Schemas must equal what the zod model generates today; after changing
// src/flows/model.ts run `tsx src/flows/write-json-schema.ts flows`.
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { jsonSchemaText, SCHEMA_FILES, type SchemaFileName } from '../../src/flows/json-schema.ts';

describe('JSON Schemas for editors', () => {
  for (const name of Object.keys(SCHEMA_FILES) as SchemaFileName[]) {
    it(`flows/${name} is up to date with the zod model`, async () => {
      const committed = await readFile(fileURLToPath(new URL(`../../flows/${name}`, import.meta.url)), 'utf8');
      expect(committed).toBe(jsonSchemaText(name));
    });
  }

  it('leaves keys with defaults optional (input mode)', () => {
    const schema = JSON.parse(jsonSchemaText('flow.schema.json')) as { oneOf: { properties: Record<string, unknown>; required: string[] }[] };
    const request = schema.oneOf.find((s) => 'steps' in s.properties);
    expect(request?.required).toEqual(expect.arrayContaining(['kind', 'id', 'name', 'form', 'steps']));
    expect(request?.required).not.toContain('onApprove');
    expect(request?.required).not.toContain('rules');
  });

  it('is named at the top of every example flow', async () => {
    for (const file of ['requests/purchase.yaml', 'requests/access.yaml', 'requests/time-off.yaml', 'cases/it-incident.yaml', 'cases/customer-complaint.yaml', 'cases/expense-dispute.yaml']) {
      const text = await readFile(fileURLToPath(new URL(`../../flows/${file}`, import.meta.url)), 'utf8');
      expect(text.split('\n')[0]).toBe('# yaml-language-server: $schema=../flow.schema.json');
    }
  });
});
