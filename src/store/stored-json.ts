// JSON read back from the database is input like any other: parse it with its zod schema, and
// when a row is corrupt say which one (house style 1).
import type { z } from 'zod';

export function parseStored<S extends z.ZodType>(schema: S, what: string, id: string, text: unknown): z.output<S> {
  let json: unknown;
  try {
    json = JSON.parse(String(text));
  } catch (err) {
    throw new Error(`stored ${what} ${id} is corrupt: not JSON (${(err as Error).message})`);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    throw new Error(`stored ${what} ${id} is corrupt: ${issues}`);
  }
  return parsed.data;
}

/** JSON text of an arbitrary value; `undefined` is stored as null so that it can be told from "absent" */
export function toJsonText(value: unknown): string {
  return JSON.stringify(value ?? null);
}
