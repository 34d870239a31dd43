// Places problems found in a parsed value at the line and column of the file they came from.
import { formatPath, type PathProblem, type Problem } from './problem.ts';
import type { YamlSource } from './yaml-source.ts';

export function placeAll(out: Problem[], at: { display: string; source: YamlSource }, found: readonly PathProblem[]): void {
  for (const p of found) {
    const { line, col } = at.source.locate(p.path, p.atKey);
    out.push({ file: at.display, line, col, path: formatPath(p.path), message: p.message });
  }
}
