// `npm run bench`: how long the report queries take as history grows. Builds one database with
// 10,000 requests (and 3,000 cases) submitted over the latest 26 weeks, times every report
// query, then adds 90,000 older requests (27,000 cases) and times them again, in the same run.
// A report over the last 26 weeks should cost about the same at both sizes (its index range is
// the same); a report over all history grows with it. Prints both, and the ratios.
//
// SQLite (a temporary file) always; PostgreSQL too when BENCH_DATABASE_URL is set (a schema of
// its own, dropped afterwards), e.g. BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ReportStore, ReportWindow } from '../src/ports/reports.ts';
import { openStore } from '../src/store/open.ts';
import { reportsOf } from '../src/store/reports.ts';
import { SqlStore } from '../src/store/sql-store.ts';
import { generate } from './report-data.ts';

const END = new Date('2026-11-30T12:00:00.000Z');
const WEEK = 7 * 24 * 3_600_000;
const RECENT: ReportWindow = { from: new Date(END.getTime() - 26 * WEEK).toISOString(), to: END.toISOString() };
const ALL: ReportWindow = { from: '1970-01-01T00:00:00.000Z', to: END.toISOString() };
const RUNS = 5;

type Query = [name: string, run: (r: ReportStore, w: ReportWindow) => Promise<unknown>];
const QUERIES: Query[] = [
  ['requestSummary', (r, w) => r.requestSummary(w)],
  ['requestVolume(purchase)', (r, w) => r.requestVolume('purchase', w)],
  ['cycleTimeByWeek(purchase)', (r, w) => r.cycleTimeByWeek('purchase', w)],
  ['stepTimes(purchase)', (r, w) => r.stepTimes('purchase', w)],
  ['requestBreachesByWeek(purchase)', (r, w) => r.requestBreachesByWeek('purchase', w)],
  ['slowestApprovers(purchase)', (r, w) => r.slowestApprovers('purchase', w)],
  ['slowestApprovers(all types)', (r, w) => r.slowestApprovers(undefined, w)],
  ['openCases (now)', (r) => r.openCases()],
  ['caseSla', (r, w) => r.caseSla(w)],
  ['caseBreachesByWeek', (r, w) => r.caseBreachesByWeek(w)],
  ['reopenRates', (r, w) => r.reopenRates(w)],
];

async function median(run: () => Promise<unknown>): Promise<number> {
  await run(); // warm the caches and the statement cache
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    await run();
    times.push(performance.now() - started);
  }
  return times.sort((a, b) => a - b)[Math.floor(RUNS / 2)]!;
}

async function measure(reports: ReportStore): Promise<Map<string, { recent: number; all: number }>> {
  const out = new Map<string, { recent: number; all: number }>();
  for (const [name, run] of QUERIES) out.set(name, { recent: await median(() => run(reports, RECENT)), all: await median(() => run(reports, ALL)) });
  return out;
}

const ms = (n: number) => `${n < 10 ? n.toFixed(2) : n.toFixed(1)} ms`.padStart(10);
const ratio = (a: number, b: number) => `${(b / a).toFixed(1)}×`.padStart(7);

async function bench(name: string, url: string, cleanup: () => Promise<void>, analyze: boolean): Promise<void> {
  const store = await openStore(url, { migrate: true });
  if (!(store instanceof SqlStore)) throw new Error('expected a SQL store');
  const knex = store.knex;
  const reports = reportsOf(store);
  try {
    console.log(`\n${name}`);
    let started = performance.now();
    const small = await generate(knex, { requests: 10_000, weeks: 26, end: END, firstId: 1, seed: 1 });
    if (analyze) await knex.raw('ANALYZE');
    console.log(`  loaded ${small.requests} requests, ${small.cases} cases, ${small.auditRows} audit rows in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    const at10k = await measure(reports);
    started = performance.now();
    const big = await generate(knex, { requests: 90_000, weeks: 234, end: new Date(END.getTime() - 26 * WEEK), now: END, firstId: 10_001, seed: 2 });
    if (analyze) await knex.raw('ANALYZE');
    console.log(`  added ${big.requests} older requests, ${big.cases} cases, ${big.auditRows} audit rows in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    const at100k = await measure(reports);
    console.log(`\n  ${'query'.padEnd(32)}${'last 26 weeks'.padStart(30)}${'all history'.padStart(31)}`);
    console.log(`  ${''.padEnd(32)}${'10k'.padStart(10)}${'100k'.padStart(10)}${'ratio'.padStart(7)}   ${'10k'.padStart(10)}${'100k'.padStart(10)}${'ratio'.padStart(7)}`);
    for (const [query] of QUERIES) {
      const a = at10k.get(query)!;
      const b = at100k.get(query)!;
      console.log(`  ${query.padEnd(32)}${ms(a.recent)}${ms(b.recent)}${ratio(a.recent, b.recent)}   ${ms(a.all)}${ms(b.all)}${ratio(a.all, b.all)}`);
    }
    const total = (m: Map<string, { recent: number; all: number }>, k: 'recent' | 'all') => [...m.values()].reduce((s, v) => s + v[k], 0);
    console.log(`  ${'every report (the /reports page)'.padEnd(32)}${ms(total(at10k, 'recent'))}${ms(total(at100k, 'recent'))}${ratio(total(at10k, 'recent'), total(at100k, 'recent'))}   ${ms(total(at10k, 'all'))}${ms(total(at100k, 'all'))}${ratio(total(at10k, 'all'), total(at100k, 'all'))}`);
  } finally {
    await store.close();
    await cleanup();
  }
}

const dir = mkdtempSync(path.join(os.tmpdir(), 'docket-bench-'));
const file = path.join(dir, 'bench.db');
console.log(`node ${process.version}, ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}; median of ${RUNS} runs per query`);
await bench('SQLite', `sqlite:${file}`, async () => {
  console.log(`  database file: ${(statSync(file).size / 1e6).toFixed(0)} MB`);
  rmSync(dir, { recursive: true, force: true });
}, false);
const pg = process.env.BENCH_DATABASE_URL;
if (pg) {
  const schema = `bench_${randomBytes(4).toString('hex')}`;
  const url = new URL(pg);
  url.searchParams.set('schema', schema);
  await bench(`PostgreSQL (schema ${schema})`, url.toString(), async () => {
    const { openStore: open } = await import('../src/store/open.ts');
    const s = (await open(pg, { migrate: false })) as SqlStore;
    await s.knex.raw('DROP SCHEMA IF EXISTS ?? CASCADE', [schema]);
    await s.close();
  }, true);
} else {
  console.log('\n(set BENCH_DATABASE_URL=postgres://… to bench PostgreSQL too)');
}

// start-up time and memory of the compiled server vs tsx (bench/startup.ts)
await (await import('./startup.ts')).benchStartup();
