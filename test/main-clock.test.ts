// The composition root starts the SLA clock after listening and stops it before the store
// closes: the timer runner always, the outbox dispatcher only for enabled platforms.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { readConfig, type Config } from '../src/config.ts';
import { silentLogger } from '../src/log.ts';
import { startServer } from '../src/main.ts';
import { FakeChat } from './support/fake-chat.ts';

const root = fileURLToPath(new URL('../', import.meta.url));
const tmp = mkdtempSync(path.join(tmpdir(), 'docket-main-clock-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function config(name: string): Config {
  const r = readConfig({ PORT: '0', HOST: '127.0.0.1', DATABASE_URL: `sqlite:${tmp}/${name}.db`, FLOWS_DIR: path.join(root, 'flows') });
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r.config;
}

describe('startServer and the clock', () => {
  it('runs the timer runner with no platform enabled, and no dispatcher; both stop on close', async () => {
    const running = await startServer(config('console'), { log: silentLogger });
    try {
      expect(running.clock.timers.running).toBe(true);
      expect(running.clock.outbox).toBeUndefined();
    } finally {
      await running.close();
    }
    expect(running.clock.timers.running).toBe(false);
  });

  it('runs the dispatcher over the enabled platforms\' chat ports', async () => {
    const slack = new FakeChat('slack');
    const running = await startServer(config('slack'), { log: silentLogger, chatPorts: [slack] });
    try {
      expect(running.clock.outbox?.platforms).toEqual(['slack']);
      expect(running.clock.outbox?.running).toBe(true);
    } finally {
      await running.close();
    }
    expect(running.clock.outbox?.running).toBe(false);
  });
});
