// Reads and validates one file of the flows directory, turning every failure into problems.
import { readdir } from 'node:fs/promises';
import type { z } from 'zod';
import { placeAll } from './place.ts';
import type { Problem } from './problem.ts';
import { readYamlFile, type YamlSource } from './yaml-source.ts';
import { zodProblems } from './zod-problems.ts';

export interface Parsed<T> {
  /** relative to the flows directory: requests/purchase.yaml */
  rel: string;
  /** as shown to the admin: flows/requests/purchase.yaml */
  display: string;
  source: YamlSource;
  value: T;
}

export type FileKind = 'request' | 'case' | 'org' | 'test';

const EXPECTED: Record<FileKind, string> = {
  request: 'a request flow (kind: request, id, name, form, steps)',
  case: 'a case flow (kind: case, id, name, channel, statuses, priorities, owner)',
  org: 'the org (calendar, people, groups, roles)',
  test: 'flow tests (flow, kind, tests)',
};

export async function readValidated<S extends z.ZodType>(
  file: { path: string; display: string; rel: string },
  schema: S,
  kind: FileKind,
  problems: Problem[],
): Promise<{ parsed?: Parsed<z.output<S>>; declaredId?: string }> {
  let read;
  try {
    read = await readYamlFile(file.path);
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    problems.push({ file: file.display, line: 1, col: 1, path: '(file)', message: `cannot be read: ${reason}` });
    return {};
  }
  if (!read.ok) {
    for (const p of read.problems) problems.push({ file: file.display, ...p.place, path: p.path, message: p.message });
    return {};
  }
  const { source } = read;
  const data = source.data as { kind?: unknown; id?: unknown } | undefined;
  const declaredId = typeof data?.id === 'string' ? data.id : undefined;
  const at = { display: file.display, source };
  if (data === undefined) {
    placeAll(problems, at, [{ path: [], message: `the file is empty; expected ${EXPECTED[kind]}` }]);
    return {};
  }
  // A flow in the wrong folder is one mistake: say so, rather than list every key that does not fit.
  if ((kind === 'request' || kind === 'case') && (data.kind === 'request' || data.kind === 'case') && data.kind !== kind) {
    const folder = kind === 'request' ? 'requests/' : 'cases/';
    placeAll(problems, at, [{ path: ['kind'], message: `expected kind: ${kind} for a file under ${folder}, got "${data.kind}"; move it to ${data.kind === 'request' ? 'requests/' : 'cases/'}` }]);
    return declaredId ? { declaredId } : {};
  }
  const result = schema.safeParse(data);
  if (!result.success) {
    placeAll(problems, at, zodProblems(schema, data, result.error.issues));
    return declaredId ? { declaredId } : {};
  }
  return { parsed: { ...file, source, value: result.data } };
}

/** The YAML files directly in a folder (links too: readYamlFile refuses what is not a file), sorted. */
export async function listYaml(dir: string): Promise<string[]> {
  try {
    const entries = await readdir(dir, { withFileTypes: true });
    return entries
      .filter((e) => (e.isFile() || e.isSymbolicLink()) && /\.ya?ml$/.test(e.name))
      .map((e) => e.name)
      .sort();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
}
