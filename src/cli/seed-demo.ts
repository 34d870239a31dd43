// `npm run seed:demo`: fills an empty database (DATABASE_URL, SQLite under ./data by default)
// with months of realistic history, so the console and the reports have something to show on
// day one. Options: --days N (182), --requests N (about 3000), --cases N (about 800), --seed N.
import { parseArgs } from 'node:util';
import { formatConfigProblem, readConfig } from '../config.ts';
import { isEntry } from '../entry.ts';
import { formatProblem, loadFlows } from '../flows/load.ts';
import { redactUrl } from '../config.ts';
import { openStore } from '../store/open.ts';
import { seedDemo } from './demo/simulate.ts';

const DISPUTE_SHARE = 0.05;

export async function runSeedDemo(argv: readonly string[], env: NodeJS.ProcessEnv, out: (line: string) => void, err: (line: string) => void): Promise<number> {
  let args;
  try {
    args = parseArgs({ args: [...argv], options: { days: { type: 'string' }, requests: { type: 'string' }, cases: { type: 'string' }, seed: { type: 'string' } } }).values;
  } catch (e) {
    err(`seed:demo: ${(e as Error).message}`);
    return 2;
  }
  const int = (v: string | undefined, fallback: number, min: number, max: number) => {
    const n = v === undefined ? fallback : Number(v);
    return Number.isInteger(n) && n >= min && n <= max ? n : undefined;
  };
  const days = int(args.days, 182, 7, 3650);
  const requests = int(args.requests, 3000, 0, 1_000_000);
  const cases = int(args.cases, 800, 0, 1_000_000);
  const seed = int(args.seed, 20260301, 0, 2 ** 31);
  if (days === undefined || requests === undefined || cases === undefined || seed === undefined) {
    err('seed:demo: --days (7–3650), --requests, --cases and --seed take whole numbers');
    return 2;
  }
  const read = readConfig({ DATABASE_URL: env.DATABASE_URL, FLOWS_DIR: env.FLOWS_DIR });
  if (!read.ok) {
    read.problems.forEach((p) => err(`seed:demo: ${formatConfigProblem(p)}`));
    return 1;
  }
  const { databaseUrl, flowsDir } = read.config;
  const loaded = await loadFlows(flowsDir);
  if (!loaded.ok) {
    loaded.problems.forEach((p) => err(formatProblem(p)));
    return 1;
  }
  const store = await openStore(databaseUrl, { migrate: true });
  try {
    if ((await store.getRequest('R-1')) || (await store.getCase('C-1'))) {
      err(`seed:demo: ${redactUrl(databaseUrl)} already has requests or cases; the demo history goes into an empty database.`);
      err('Point DATABASE_URL at a new one, for example DATABASE_URL=sqlite:./data/demo.db npm run seed:demo');
      return 1;
    }
    const workingDays = Math.max(1, Math.round((days * loaded.directory.calendar.workingDays.length) / 7));
    out(`seed:demo: ${days} days of history into ${redactUrl(databaseUrl)} (about ${requests} requests and ${cases} cases)`);
    const report = await seedDemo({
      store,
      flows: loaded.registry,
      directory: loaded.directory,
      end: new Date(),
      days,
      requestsPerDay: requests / workingDays,
      casesPerDay: Math.max(0, cases - DISPUTE_SHARE * requests) / workingDays,
      seed,
      progress: (line) => out(`  ${line}`),
    });
    const verdict = await store.verifyAudit();
    out(`seed:demo: ${report.requests} requests and ${report.cases} cases; ${report.commands} commands (${report.refused} refused, as races are), ${report.timersFired} timers fired`);
    out(`seed:demo: done in ${(report.ms / 1000).toFixed(1)} s (engine commands ${(report.engineMs / 1000).toFixed(1)} s, timers ${(report.timerMs / 1000).toFixed(1)} s); audit chain ${verdict.ok ? `verified (${verdict.rows} rows)` : `BROKEN at ${verdict.seq}: ${verdict.problem}`}`);
    return verdict.ok ? 0 : 1;
  } finally {
    await store.close();
  }
}

if (isEntry(import.meta.url)) {
  process.exitCode = await runSeedDemo(process.argv.slice(2), process.env, (l) => process.stdout.write(`${l}\n`), (l) => process.stderr.write(`${l}\n`));
}
