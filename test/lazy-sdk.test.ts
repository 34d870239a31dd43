// A platform SDK is loaded only when its platform is configured: @slack/bolt and botbuilder are
// a third of start-up and much of the idle memory (issue 14). Checked in a fresh process each
// time, since a module once loaded stays loaded.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../', import.meta.url));
const tmp = mkdtempSync(path.join(tmpdir(), 'docket-lazy-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function loadedWith(env: Record<string, string>): Promise<{ bolt: boolean; botbuilder: boolean }> {
  return new Promise((resolve, reject) => {
    execFile(
      path.join(root, 'node_modules/.bin/tsx'),
      ['test/fixtures/server/loaded-sdks.ts'],
      { cwd: root, env: { PATH: process.env.PATH ?? '', DATABASE_URL: `sqlite:${tmp}/${Object.keys(env).length}.db`, FLOWS_DIR: path.join(root, 'flows'), ...env }, timeout: 60_000 },
      (err, stdout, stderr) => (err ? reject(new Error(`${err.message}\n${stderr}`)) : resolve(JSON.parse(stdout.trim().split('\n').pop()!))),
    );
  });
}

describe('platform SDKs load lazily', () => {
  it('with neither platform configured, neither SDK is loaded', async () => {
    expect(await loadedWith({})).toEqual({ bolt: false, botbuilder: false });
  }, 60_000);

  it('with Slack configured, Bolt is loaded and botbuilder is not', async () => {
    expect(await loadedWith({ SLACK_SIGNING_SECRET: 'test-signing-secret-0123456789abcdef', SLACK_BOT_TOKEN: 'xoxb-test', SLACK_API_URL: 'http://127.0.0.1:9/api/' })).toEqual({ bolt: true, botbuilder: false });
  }, 60_000);

  it('with Teams configured (local mode), botbuilder is loaded and Bolt is not', async () => {
    expect(await loadedWith({ DOCKET_TEAMS: 'local' })).toEqual({ bolt: false, botbuilder: true });
  }, 60_000);
});
