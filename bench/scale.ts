// `npm run bench:scale`: decisions per second on PostgreSQL with 1, 2 and 3 replicas (separate
// processes, CONCURRENCY requests in flight each), for three designs measured in the same run,
// rounds interleaved:
//   old    — the revision before the per-subject audit chains (one global chain, one locked row),
//            run from a `git archive` of OLD_REV with this checkout's node_modules;
//   new    — this checkout;
//   nolock — this checkout without the audit append: the lock-free upper bound.
// While each round runs it samples pg_stat_activity for the share of the benchmark's active
// backends that wait on a lock. Every round starts from a fresh schema.
//
//   npm run bench:scale                                  # defaults below, about 4 minutes
//   ROUNDS=3 DURATION_MS=15000 REPLICAS=1,2,3 npm run bench:scale
//   BENCH_DIALECT=sqlite npm run bench:scale             # one process on a SQLite file (WAL)
import { execFileSync, fork, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BASE_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const DB = 'docket_bench';
const ROUNDS = Number(process.env.ROUNDS ?? 2);
const DURATION_MS = Number(process.env.DURATION_MS ?? 6000);
const CONCURRENCY = Number(process.env.CONCURRENCY ?? 32);
const REPLICAS = (process.env.REPLICAS ?? '1,2,3').split(',').map(Number);
const DESIGNS = (process.env.DESIGNS ?? 'old,new,nolock').split(',') as Design[];
const SQLITE = process.env.BENCH_DIALECT === 'sqlite';
const SQLITE_DIR = SQLITE ? mkdtempSync(path.join(os.tmpdir(), 'docket-scale-')) : '';
type Design = 'old' | 'new' | 'nolock';

function dbUrl(schema: string): string {
  if (SQLITE) return `sqlite:${path.join(SQLITE_DIR, `${schema}.db`)}`;
  const u = new URL(BASE_URL);
  u.pathname = `/${DB}`;
  u.searchParams.set('schema', schema);
  u.searchParams.set('application_name', 'docket-bench');
  return u.toString();
}

async function admin<T>(database: string, work: (c: pg.Client) => Promise<T>): Promise<T> {
  const u = new URL(BASE_URL);
  u.pathname = `/${database}`;
  const client = new pg.Client({ connectionString: u.toString() });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** the revision before migration 006, unpacked beside this checkout's node_modules */
function oldCheckout(): string {
  const rev = process.env.OLD_REV ?? execFileSync('git', ['log', '-1', '--format=%H', '--', 'migrations/006_audit_chains.ts'], { cwd: ROOT, encoding: 'utf8' }).trim() + '^';
  const dir = mkdtempSync(path.join(os.tmpdir(), 'docket-old-'));
  const archive = execFileSync('git', ['archive', '--format=tar', rev], { cwd: ROOT, maxBuffer: 256 * 1024 * 1024 });
  execFileSync('tar', ['-x', '-C', dir], { input: archive });
  symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'));
  cpSync(path.join(ROOT, 'bench/scale-replica.ts'), path.join(dir, 'bench/scale-replica.ts'));
  return dir;
}

async function freshSchema(design: Design, cwd: string): Promise<string> {
  const schema = `bench_${design}`;
  if (SQLITE) for (const suffix of ['', '-wal', '-shm']) rmSync(path.join(SQLITE_DIR, `${schema}.db${suffix}`), { force: true });
  else await admin(DB, (c) => c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`));
  execFileSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'migrate'], { cwd, env: { ...process.env, DATABASE_URL: dbUrl(schema) }, stdio: 'ignore' });
  return dbUrl(schema);
}

interface ReplicaResult {
  decisions: number;
  commands: number;
  refused: number;
  ms: number;
  p50: number;
  p99: number;
}

async function round(design: Design, replicas: number, cwd: string): Promise<{ perSecond: number; lockShare: number; p99: number; refused: number }> {
  const url = await freshSchema(design, cwd);
  const children: ChildProcess[] = [];
  const results: Promise<ReplicaResult>[] = [];
  const ready: Promise<void>[] = [];
  for (let i = 0; i < replicas; i++) {
    const child = fork(path.join(cwd, 'bench/scale-replica.ts'), [], {
      cwd,
      execArgv: ['--import', 'tsx'],
      env: { ...process.env, DATABASE_URL: url, DURATION_MS: String(DURATION_MS), CONCURRENCY: String(CONCURRENCY), NO_AUDIT: design === 'nolock' ? '1' : '0' },
      stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
    });
    children.push(child);
    let out = '';
    child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    results.push(new Promise((resolve, reject) => child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out.trim().split('\n').at(-1)!) as ReplicaResult) : reject(new Error(`replica exited ${code}`))))));
    // the replica is ready once it waits for the go (it has loaded flows and opened the store)
    ready.push(new Promise((resolve) => setTimeout(resolve, 3000)));
  }
  await Promise.all(ready);
  for (const child of children) child.send('go');
  const samples = { waiting: 0, active: 0 };
  const sampler = setInterval(() => {
    if (SQLITE) return;
    void admin(DB, (c) =>
      c.query<{ waiting: string; active: string }>(
        `SELECT count(*) FILTER (WHERE wait_event_type = 'Lock') AS waiting, count(*) AS active
           FROM pg_stat_activity WHERE application_name = 'docket-bench' AND state = 'active'`,
      ),
    ).then((r) => {
      samples.waiting += Number(r.rows[0]!.waiting);
      samples.active += Number(r.rows[0]!.active);
    }, () => undefined);
  }, 200);
  const done = await Promise.all(results);
  clearInterval(sampler);
  const decisions = done.reduce((n, r) => n + r.decisions, 0);
  const ms = Math.max(...done.map((r) => r.ms));
  return { perSecond: (decisions * 1000) / ms, lockShare: samples.active ? samples.waiting / samples.active : 0, p99: Math.max(...done.map((r) => r.p99)), refused: done.reduce((n, r) => n + r.refused, 0) };
}

const fmt = (xs: number[], digits = 0) => {
  const sorted = [...xs].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)]!;
  return `${median.toFixed(digits)} (${sorted[0]!.toFixed(digits)}–${sorted.at(-1)!.toFixed(digits)})`;
};

if (!SQLITE) {
  await admin('postgres', async (c) => {
    const exists = await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [DB]);
    if (exists.rowCount === 0) await c.query(`CREATE DATABASE ${DB}`);
  });
}
const old = DESIGNS.includes('old') ? oldCheckout() : undefined;
const table = new Map<string, Array<{ perSecond: number; lockShare: number; p99: number; refused: number }>>();
try {
  for (let r = 1; r <= ROUNDS; r++) {
    for (const replicas of REPLICAS) {
      for (const design of DESIGNS) {
        const result = await round(design, replicas, design === 'old' ? old! : ROOT);
        const key = `${design}×${replicas}`;
        table.set(key, [...(table.get(key) ?? []), result]);
        process.stderr.write(`round ${r}: ${key} ${result.perSecond.toFixed(0)} decisions/s, ${(result.lockShare * 100).toFixed(1)}% of active backends waiting on a lock, p99 ${result.p99.toFixed(0)} ms\n`);
      }
    }
  }
} finally {
  if (old && existsSync(old)) rmSync(old, { recursive: true, force: true });
  if (SQLITE) rmSync(SQLITE_DIR, { recursive: true, force: true });
}

console.log(`\nDecisions/s on ${SQLITE ? 'SQLite' : 'PostgreSQL'}, ${CONCURRENCY} requests in flight per replica, ${DURATION_MS / 1000} s per round, ${ROUNDS} rounds interleaved (median, min–max)\n`);
console.log('| design | replicas | decisions/s | × old, same replicas | × new with 1 replica | backends waiting on a lock | decision p99 ms |');
console.log('|---|---|---|---|---|---|---|');
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
for (const design of DESIGNS) {
  for (const replicas of REPLICAS) {
    const rows = table.get(`${design}×${replicas}`) ?? [];
    const per = rows.map((x) => x.perSecond);
    const oldRows = table.get(`old×${replicas}`);
    const newOne = table.get('new×1');
    const ratio = (a: number[], b: Array<{ perSecond: number }> | undefined) => (b ? fmt(a.map((x, i) => x / (b[i] ?? b[0]!).perSecond), 2) : '—');
    console.log(
      `| ${design} | ${replicas} | ${fmt(per)} | ${design === 'old' ? '1' : ratio(per, oldRows)} | ${ratio(per, newOne)} | ${SQLITE ? '—' : `${(median(rows.map((x) => x.lockShare)) * 100).toFixed(1)}%`} | ${fmt(rows.map((x) => x.p99))} |`,
    );
  }
}
