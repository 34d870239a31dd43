// Decision commits/s: Bob approves pending purchases one after the other through the engine
// (Engine.execute on the SQLite store, as a click does after its ack: idempotency key, load,
// decide, request row, approvers, timers, audit, outbox), against the raw better-sqlite3 driver
// running the very statements the engine ran (captured from Knex on a copy of the same
// database) with prepared statements, in the same BEGIN IMMEDIATE … COMMIT per decision.
// Measured at 600 and 6,000 open requests: the cost of a decision should not grow with them.
import Database from 'better-sqlite3';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Engine } from '../src/app/execute.ts';
import { saveCurrentVersions } from '../src/app/flow-versions.ts';
import { loadFlows } from '../src/flows/load.ts';
import type { Store } from '../src/ports/store.ts';
import { openStore } from '../src/store/open.ts';
import { timerStoreOf } from '../src/store/ports.ts';
import type { SqlStore } from '../src/store/sql-store.ts';
import { SQLITE_PRAGMAS } from '../src/store/sqlite-client.ts';
import { envInt, type Figure, interleave, num, type Round } from './lib/rounds.ts';

const FLOWS = fileURLToPath(new URL('../flows/', import.meta.url));
const START = Date.parse('2026-03-02T08:00:00Z'); // a Monday morning in Berlin

type Loaded = Extract<Awaited<ReturnType<typeof loadFlows>>, { ok: true }>;

function engineOn(store: Store, flows: Loaded): Engine {
  let tick = 0;
  // a clock that moves a millisecond per reading: the same timestamps in every run
  const now = () => new Date(START + tick++);
  return new Engine({ store, flows: flows.registry, directory: flows.directory, now, timers: timerStoreOf(store), platforms: ['slack'] });
}

/** a database with `open` purchases by Ann waiting on Bob (the first 600 through the engine, the rest cloned in SQL) */
export async function build(file: string, open: number, flows: Loaded): Promise<void> {
  const store = await openStore(`sqlite:${file}`, { migrate: true });
  await saveCurrentVersions(flows.registry, store, new Date(START));
  const engine = engineOn(store, flows);
  const direct = Math.min(open, 600);
  for (let i = 0; i < direct; i++) {
    const out = await engine.execute({ actor: 'ann@example.com', command: { type: 'request.submit', flow: 'purchase', form: { item: `Bench ${i}`, total: '120 EUR', category: 'hardware', justification: 'a benchmark of the decision commit' } } });
    if (!out.ok) throw new Error(`seeding: ${out.code}`);
  }
  const knex = (store as SqlStore).knex;
  const cols = async (table: string) => ((await knex.raw(`PRAGMA table_info(${table})`)) as { name: string }[]).map((c) => c.name);
  const reqCols = await cols('requests');
  const apprCols = (await cols('request_approvers')).filter((c) => c !== 'id');
  const timerCols = await cols('timers');
  for (let copy = 1; direct * copy < open; copy++) {
    const shift = direct * copy;
    const newId = `'R-' || (CAST(substr(id, 3) AS INTEGER) + ${shift})`;
    await knex.raw(`INSERT INTO requests (${reqCols.join(', ')}) SELECT ${reqCols.map((c) => (c === 'id' ? newId : c === 'state' ? `json_set(state, '$.id', ${newId})` : c)).join(', ')} FROM requests WHERE CAST(substr(id, 3) AS INTEGER) <= ${direct}`);
    const newReq = `'R-' || (CAST(substr(request_id, 3) AS INTEGER) + ${shift})`;
    await knex.raw(`INSERT INTO request_approvers (${apprCols.join(', ')}) SELECT ${apprCols.map((c) => (c === 'request_id' ? newReq : c)).join(', ')} FROM request_approvers WHERE CAST(substr(request_id, 3) AS INTEGER) <= ${direct}`);
    const newSubject = `'request:R-' || (CAST(substr(subject, 11) AS INTEGER) + ${shift})`;
    await knex.raw(`INSERT INTO timers (${timerCols.join(', ')}) SELECT ${timerCols.map((c) => (c === 'subject' ? newSubject : c === 'id' ? `replace(id, subject || ':', ${newSubject} || ':')` : c)).join(', ')} FROM timers WHERE subject LIKE 'request:R-%' AND CAST(substr(subject, 11) AS INTEGER) <= ${direct}`);
  }
  await knex('counters').where({ name: 'request' }).update({ value: open }).catch(() => undefined);
  await store.close();
}

const decide = (engine: Engine, i: number) =>
  engine.execute({ actor: 'bob@example.com', key: `bench:${i}`, command: { type: 'request.approve', request: `R-${i + 1}` } });

/** CPU time of this process (user + system), in ms: robust where the wall clock is shared */
const cpuMs = () => {
  const c = process.cpuUsage();
  return (c.user + c.system) / 1000;
};

interface Run {
  perSecond: number;
  cpuMsPerCommit: number;
}

/** commits/s through the engine on a fresh copy of `base` */
async function viaEngine(base: string, dir: string, decisions: number, flows: Loaded): Promise<Run> {
  const file = path.join(dir, `engine-${Math.random().toString(36).slice(2)}.db`);
  copyFileSync(base, file);
  const store = await openStore(`sqlite:${file}`, { migrate: false });
  const engine = engineOn(store, flows);
  try {
    const started = performance.now();
    const cpu = cpuMs();
    for (let i = 0; i < decisions; i++) {
      const out = await decide(engine, i);
      if (!out.ok) throw new Error(`decision ${i} refused: ${out.code}`);
    }
    return { cpuMsPerCommit: (cpuMs() - cpu) / decisions, perSecond: decisions / ((performance.now() - started) / 1000) };
  } finally {
    await store.close();
    rmSync(file, { force: true });
  }
}

type Statement = { sql: string; bindings: unknown[] };

/** the statements each decision ran, as Knex sent them to the driver */
export async function capture(base: string, dir: string, decisions: number, flows: Loaded): Promise<Statement[][]> {
  const file = path.join(dir, 'capture.db');
  copyFileSync(base, file);
  const store = await openStore(`sqlite:${file}`, { migrate: false });
  const engine = engineOn(store, flows);
  const all: Statement[][] = [];
  let current: Statement[] = [];
  (store as SqlStore).knex.on('query', (q: { sql: string; bindings?: unknown[] }) => {
    if (/^\s*(BEGIN|COMMIT|ROLLBACK)/i.test(q.sql)) return;
    current.push({ sql: q.sql, bindings: (q.bindings ?? []).map((b) => (typeof b === 'boolean' ? Number(b) : b instanceof Date ? b.valueOf() : b)) });
  });
  for (let i = 0; i < decisions; i++) {
    current = [];
    const out = await decide(engine, i);
    if (!out.ok) throw new Error(`decision ${i} refused: ${out.code}`);
    all.push(current);
  }
  await store.close();
  rmSync(file, { force: true });
  return all;
}

/** commits/s of the raw driver replaying the captured statements, prepared once each */
function viaDriver(base: string, dir: string, statements: Statement[][]): Run {
  const file = path.join(dir, `raw-${Math.random().toString(36).slice(2)}.db`);
  copyFileSync(base, file);
  const db = new Database(file);
  // the connection Docket's store opens: the same settings
  for (const p of SQLITE_PRAGMAS) db.pragma(p);
  const cache = new Map<string, Database.Statement>();
  const prepared = (sql: string) => {
    let s = cache.get(sql);
    if (!s) cache.set(sql, (s = db.prepare(sql)));
    return s;
  };
  const begin = db.prepare('BEGIN IMMEDIATE');
  const commit = db.prepare('COMMIT');
  try {
    const started = performance.now();
    const cpu = cpuMs();
    for (const decision of statements) {
      begin.run();
      for (const st of decision) {
        const s = prepared(st.sql);
        if (s.reader) s.all(...st.bindings);
        else s.run(...st.bindings);
      }
      commit.run();
    }
    return { cpuMsPerCommit: (cpuMs() - cpu) / statements.length, perSecond: statements.length / ((performance.now() - started) / 1000) };
  } finally {
    db.close();
    rmSync(file, { force: true });
  }
}

export async function commitsBench(): Promise<Figure[]> {
  const rounds = envInt('BENCH_ROUNDS', 3);
  const decisions = envInt('BENCH_DECISIONS', 300);
  const sizes = (process.env.BENCH_OPEN ?? '600,6000').split(',').map(Number);
  if (sizes.some((n) => !Number.isInteger(n) || n < decisions)) throw new Error(`BENCH_OPEN sizes must be whole numbers ≥ BENCH_DECISIONS (${decisions})`);
  console.log(`\ncommits: ${decisions} decisions per round at ${sizes.join(' and ')} open requests, ${rounds} rounds (BENCH_DECISIONS, BENCH_OPEN, BENCH_ROUNDS)`);
  const loaded = await loadFlows(FLOWS);
  if (!loaded.ok) throw new Error('the example flows do not load');
  const dir = mkdtempSync(path.join(os.tmpdir(), 'docket-bench-commits-'));
  const figures: Figure[] = [];
  const engineAt = new Map<number, number[]>();
  const engineCpuAt = new Map<number, number[]>();
  try {
    for (const open of sizes) {
      const base = path.join(dir, `base-${open}.db`);
      let started = performance.now();
      await build(base, open, loaded);
      console.log(`  built ${open} open requests in ${((performance.now() - started) / 1000).toFixed(1)} s`);
      started = performance.now();
      const statements = await capture(base, dir, decisions, loaded);
      const perDecision = statements.reduce((s, d) => s + d.length, 0) / statements.length;
      console.log(`  captured ${num(perDecision)} statements per decision`);
      const engineRuns: Run[] = [];
      const driverRuns: Run[] = [];
      await interleave(
        rounds,
        async () => {
          const r = await viaEngine(base, dir, decisions, loaded);
          engineRuns.push(r);
          return r.perSecond;
        },
        async () => {
          const r = viaDriver(base, dir, statements);
          driverRuns.push(r);
          return r.perSecond;
        },
      );
      const runs: Round[] = engineRuns.map((e, i) => ({ docket: e.perSecond, anchor: driverRuns[i]!.perSecond }));
      engineRuns.forEach((e, i) => console.log(`  ${open} open: engine ${num(e.perSecond)}/s (${num(e.cpuMsPerCommit)} ms CPU each), raw driver ${num(driverRuns[i]!.perSecond)}/s (${num(driverRuns[i]!.cpuMsPerCommit)} ms CPU each)`));
      engineAt.set(open, runs.map((r) => r.docket));
      figures.push({ name: `decision commits, ${open.toLocaleString('en-US')} open requests`, unit: 'commits/s', higherIsBetter: true, anchor: 'raw better-sqlite3, same statements', rounds: runs });
      // the CPU each commit took, as a rate: on a shared machine the wall clock counts the neighbours too
      figures.push({ name: `decision commits per CPU-second, ${open.toLocaleString('en-US')} open`, unit: 'commits/CPU-s', higherIsBetter: true, anchor: 'raw better-sqlite3, same statements', rounds: engineRuns.map((e, i) => ({ docket: 1000 / e.cpuMsPerCommit, anchor: 1000 / driverRuns[i]!.cpuMsPerCommit })) });
      engineCpuAt.set(open, engineRuns.map((e) => 1000 / e.cpuMsPerCommit));
    }
    if (sizes.length >= 2) {
      const first = sizes[0]!;
      const last = sizes[sizes.length - 1]!;
      const label = (n: number) => n.toLocaleString('en-US');
      const flat = (name: string, unit: string, at: Map<number, number[]>) => {
        const small = at.get(first)!;
        figures.push({ name, unit, higherIsBetter: true, anchor: `Docket at ${label(first)} open`, rounds: at.get(last)!.map((b, i) => ({ docket: b, anchor: small[i]! })) });
      };
      flat(`decision commits at ${label(last)} vs ${label(first)} open`, 'commits/s', engineAt);
      flat(`decision commits per CPU-second at ${label(last)} vs ${label(first)} open`, 'commits/CPU-s', engineCpuAt);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return figures;
}
