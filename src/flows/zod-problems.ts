// Turns zod issues into problems that say what was expected, in the words of a YAML file
// ("a list", "one of any, all, quorum") rather than zod's ("expected array, received string").
import type { z } from 'zod';
import { allowedKeys } from './schema-walk.ts';
import { describeValue, type PathProblem, type PathSegment } from './problem.ts';
import { unionHint } from './union-hints.ts';

type Issue = z.core.$ZodIssue;

export function zodProblems(schema: z.ZodType, data: unknown, issues: readonly Issue[]): PathProblem[] {
  const out: PathProblem[] = [];
  for (const issue of issues) collect(schema, data, issue, [], out);
  return out;
}

function collect(schema: z.ZodType, data: unknown, issue: Issue, base: readonly PathSegment[], out: PathProblem[]): void {
  const path = [...base, ...(issue.path as PathSegment[])];
  const value = valueAt(data, path);
  switch (issue.code) {
    case 'invalid_type':
      if (value === undefined) out.push({ path, message: `missing; expected ${typeName(issue.expected)}` });
      else out.push({ path, message: `expected ${typeName(issue.expected)}, got ${describeValue(value)}` });
      return;
    case 'unrecognized_keys': {
      const allowed = allowedKeys(schema, data, path);
      const hint = allowed ? `; expected one of: ${allowed.join(', ')}` : '';
      for (const key of issue.keys) out.push({ path: [...path, key], message: `unknown key${hint}`, atKey: true });
      return;
    }
    case 'invalid_value':
      out.push({ path, message: `expected ${choices(issue.values)}, got ${describeValue(value)}` });
      return;
    case 'invalid_format':
      // the model's regexes carry a human description as their message: "an email address"
      out.push({ path, message: `expected ${issue.message}, got ${describeValue(value)}` });
      return;
    case 'too_small':
      out.push({ path, message: `expected ${bound('at least', issue.origin, issue.minimum)}` });
      return;
    case 'too_big':
      out.push({ path, message: `expected ${bound('at most', issue.origin, issue.maximum)}` });
      return;
    case 'invalid_union':
      unionProblems(schema, data, issue, path, value, out);
      return;
    default:
      out.push({ path, message: issue.message });
  }
}

function unionProblems(schema: z.ZodType, data: unknown, issue: z.core.$ZodIssueInvalidUnion, path: PathSegment[], value: unknown, out: PathProblem[]): void {
  const discriminated = issue as z.core.$ZodIssueInvalidUnion & { note?: string; options?: unknown[] };
  if (discriminated.note === 'No matching discriminator' && discriminated.options) {
    const options = choices(discriminated.options);
    out.push({ path, message: value === undefined ? `missing; expected ${options}` : `expected ${options}, got ${describeValue(value)}` });
    return;
  }
  // A branch that recognises the value (no complaint about the value itself or a missing key)
  // is what the author meant: report that branch's problems, deeper in the value.
  const meant = issue.errors
    .filter((branch) => !branch.some((i) => rejectsWhole(i, value)))
    .sort((a, b) => a.length - b.length)[0];
  if (meant) {
    for (const inner of meant) collect(schema, data, inner, path, out);
    return;
  }
  const hint = unionHint(path, data);
  out.push({ path, message: `expected ${hint ?? 'one of the allowed forms'}, got ${describeValue(value)}` });
}

function rejectsWhole(issue: Issue, value: unknown): boolean {
  if (issue.path.length === 0) return true;
  if (issue.path.length !== 1 || value === null || typeof value !== 'object') return false;
  return (value as Record<PropertyKey, unknown>)[issue.path[0] as PropertyKey] === undefined;
}

function valueAt(data: unknown, path: readonly PathSegment[]): unknown {
  let node = data;
  for (const seg of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<PropertyKey, unknown>)[seg];
  }
  return node;
}

function choices(values: readonly unknown[]): string {
  const quoted = values.map((v) => JSON.stringify(v));
  return quoted.length === 1 ? (quoted[0] ?? '') : `one of ${quoted.join(', ')}`;
}

const TYPE_NAMES: Record<string, string> = {
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  array: 'a list',
  object: 'a map',
  record: 'a map',
};

function typeName(expected: string): string {
  return TYPE_NAMES[expected] ?? expected;
}

function bound(word: string, origin: string, limit: number | bigint): string {
  const n = Number(limit);
  switch (origin) {
    case 'array':
      return `${word} ${n} item${n === 1 ? '' : 's'}`;
    case 'string':
      return n === 1 && word === 'at least' ? 'text that is not empty' : `${word} ${n} characters`;
    default:
      return `a number ${word} ${n}`;
  }
}
