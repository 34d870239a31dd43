// Finds the object schema at a path inside a value, to tell an author which keys are allowed
// where they wrote an unknown one. Reads zod 4's schema definitions (`_zod.def`), which is the
// documented way to introspect a schema in zod 4.
import type { z } from 'zod';
import type { PathSegment } from './problem.ts';

interface Def {
  type: string;
  innerType?: z.ZodType;
  in?: z.ZodType;
  shape?: Record<string, z.ZodType>;
  element?: z.ZodType;
  valueType?: z.ZodType;
  options?: z.ZodType[];
  discriminator?: string;
}

function def(schema: z.ZodType): Def {
  return (schema as unknown as { _zod: { def: Def } })._zod.def;
}

/** The keys the schema allows at `path` in `data`, or undefined if no single object is meant there. */
export function allowedKeys(root: z.ZodType, data: unknown, path: readonly PathSegment[]): string[] | undefined {
  let schema: z.ZodType | undefined = root;
  let value = data;
  for (const seg of path) {
    schema = resolve(schema, value);
    if (!schema) return undefined;
    const d = def(schema);
    if (d.type === 'object') schema = d.shape?.[String(seg)];
    else if (d.type === 'array') schema = d.element;
    else if (d.type === 'record') schema = d.valueType;
    else return undefined;
    value = value !== null && typeof value === 'object' ? (value as Record<PropertyKey, unknown>)[seg] : undefined;
  }
  const target = resolve(schema, value);
  const shape = target ? def(target).shape : undefined;
  return shape ? Object.keys(shape) : undefined;
}

/** Unwraps optional/default/pipe and picks the union branch that fits the value best. */
function resolve(schema: z.ZodType | undefined, value: unknown): z.ZodType | undefined {
  let current = schema;
  for (let guard = 0; current && guard < 20; guard++) {
    const d = def(current);
    if (d.innerType) current = d.innerType;
    else if (d.type === 'pipe' && d.in) current = d.in;
    else if (d.type === 'union' && d.options) current = pickBranch(d, value);
    else return current;
  }
  return current;
}

function pickBranch(d: Def, value: unknown): z.ZodType | undefined {
  const keys = value !== null && typeof value === 'object' ? Object.keys(value) : [];
  let best: z.ZodType | undefined;
  let bestScore = 0;
  for (const option of d.options ?? []) {
    const resolved = resolve(option, value);
    const shape = resolved ? def(resolved).shape : undefined;
    if (!shape) continue;
    if (d.discriminator) {
      const tag = (value as Record<string, unknown> | null)?.[d.discriminator];
      const literal = def(shape[d.discriminator] ?? option) as Def & { values?: unknown[] };
      if (literal.values?.includes(tag)) return resolved;
      continue;
    }
    const score = keys.filter((k) => k in shape).length;
    if (score > bestScore) [best, bestScore] = [resolved, score];
  }
  return best;
}
