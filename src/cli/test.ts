// `docket test [dir]`: runs the flow tests in <dir>/tests/*.yaml against the flows in <dir>,
// through the real engine, and prints like a test runner: each test, and for a failure the
// file:line of the expectation, expected vs actual, and why. Exit codes as `check`: 0 all
// passed, 1 a test failed or a file has problems, 2 the command line was wrong.
import path from 'node:path';
import { runSuites, type SuiteInput } from '../app/trial/flow-tests.ts';
import { formatProblem, loadFlows, type Problem } from '../flows/load.ts';
import { listYaml, readValidated } from '../flows/load-file.ts';
import { sortProblems } from '../flows/problem.ts';
import { TestFile } from '../flows/test-file.ts';
import { flag, readArgs, UsageError } from './args.ts';

export const TEST_USAGE = 'docket test [dir] [--require-coverage]';

export interface TestIo {
  out: (line: string) => void;
  err: (line: string) => void;
  flowsDir: string;
  now: () => Date;
}

export async function runTest(argv: readonly string[], io: TestIo): Promise<number> {
  let args;
  try {
    args = readArgs(argv, { 'require-coverage': 0 });
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    io.err(`docket test: ${e.message}`);
    io.err(`usage: ${TEST_USAGE}`);
    return 2;
  }
  if (args.positional.length > 1) {
    io.err(`docket test: test takes one directory, got ${args.positional.length}`);
    io.err(`usage: ${TEST_USAGE}`);
    return 2;
  }
  const dir = args.positional[0] ?? io.flowsDir;
  const label = path.basename(path.resolve(dir));
  const loaded = await loadFlows(dir);
  if (!loaded.ok) {
    loaded.problems.forEach((p) => io.out(formatProblem(p)));
    io.out(`docket test: the flows have ${loaded.problems.length} problem(s); nothing was run`);
    return 1;
  }

  const problems: Problem[] = [];
  const suites: SuiteInput[] = [];
  const names = await listYaml(path.join(dir, 'tests'));
  for (const name of names) {
    const rel = `tests/${name}`;
    const read = await readValidated({ path: path.join(dir, rel), display: `${label}/${rel}`, rel }, TestFile, 'test', problems);
    if (!read.parsed) continue;
    const { value, source, display } = read.parsed;
    const flow = value.kind === 'request' ? loaded.registry.requestFlow(value.flow) : loaded.registry.caseFlow(value.flow);
    if (!flow) {
      const place = source.locate(['flow']);
      problems.push({ file: display, ...place, path: 'flow', message: `expected a ${value.kind} flow of ${label}/, got "${value.flow}"` });
      continue;
    }
    suites.push({ file: display, value, locate: (p) => source.locate(p) });
  }
  for (const p of sortProblems(problems)) io.out(formatProblem(p));
  if (names.length === 0) {
    io.out(`docket test: no tests in ${label}/tests/; add one (see README, "Testing flows")`);
    return 1;
  }

  const { results, coverage } = runSuites(suites, { flows: loaded.registry, directory: loaded.directory, now: io.now() });
  let file = '';
  for (const r of results) {
    if (r.file !== file) {
      file = r.file;
      io.out(file);
    }
    if (r.failures.length === 0) {
      io.out(`  ok    ${r.name}`);
      continue;
    }
    io.out(`  FAIL  ${r.name}  (${r.file}:${r.place.line})`);
    for (const f of r.failures) {
      io.out(`        ${r.file}:${f.place.line}:${f.place.col}  ${f.what}`);
      io.out(`          expected: ${f.expected}`);
      io.out(`          actual:   ${f.actual}`);
      f.why.forEach((w, i) => io.out(`          ${i === 0 ? 'why:     ' : '         '} ${w}`));
    }
  }
  const gaps = coverage.filter((c) => c.missing.length > 0);
  for (const c of gaps) for (const m of c.missing) io.out(`coverage: ${c.flow}: ${m}`);
  const failed = results.filter((r) => r.failures.length > 0).length;
  const requireCoverage = flag(args, 'require-coverage');
  const summary = `${results.length - failed} passed, ${failed} failed (${suites.length} file${suites.length === 1 ? '' : 's'}${problems.length ? `, ${problems.length} problem(s) in test files` : ''})`;
  const bad = failed > 0 || problems.length > 0 || (requireCoverage && gaps.length > 0);
  io.out(`${bad ? 'FAIL' : 'ok'}: ${summary}${gaps.length === 0 ? '; every step condition seen true and false, every rule fired' : `; ${gaps.length} flow(s) not fully covered`}`);
  return bad ? 1 : 0;
}
