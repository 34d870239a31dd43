// Reads one YAML file the safe way and maps paths inside it back to line and column.
// Flow files are written by admins but may be copied from anywhere, so the parser is kept to
// plain data: no custom or language tags, no merge keys, a cap on size and on alias expansion.
import { stat, readFile } from 'node:fs/promises';
import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import type { PathSegment } from './problem.ts';

export const MAX_FILE_BYTES = 256 * 1024;
/** Anchors are handy for repeating an approver list; a billion-laughs file is not. */
const MAX_ALIAS_COUNT = 100;

export interface Place {
  line: number;
  col: number;
}

export interface YamlSource {
  /** the plain value, or undefined for an empty document */
  data: unknown;
  /** line:col of a path; the nearest existing parent when the path is not in the file */
  locate(path: readonly PathSegment[], atKey?: boolean): Place;
}

/** A problem with the file as a whole: its path is "(file)" or "(yaml)" rather than a key. */
export interface FileProblem {
  path: '(file)' | '(yaml)';
  message: string;
  place: Place;
}

export type ReadResult = { ok: true; source: YamlSource } | { ok: false; problems: FileProblem[] };

export async function readYamlFile(file: string): Promise<ReadResult> {
  const info = await stat(file);
  // A FIFO or a link to /dev/zero would never end; only regular files are read.
  if (!info.isFile()) return fail('(file)', 'expected a regular file');
  if (info.size > MAX_FILE_BYTES) {
    const kib = Math.ceil(info.size / 1024);
    return fail('(file)', `the file is ${kib} KiB; expected at most ${MAX_FILE_BYTES / 1024} KiB`);
  }
  return parseYaml(await readFile(file, 'utf8'));
}

export function parseYaml(text: string): ReadResult {
  const lines = new LineCounter();
  const doc = parseDocument(text, {
    lineCounter: lines,
    prettyErrors: false,
    uniqueKeys: true,
    // core schema without the YAML 1.1 extras: !!binary, !!set, !!timestamp, !!omap stay unresolved
    schema: 'core',
    resolveKnownTags: false,
    merge: false,
  });
  const problems: FileProblem[] = [];
  for (const err of doc.errors) {
    problems.push({ path: '(yaml)', message: yamlMessage(err.code, err.message), place: lines.linePos(err.pos[0]) });
  }
  // The yaml package only warns about tags it cannot resolve; here any unknown tag is an error,
  // because a tag is how YAML loaders are talked into building objects or running code.
  for (const warn of doc.warnings) {
    problems.push({ path: '(yaml)', message: yamlMessage(warn.code, warn.message), place: lines.linePos(warn.pos[0]) });
  }
  if (problems.length > 0) return { ok: false, problems };

  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    return fail('(yaml)', `expected plain YAML data: ${reason}`);
  }
  return { ok: true, source: { data: data ?? undefined, locate: (path, atKey) => locate(doc, lines, path, atKey) } };
}

function fail(path: FileProblem['path'], message: string): ReadResult {
  return { ok: false, problems: [{ path, message, place: { line: 1, col: 1 } }] };
}

function yamlMessage(code: string, message: string): string {
  const first = message.split('\n')[0] ?? message;
  if (code === 'TAG_RESOLVE_FAILED') {
    const tag = first.replace(/^Unresolved tag: /, '').replace(/^tag:yaml\.org,2002:/, '!!');
    return `unsupported tag ${tag}; expected plain YAML (text, numbers, true/false, lists and maps)`;
  }
  if (code === 'DUPLICATE_KEY') return 'duplicate key; expected each key once in a map';
  return `malformed YAML: ${first}`;
}

function locate(doc: Document, lines: LineCounter, path: readonly PathSegment[], atKey = false): Place {
  let node: unknown = doc.contents;
  let best: unknown = doc.contents;
  for (let i = 0; i < path.length; i++) {
    const seg = path[i];
    const last = i === path.length - 1;
    let next: unknown;
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(seg));
      if (pair && last && atKey) next = pair.key;
      else next = pair ? pair.value ?? pair.key : undefined;
    } else if (isSeq(node) && typeof seg === 'number') {
      next = node.items[seg];
    }
    if (!next) break;
    node = next;
    best = next;
  }
  const range = (best as Node | null | undefined)?.range;
  if (!range) return { line: 1, col: 1 };
  return lines.linePos(range[0]);
}
