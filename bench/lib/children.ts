// Servers under test run as child processes (through tsx, as `npm start` runs Docket), so their
// CPU, memory and start-up are their own; they talk to the bench over IPC.
import { type ChildProcess, fork } from 'node:child_process';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';

export interface Child {
  proc: ChildProcess;
  /** resolves with the next IPC message of this type */
  next<T = Record<string, unknown>>(type: string): Promise<T>;
  ask<T = Record<string, unknown>>(type: string): Promise<T>;
  stop(): Promise<void>;
}

/**
 * `plain`: run the file with node alone (compiled JavaScript, as production runs it), not through
 * tsx; such a server stops on SIGTERM, as under a process manager.
 */
export function spawnServer(file: string, env: Record<string, string>, options: { plain?: boolean } = {}): Child {
  // BENCH_CPU_PROF=dir: each server writes a V8 CPU profile there when it stops (open it in
  // Chrome DevTools or speedscope)
  const prof = process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [];
  const proc = fork(file, [], { execArgv: [...(options.plain ? [] : ['--import', 'tsx']), ...prof], env: { ...process.env, ...env }, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const next = <T>(type: string) =>
    new Promise<T>((resolve, reject) => {
      const onMessage = (m: { type?: string }) => {
        if (m.type !== type) return;
        proc.off('message', onMessage);
        proc.off('exit', onExit);
        resolve(m as T);
      };
      const onExit = (code: number | null) => reject(new Error(`${file} exited (${code}) before sending ${type}`));
      proc.on('message', onMessage);
      proc.once('exit', onExit);
    });
  return {
    proc,
    next,
    ask: <T>(type: string) => {
      const answer = next<T>(type);
      proc.send({ type });
      return answer;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        if (proc.exitCode !== null) return resolve();
        const kill = setTimeout(() => proc.kill('SIGKILL'), 15_000);
        proc.once('exit', () => {
          clearTimeout(kill);
          resolve();
        });
        if (options.plain && !file.endsWith('bolt-plain.js')) proc.kill('SIGTERM');
        else proc.send({ type: 'stop' });
      }),
  };
}

/** a port free right now on 127.0.0.1 (Bolt's receiver wants a number, not 0) */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

/** polls GET url until it answers 200; resolves with the ms since `since` */
export async function waitFor200(url: string, since: number, limitMs = 60_000): Promise<number> {
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const req = http.get(url, (res) => {
        res.resume();
        resolve(res.statusCode === 200);
      });
      req.on('error', () => resolve(false));
      req.setTimeout(1000, () => req.destroy());
    });
    if (ok) return performance.now() - since;
    if (performance.now() - since > limitMs) throw new Error(`${url} did not answer 200 within ${limitMs} ms`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** resident memory of a process now and at its peak, in MB (Linux /proc) */
export function memoryOf(pid: number): { rssMb: number; peakMb: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { rssMb: kb('VmRSS') / 1024, peakMb: kb('VmHWM') / 1024 };
}
