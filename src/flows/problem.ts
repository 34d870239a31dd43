// What the loader reports: one line per problem, naming the file, the place in it and what was
// expected, so an admin can fix every mistake in one pass instead of one per restart.

export interface Problem {
  /** the file as the admin knows it, e.g. flows/requests/purchase.yaml */
  file: string;
  /** 1-based; 0 when the place is not known (a definition read back from the database) */
  line: number;
  col: number;
  /** where inside the file, e.g. steps[1].approvers[0].group; (root) for the whole document */
  path: string;
  message: string;
}

export type PathSegment = string | number;

/** A problem found in a parsed value, before it is placed at a line and column. */
export interface PathProblem {
  path: readonly PathSegment[];
  message: string;
  /** point at the key of the last segment rather than its value (an unknown or duplicate key) */
  atKey?: boolean;
}

export function formatProblem(p: Problem): string {
  return `${p.file}:${p.line}:${p.col}  ${p.path}: ${p.message}`;
}

/** steps[1].approvers[0].group */
export function formatPath(path: readonly PathSegment[]): string {
  if (path.length === 0) return '(root)';
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else out += out === '' ? seg : `.${seg}`;
  }
  return out;
}

/** Reading order: by file, then line, then column; the sort is stable for equal places. */
export function sortProblems(problems: Problem[]): Problem[] {
  return [...problems].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.col - b.col));
}

/** Describes a value found in a file for a message: "a list", "the text \"soon\"". */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'an empty value';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') {
    const keys = Object.keys(value);
    return keys.length === 0 ? 'an empty map' : `a map with ${keys.length === 1 ? 'key' : 'keys'} ${keys.slice(0, 5).join(', ')}`;
  }
  if (typeof value === 'string') return `"${value.length > 40 ? `${value.slice(0, 37)}...` : value}"`;
  return String(value);
}
