// Docket as an API client sees it: startServer on port 0 with a temp SQLite file and the
// example flows, no chat platform, a clock the test moves, and tokens made with createToken.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createToken, type NewToken } from '../../src/app/api-tokens.ts';
import { readConfig } from '../../src/config.ts';
import { silentLogger } from '../../src/log.ts';
import { type RunningServer, startServer } from '../../src/main.ts';
import { apiTokensOf } from '../../src/store/api-tokens.ts';

export const FLOWS = fileURLToPath(new URL('../../flows/', import.meta.url));

export interface ApiHarness {
  url: string;
  running: RunningServer;
  clock: { now: Date };
  /** a token for `input`, as `docket token create` makes it */
  token(input: NewToken): Promise<string>;
  /** fetch with the token and JSON */
  call(token: string, method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<{ status: number; headers: Headers; json: any }>;
  close(): Promise<void>;
}

export interface ApiServerOptions {
  start?: string;
  /** configuration (readConfig) */
  env?: Record<string, string>;
  /** where flows/webhooks.yaml and the inbound hooks find their secrets */
  secrets?: Record<string, string>;
  webhookOptions?: { timeoutMs?: number; maxAttempts?: number };
}

export async function apiServer(options: ApiServerOptions = {}): Promise<ApiHarness> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'docket-api-'));
  const read = readConfig({ PORT: '0', HOST: '127.0.0.1', DATABASE_URL: `sqlite:${path.join(dir, 'docket.db')}`, FLOWS_DIR: FLOWS, ...options.env });
  if (!read.ok) throw new Error(JSON.stringify(read.problems));
  const clock = { now: new Date(options.start ?? '2026-03-02T08:00:00Z') };
  const running = await startServer(read.config, { log: silentLogger, now: () => clock.now, env: options.secrets ?? {}, ...(options.webhookOptions ? { webhookOptions: options.webhookOptions } : {}) });
  await running.clock.timers.stop();
  await running.clock.outbox?.stop();
  await running.clock.webhooks.stop();
  const tokens = apiTokensOf(running.engine.deps.store);
  return {
    url: running.url,
    running,
    clock,
    async token(input) {
      const created = await createToken(tokens, input, { directory: running.engine.deps.directory, flowIds: running.engine.deps.flows.all().map((f) => f.def.id) }, clock.now);
      if (!created.ok) throw new Error(created.problems.join('; '));
      return created.token;
    },
    async call(token, method, p, body, headers = {}) {
      const res = await fetch(running.url + p, {
        method,
        headers: { Authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }), ...headers },
        ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
      });
      const text = await res.text();
      return { status: res.status, headers: res.headers, json: text ? JSON.parse(text) : undefined };
    },
    async close() {
      await running.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

export const purchase = (amount = 1200) => ({
  flow: 'purchase',
  form: { item: 'A standing desk', total: { amount, currency: 'EUR' }, category: 'hardware', justification: 'My back hurts after long days at the desk.' },
});
