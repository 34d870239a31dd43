// `docket check [dir]`: loads the flows directory as the server would and says what is wrong,
// one line per problem, or how much it found. Exit code 1 on any problem, for CI.
import path from 'node:path';
import { formatProblem, loadFlows } from '../flows/load.ts';
import { flowWarnings } from '../flows/warnings.ts';

export async function runCheck(dir: string, out: (line: string) => void): Promise<number> {
  const result = await loadFlows(dir);
  if (!result.ok) {
    for (const problem of result.problems) out(formatProblem(problem));
    out(`${result.problems.length} problem${result.problems.length === 1 ? '' : 's'} in ${path.basename(path.resolve(dir))}/`);
    return 1;
  }
  const { registry, directory } = result;
  for (const w of flowWarnings(registry.caseFlows().map((f) => f.def))) out(`warning: case flow ${w.flow}: ${w.message}`);
  const count = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  out(
    `flows ok: ${count(registry.requestFlows().length, 'request flow')}, ${count(registry.caseFlows().length, 'case flow')}, ` +
      `${people(directory.people().length)} (${path.basename(path.resolve(dir))}/)`,
  );
  return 0;
}

function people(n: number): string {
  return `${n} ${n === 1 ? 'person' : 'people'}`;
}
