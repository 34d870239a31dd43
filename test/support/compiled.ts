// The compiled server (dist/) as a child process, for the tests that must run what production
// runs: `node dist/src/main.js`, no tsx. dist/ is rebuilt first when any source is newer than it
// (npm install / npm ci build it; an edit since then would otherwise be tested stale).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const MAIN = path.join(ROOT, 'dist/src/main.js');
const BUILD_INFO = path.join(ROOT, 'dist/.tsbuildinfo');

function newest(dir: string): number {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) latest = Math.max(latest, newest(p));
    else latest = Math.max(latest, statSync(p).mtimeMs);
  }
  return latest;
}

export function ensureBuilt(): void {
  const sources = Math.max(...['src', 'adapters', 'migrations'].map((d) => newest(path.join(ROOT, d))));
  if (existsSync(MAIN) && existsSync(BUILD_INFO) && statSync(BUILD_INFO).mtimeMs >= sources) return;
  const built = spawnSync('npm', ['run', 'build'], { cwd: ROOT, encoding: 'utf8' });
  if (built.status !== 0) throw new Error(`npm run build failed:\n${built.stdout}\n${built.stderr}`);
}

export interface Child {
  proc: ChildProcess;
  /** everything written to stdout and stderr so far */
  output(): string;
  /** resolves with the first match of `pattern` in the output, or rejects after `ms` */
  waitFor(pattern: RegExp, ms?: number): Promise<RegExpExecArray>;
  /** SIGTERM to the process group, then its exit code */
  stop(): Promise<number | null>;
  /** its exit code once it exits by itself */
  exit(): Promise<number | null>;
}

/** `command` in its own process group (so a wrapper like `script` goes down with its child) */
export function start(command: string, args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv }): Child {
  const proc = spawn(command, args, { cwd: options.cwd, env: options.env ?? cleanEnv(), detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const listeners = new Set<() => void>();
  const onData = (chunk: Buffer) => {
    out += chunk.toString('utf8');
    for (const l of listeners) l();
  };
  proc.stdout!.on('data', onData);
  proc.stderr!.on('data', onData);
  const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
  return {
    proc,
    output: () => out,
    waitFor: (pattern, ms = 20_000) =>
      new Promise((resolve, reject) => {
        const check = () => {
          const m = pattern.exec(out);
          if (m) {
            listeners.delete(check);
            clearTimeout(timer);
            resolve(m);
          }
        };
        const timer = setTimeout(() => {
          listeners.delete(check);
          reject(new Error(`no ${pattern} within ${ms} ms; output:\n${out.slice(-3000)}`));
        }, ms);
        listeners.add(check);
        void exited.then(() => setTimeout(check, 50));
        check();
      }),
    exit: () => exited,
    stop: async () => {
      if (proc.exitCode === null && proc.signalCode === null) {
        try {
          process.kill(-proc.pid!, 'SIGTERM');
        } catch {
          // already gone
        }
      }
      return exited;
    },
  };
}

/** the environment without anything Docket reads, so the test's own settings decide */
export function cleanEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const key of ['PATH', 'HOME', 'LANG', 'TERM', 'SYSTEMROOT', 'TMPDIR']) if (process.env[key] !== undefined) env[key] = process.env[key];
  return { ...env, ...extra };
}
