// The composition root, in process (startServer on port 0) and as `npm start` runs it: a real
// process that loads ./flows, migrates a fresh SQLite file, serves /healthz and stops on SIGTERM.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { readConfig, type Config } from '../src/config.ts';
import { silentLogger } from '../src/log.ts';
import { type RunningServer, StartupError, startServer } from '../src/main.ts';

const root = fileURLToPath(new URL('../', import.meta.url));
const broken = path.join(root, 'test/fixtures/server/broken-flows');
const tmp = mkdtempSync(path.join(tmpdir(), 'docket-main-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function config(env: NodeJS.ProcessEnv): Config {
  const r = readConfig({ PORT: '0', HOST: '127.0.0.1', ...env });
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r.config;
}

describe('startServer', () => {
  let running: RunningServer | undefined;
  afterEach(async () => {
    await running?.close();
    running = undefined;
  });

  it('loads ./flows, migrates the database and serves /healthz and /metrics', async () => {
    running = await startServer(config({ DATABASE_URL: `sqlite:${tmp}/inproc.db`, FLOWS_DIR: path.join(root, 'flows') }), { log: silentLogger });
    const res = await fetch(`${running.url}/healthz`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { status: string; database: string; flows: { request: number; case: number }; version: string };
    expect(body).toMatchObject({ status: 'ok', database: 'ok', version: '0.1.0', platforms: { slack: false, teams: false } });
    expect(body.flows.request).toBeGreaterThan(0);
    expect(body.flows.case).toBeGreaterThan(0);
    const metrics = await (await fetch(`${running.url}/metrics`)).text();
    expect(metrics).toContain('http_requests_total{method="GET",route="/healthz",status="200"} 1');
    expect(metrics).toMatch(/\nprocess_uptime_seconds \d/);
    const slack = await fetch(`${running.url}/slack/events`, { method: 'POST', body: '{}' });
    expect(slack.status).toBe(503);
  });

  it('refuses invalid flows with every problem as file:line:col', async () => {
    const error = await startServer(config({ DATABASE_URL: `sqlite:${tmp}/refused.db`, FLOWS_DIR: broken }), { log: silentLogger }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StartupError);
    expect((error as StartupError).lines).toEqual([expect.stringMatching(/^broken-flows\/requests\/equipment\.yaml:14:26 {2}steps\[0\]\.approvers\[0\]\.group: unknown group "no-such-group"/)]);
  });
});

/**
 * The server from its TypeScript sources through tsx (as `npm run dev` runs it, without watch);
 * tsx relays SIGTERM to the server process and returns its exit code. test/dist runs the
 * compiled server the way `npm start` and the container do.
 */
function serve(env: NodeJS.ProcessEnv): { child: ChildProcess; stdout: () => string; stderr: () => string; exited: Promise<number | null> } {
  const child = spawn(path.join(root, 'node_modules/.bin/tsx'), ['src/main.ts'], {
    cwd: root,
    env: { PATH: process.env.PATH, HOST: '127.0.0.1', PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout!.on('data', (c: Buffer) => (out += c.toString('utf8')));
  child.stderr!.on('data', (c: Buffer) => (err += c.toString('utf8')));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, stdout: () => out, stderr: () => err, exited };
}

function logLines(stdout: string): Record<string, unknown>[] {
  return stdout
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

/** resolves with the URL from the "listening" log line, or rejects if the process exits first */
function listeningUrl(p: ReturnType<typeof serve>): Promise<string> {
  return new Promise((resolve, reject) => {
    const look = () => {
      const line = logLines(p.stdout()).find((e) => e.msg === 'listening');
      if (line) {
        p.child.stdout!.off('data', look);
        resolve(String(line.url));
      }
    };
    p.child.stdout!.on('data', look);
    void p.exited.then((code) => reject(new Error(`exited with ${code} before listening:\n${p.stdout()}\n${p.stderr()}`)));
  });
}

describe('the server process', () => {
  it('starts with the example flows, answers /healthz, and exits 0 on SIGTERM', async () => {
    const p = serve({ DATABASE_URL: `sqlite:${tmp}/e2e.db` });
    try {
      const url = await listeningUrl(p);
      const res = await fetch(`${url}/healthz`);
      expect(res.status).toBe(200);
      const body = (await res.json()) as { database: string; flows: { request: number; case: number } };
      expect(body.database).toBe('ok');
      expect(body.flows.request).toBeGreaterThan(0);
      expect(body.flows.case).toBeGreaterThan(0);
      p.child.kill('SIGTERM');
      expect(await p.exited).toBe(0);
      const msgs = logLines(p.stdout()).map((e) => e.msg);
      expect(msgs).toEqual(expect.arrayContaining(['slack: off (no SLACK_SIGNING_SECRET/SLACK_BOT_TOKEN)', 'teams: off (no MicrosoftAppId)', 'shutting down', 'stopped']));
      expect(p.stderr()).toBe('');
    } finally {
      p.child.kill('SIGKILL');
    }
  });

  it('refuses to start on a broken flows directory: exit 1, file:line:col on stderr', async () => {
    const p = serve({ DATABASE_URL: `sqlite:${tmp}/never.db`, FLOWS_DIR: broken });
    try {
      expect(await p.exited).toBe(1);
      expect(p.stderr()).toMatch(/^broken-flows\/requests\/equipment\.yaml:14:26 {2}steps\[0\]\.approvers\[0\]\.group: unknown group "no-such-group"/m);
      expect(logLines(p.stdout()).map((e) => e.msg)).not.toContain('listening');
    } finally {
      p.child.kill('SIGKILL');
    }
  });

  it('says plainly when the port is taken: exit 1', async () => {
    const taken = await startServer(config({ DATABASE_URL: `sqlite:${tmp}/taken.db`, FLOWS_DIR: path.join(root, 'flows') }), { log: silentLogger });
    const port = new URL(taken.url).port;
    const p = serve({ DATABASE_URL: `sqlite:${tmp}/second.db`, PORT: port });
    try {
      expect(await p.exited).toBe(1);
      expect(p.stderr()).toBe(`docket: port ${port} on 127.0.0.1 is already in use; stop the other process or set PORT\n`);
    } finally {
      p.child.kill('SIGKILL');
      await taken.close();
    }
  });

  it('refuses a bad configuration: exit 1 with one line per problem', async () => {
    const p = serve({ PORT: 'abc' });
    try {
      expect(await p.exited).toBe(1);
      expect(p.stderr()).toContain('  PORT: expected a port number 1–65535, got "abc"\n');
    } finally {
      p.child.kill('SIGKILL');
    }
  });
});
