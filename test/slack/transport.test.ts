// POST /slack/events as a transport: only Slack-signed requests inside the five-minute window
// get through (anything else is 401 and changes nothing), Slack's URL check is answered, and the
// route explains itself when Slack is not configured or runs in Socket Mode.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { SocketModeReceiver } from '@slack/bolt';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createSlack } from '../../adapters/slack/mount.ts';
import { signatureFor } from '../../adapters/slack/signature.ts';
import { HttpServer } from '../../adapters/http/server.ts';
import { readConfig } from '../../src/config.ts';
import { silentLogger } from '../../src/log.ts';
import { startServer } from '../../src/main.ts';
import { directory } from '../support/world.ts';
import { engineOn } from '../support/engine-on-store.ts';
import { storeTargets } from '../support/databases.ts';
import { API_URL } from './support/fake-slack.ts';
import { FLOWS, input, SECRET, signedHeaders, type SlackHarness, slackServer, U, viewSubmission } from './support/slack-server.ts';

describe('POST /slack/events: the signature', () => {
  let h: SlackHarness;
  beforeAll(async () => {
    h = await slackServer();
  });
  afterAll(async () => {
    await h.close();
  });

  // a body that would create a request if it got through
  const body = new URLSearchParams({
    payload: JSON.stringify(
      viewSubmission({
        user: U.ann,
        callbackId: 'docket.request_form',
        metadata: { kind: 'request', flow: 'time-off' },
        values: { 'field:from': input.date('2026-03-10'), 'field:to': input.date('2026-03-12'), 'field:days': input.number('3'), 'field:type': input.select('vacation') },
      }),
    ),
  }).toString();
  const form = 'application/x-www-form-urlencoded';
  const now = () => Math.floor(Date.now() / 1000);

  it.each([
    ['a wrong signature', () => ({ ...signedHeaders(body, form), 'X-Slack-Signature': `v0=${'0'.repeat(64)}` }), body, 'mismatch'],
    ['a signature made with another secret', () => ({ ...signedHeaders(body, form), 'X-Slack-Signature': signatureFor('not-the-secret', String(now()), body) }), body, 'mismatch'],
    ['a stale timestamp (5 minutes and 1 second old)', () => signedHeaders(body, form, now() - 301), body, 'stale'],
    ['a timestamp from the future', () => signedHeaders(body, form, now() + 301), body, 'future'],
    ['a truncated body', () => signedHeaders(body, form), body.slice(0, -10), 'mismatch'],
    ['no signature headers', () => ({ 'Content-Type': form }), body, 'missing'],
    ['a malformed signature', () => ({ ...signedHeaders(body, form), 'X-Slack-Signature': 'sha256=abc' }), body, 'malformed'],
  ])('refuses %s with 401 and changes nothing', async (_name, headers, sent, problem) => {
    const res = await h.post(sent, form, headers());
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ error: 'invalid_signature', message: `The request is not signed by Slack (${problem}).` });
    await h.idle();
    expect(await h.running.engine.deps.store.requestsBy('ann@example.com')).toEqual([]);
    expect(h.slack.calls).toEqual([]);
  });

  it('accepts the same body signed properly, four minutes old', async () => {
    const res = await h.post(body, form, signedHeaders(body, form, now() - 240));
    expect(res.status).toBe(200);
    expect(await h.running.engine.deps.store.requestsBy('ann@example.com')).toHaveLength(1);
  });

  it('answers Slack\'s URL verification, signed, with the challenge', async () => {
    const check = JSON.stringify({ token: 'x', challenge: 'ch4ll3nge-value', type: 'url_verification' });
    const res = await h.post(check, 'application/json');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ challenge: 'ch4ll3nge-value' });
    const unsigned = await h.post(check, 'application/json', { 'Content-Type': 'application/json' });
    expect(unsigned.status).toBe(401);
  });

  it('answers 400 with a sentence for signed garbage, and 200 to an SSL check', async () => {
    const garbage = await h.post('{not json', 'application/json');
    expect(garbage.status).toBe(400);
    expect(await garbage.json()).toEqual({ error: 'bad_request', message: 'The body is not valid JSON.' });
    const ssl = await h.post('ssl_check=1&token=x', form);
    expect(ssl.status).toBe(200);
  });
});

describe('POST /slack/events without Slack, and in Socket Mode', () => {
  const dirs: string[] = [];
  afterEach(async () => {
    for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
  });

  it('answers 503 with what to set when Slack is not configured', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'docket-slack-off-'));
    dirs.push(dir);
    const read = readConfig({ PORT: '0', HOST: '127.0.0.1', DATABASE_URL: `sqlite:${dir}/db`, FLOWS_DIR: FLOWS });
    if (!read.ok) throw new Error('config');
    const running = await startServer(read.config, { log: silentLogger });
    try {
      expect(running.slack.mode).toBe('off');
      const res = await fetch(`${running.url}/slack/events`, { method: 'POST', body: 'command=%2Frequest' });
      expect(res.status).toBe(503);
      expect(await res.json()).toEqual({ error: 'not_available', message: 'Slack is not configured on this server: set SLACK_SIGNING_SECRET and SLACK_BOT_TOKEN (see "Slack setup" in the README).' });
    } finally {
      await running.close();
    }
  });

  it('chooses Socket Mode when SLACK_APP_TOKEN is set (without connecting here)', async () => {
    const [target] = storeTargets();
    const { store, cleanup } = await target!.open();
    try {
      const slack = createSlack({
        slack: { signingSecret: SECRET, botToken: 'xoxb-test', appToken: 'xapp-1-test', apiUrl: API_URL },
        store,
        directory,
        log: silentLogger,
        connect: false,
      });
      expect(slack.mode).toBe('socket');
      expect(slack.chatPort?.platform).toBe('slack');
      const server = new HttpServer({ log: silentLogger });
      const mounted = await slack.mount(server, (await engineOn(store)).engine);
      expect(mounted.mode).toBe('socket');
      expect(mounted.receiver).toBeInstanceOf(SocketModeReceiver);
      const url = await server.listen(0, '127.0.0.1');
      const res = await fetch(`${url}/slack/events`, { method: 'POST', body: '{}' });
      expect(res.status).toBe(503);
      expect(((await res.json()) as { message: string }).message).toContain('Socket Mode');
      await server.close();
      await mounted.stop();
    } finally {
      await cleanup();
    }
  });

  it('chooses HTTP mode without SLACK_APP_TOKEN', async () => {
    const [target] = storeTargets();
    const { store, cleanup } = await target!.open();
    try {
      const slack = createSlack({ slack: { signingSecret: SECRET, botToken: 'xoxb-test', apiUrl: API_URL }, store, directory, log: silentLogger });
      expect(slack.mode).toBe('http');
    } finally {
      await cleanup();
    }
  });
});
