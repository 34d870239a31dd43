// Start-up and memory, compiled vs tsx: how long from spawning the server until /healthz answers
// 200 (migrations on a fresh SQLite database included), and its resident memory then and after a
// second of idling. "compiled" is `node dist/src/main.js` (npm start, the container); "tsx" is
// `node --import tsx src/main.ts` (the old npm start, without tsx's own wrapper process, so both
// are one process and their RSS compares like for like). Runs alternate, median of STARTUP_RUNS
// (5). Run alone with `npx tsx bench/startup.ts`; `npm run bench` runs it after the reports.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const RUNS = Number(process.env.STARTUP_RUNS ?? 5);

interface Sample {
  healthyMs: number;
  rssMb: number;
  idleRssMb: number;
}

const VARIANTS: Record<string, string[]> = {
  compiled: [path.join(ROOT, 'dist/src/main.js')],
  tsx: ['--import', 'tsx', path.join(ROOT, 'src/main.ts')],
};

function rssMb(pid: number): number {
  const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  return Number(kb) / 1024;
}

async function once(args: string[]): Promise<Sample> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'docket-startup-'));
  const env = { PATH: process.env.PATH, HOME: process.env.HOME, PORT: '0', HOST: '127.0.0.1', DATABASE_URL: `sqlite:${path.join(dir, 'docket.db')}`, FLOWS_DIR: path.join(ROOT, 'flows'), LOG_FORMAT: 'json' };
  const started = performance.now();
  const child = spawn(process.execPath, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    let out = '';
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no listening line:\n${out}`)), 60_000);
      child.stdout.on('data', (c: Buffer) => {
        out += c.toString();
        const m = /"url":"(http:\/\/[^"]+)"/.exec(out);
        if (m) {
          clearTimeout(timer);
          resolve(m[1]!);
        }
      });
      child.once('exit', (code) => reject(new Error(`exited ${code}:\n${out}`)));
    });
    for (;;) {
      const ok = await fetch(`${url}/healthz`).then((r) => r.status === 200, () => false);
      if (ok) break;
      await new Promise((r) => setTimeout(r, 5));
    }
    const healthyMs = performance.now() - started;
    const rss = rssMb(child.pid!);
    await new Promise((r) => setTimeout(r, 1_000));
    return { healthyMs, rssMb: rss, idleRssMb: rssMb(child.pid!) };
  } finally {
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await exited;
    rmSync(dir, { recursive: true, force: true });
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export async function benchStartup(): Promise<void> {
  if (!existsSync(VARIANTS.compiled![0]!)) {
    const built = spawnSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit' });
    if (built.status !== 0) throw new Error('npm run build failed');
  }
  console.log(`\nStart-up to /healthz and memory, median of ${RUNS} runs each (node ${process.version})`);
  const samples: Record<string, Sample[]> = { compiled: [], tsx: [] };
  for (let i = 0; i < RUNS; i++) for (const [name, args] of Object.entries(VARIANTS)) samples[name]!.push(await once(args));
  console.log(`  ${'server'.padEnd(34)}${'to /healthz'.padStart(12)}${'RSS then'.padStart(12)}${'RSS idle 1 s'.padStart(14)}`);
  for (const [name, s] of Object.entries(samples)) {
    const label = name === 'compiled' ? 'node dist/src/main.js' : 'node --import tsx src/main.ts';
    console.log(`  ${label.padEnd(34)}${`${median(s.map((x) => x.healthyMs)).toFixed(0)} ms`.padStart(12)}${`${median(s.map((x) => x.rssMb)).toFixed(0)} MB`.padStart(12)}${`${median(s.map((x) => x.idleRssMb)).toFixed(0)} MB`.padStart(14)}`);
  }
  const c = samples.compiled!;
  const t = samples.tsx!;
  console.log(`  compiled vs tsx: ${(median(t.map((x) => x.healthyMs)) / median(c.map((x) => x.healthyMs))).toFixed(1)}× faster to healthy, ${(median(t.map((x) => x.idleRssMb)) - median(c.map((x) => x.idleRssMb))).toFixed(0)} MB less resident memory`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) await benchStartup();
