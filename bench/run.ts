// `npm run bench [-- name …]`: Docket's benchmark suite. Each bench measures Docket against an
// anchor in the same run, rounds interleaved, and prints the ratio with its min–max:
//   clicks   signed Slack Approve clicks at 50 in flight vs a bare Bolt ack-only app (req/s, p99,
//            every click checked in the database, peak RSS)
//   commits  decision commits/s through the engine vs the raw better-sqlite3 driver running the
//            very statements the engine ran, at 600 and 6,000 open requests
//   rules    the flows' CEL conditions vs json-rules-engine on the same rules, 10,000 fact sets,
//            decisions compared one by one
//   startup  start to GET /healthz 200 and idle RSS vs a bare Bolt app
//   build    start-up and RSS of the compiled server vs the tsx one
//   reports  the report queries at 10k and 100k requests (not in the default run: `reports`)
// With no names: clicks, commits, rules, startup (a few minutes on 2 cores). Bigger runs:
// BENCH_ROUNDS (3), BENCH_CLICKS (600), BENCH_CONCURRENCY (50), BENCH_DECISIONS (300),
// BENCH_OPEN (600,6000), BENCH_FACTS (10000). BENCH_CPU_PROF=dir: CPU profiles of the servers.
import os from 'node:os';
import { clicksBench, startupBench } from './clicks.ts';
import { commitsBench } from './commits.ts';
import { type Figure, formatFigure, tableRow } from './lib/rounds.ts';
import { rulesBench } from './rules.ts';

const BENCHES: Record<string, () => Promise<Figure[]>> = {
  clicks: clicksBench,
  commits: commitsBench,
  rules: rulesBench,
  startup: startupBench,
  // start-up and memory of the compiled server against the tsx one (bench/startup.ts)
  build: async () => {
    await (await import('./startup.ts')).benchStartup();
    return [];
  },
  reports: async () => {
    await import('./reports.ts');
    return [];
  },
};
const DEFAULT = ['clicks', 'commits', 'rules', 'startup'];

const asked = process.argv.slice(2).filter((a) => a !== '--');
const names = asked.length === 0 ? DEFAULT : asked.includes('all') ? Object.keys(BENCHES) : asked;
const unknown = names.filter((n) => !(n in BENCHES));
if (unknown.length > 0) {
  console.error(`unknown bench ${unknown.join(', ')}; choose from ${Object.keys(BENCHES).join(', ')} or all`);
  process.exit(2);
}

console.log(`node ${process.version}, ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}; benches: ${names.join(', ')}`);
const started = performance.now();
const figures: Figure[] = [];
for (const name of names) figures.push(...(await BENCHES[name]!()));
if (figures.length > 0) {
  console.log(`\nsummary (median ratio, min–max over rounds; Docket ÷ anchor)`);
  for (const f of figures) console.log(`  ${formatFigure(f)}`);
  console.log(`\n| figure | Docket | anchor (same run) | ratio (min–max) |\n|---|---|---|---|`);
  for (const f of figures) console.log(tableRow(f));
}
console.log(`\nbench took ${((performance.now() - started) / 1000).toFixed(0)} s`);
