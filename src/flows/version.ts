// A flow's version is a hash of what it means, not of how it is written: the definition after
// zod defaults, as JSON with sorted keys. Reordering keys or adding comments keeps the version;
// any change of content makes a new one, and requests already running stay on theirs.
import { createHash } from 'node:crypto';

export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    const obj = value as Record<string, unknown>;
    return Object.fromEntries(
      Object.keys(obj)
        .sort()
        .filter((k) => obj[k] !== undefined)
        .map((k) => [k, sortKeys(obj[k])]),
    );
  }
  return value;
}

/** 16 hex characters (64 bits) of sha256: plenty to tell a flow's versions apart. */
export function flowVersion(def: unknown): string {
  return createHash('sha256').update(canonicalJson(def)).digest('hex').slice(0, 16);
}
