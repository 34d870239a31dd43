// Docket as Slack sees it: startServer on port 0 with a temp SQLite file and the example flows,
// the Web API answered by FakeSlack, and helpers that sign and POST what Slack would send to
// /slack/events. The outbox and timer loops are stopped: tests deliver with `deliver()`.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { signatureFor } from '../../../adapters/slack/signature.ts';
import { readConfig } from '../../../src/config.ts';
import { silentLogger } from '../../../src/log.ts';
import { type RunningServer, startServer } from '../../../src/main.ts';
import { sqlOf } from '../../support/databases.ts';
import { API_URL, FakeSlack, HOOKS, type SlackUser } from './fake-slack.ts';

export const SECRET = 'test-signing-secret-0123456789abcdef';
export const FLOWS = fileURLToPath(new URL('../../../flows/', import.meta.url));

/** the example org's people as Slack knows them (org.yaml names their slackId) */
export const U = {
  ann: 'U0ANN00001',
  bob: 'U0BOB00001',
  carol: 'U0CAROL001',
  fiona: 'U0FIONA001',
  frank: 'U0FRANK001',
  victor: 'U0VICTOR01',
  sara: 'U0SARA0001',
  omar: 'U0OMAR0001',
  ian: 'U0IAN00001',
  /** Lee Park has no slackId in org.yaml: found by email */
  lee: 'U0LEE00001',
  /** only in the parity fixture's org (test/fixtures/parity/flows) */
  dave: 'U0DAVE0001',
  /** in Slack, not in org.yaml */
  stranger: 'U0STRANGER',
} as const;

export const slackUsers: SlackUser[] = [
  { id: U.ann, email: 'ann@example.com', name: 'Ann Smith' },
  { id: U.bob, email: 'bob@example.com', name: 'Bob Baker' },
  { id: U.carol, email: 'carol@example.com', name: 'Carol Chen' },
  { id: U.fiona, email: 'fiona@example.com', name: 'Fiona Walsh' },
  { id: U.frank, email: 'frank@example.com', name: 'Frank Moreau' },
  { id: U.victor, email: 'victor@example.com', name: 'Victor Ortiz' },
  { id: U.sara, email: 'sara@example.com', name: 'Sara Lindqvist' },
  { id: U.omar, email: 'omar@example.com', name: 'Omar Haddad' },
  { id: U.ian, email: 'ian@example.com', name: 'Ian Novak' },
  { id: U.lee, email: 'lee@example.com', name: 'Lee Park' },
  { id: U.dave, email: 'dave@example.com', name: 'Dave Dunn' },
  { id: U.stranger, email: 'visitor@elsewhere.example', name: 'A Visitor' },
];

export interface SlackHarness {
  url: string;
  running: RunningServer;
  slack: FakeSlack;
  clock: { now: Date };
  /** delivers everything due, moving the clock past channel pacing and retries */
  deliver(): Promise<void>;
  /** waits for the work Slack handlers do after their ack */
  idle(): Promise<void>;
  post(body: string, contentType: string, headers?: Record<string, string>): Promise<Response>;
  command(command: '/request' | '/case', userId: string, text: string, extra?: Record<string, string>): Promise<Response>;
  interaction(payload: unknown): Promise<Response>;
  event(event: Record<string, unknown>, eventId?: string, headers?: Record<string, string>): Promise<Response>;
  /** SQL access to the test database */
  db(): ReturnType<typeof sqlOf>;
  close(): Promise<void>;
}

let counter = 0;
export const nextId = (prefix: string) => `${prefix}${Date.now().toString(36)}${(counter++).toString(36)}`;

export function signedHeaders(body: string, contentType: string, at = Math.floor(Date.now() / 1000)): Record<string, string> {
  const ts = String(at);
  return { 'Content-Type': contentType, 'X-Slack-Request-Timestamp': ts, 'X-Slack-Signature': signatureFor(SECRET, ts, body) };
}

export async function slackServer(options: { start?: string; flowsDir?: string } = {}): Promise<SlackHarness> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'docket-slack-'));
  const read = readConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    DATABASE_URL: `sqlite:${path.join(dir, 'docket.db')}`,
    FLOWS_DIR: options.flowsDir ?? FLOWS,
    SLACK_SIGNING_SECRET: SECRET,
    SLACK_BOT_TOKEN: 'xoxb-test-token',
    SLACK_API_URL: API_URL,
  });
  if (!read.ok) throw new Error(JSON.stringify(read.problems));
  const slack = new FakeSlack(slackUsers).start();
  // a Monday morning in Berlin, outside every holiday and absence in the example org
  const clock = { now: new Date(options.start ?? '2026-03-02T08:00:00Z') };
  const running = await startServer(read.config, { log: silentLogger, now: () => clock.now, slack: { retryConfig: { retries: 0 } } });
  // the tests drive delivery and time themselves
  await running.clock.timers.stop();
  await running.clock.outbox?.stop();
  const url = running.url;
  const post = (body: string, contentType: string, headers: Record<string, string> = signedHeaders(body, contentType)) =>
    fetch(`${url}/slack/events`, { method: 'POST', body, headers });
  const harness: SlackHarness = {
    url,
    running,
    slack,
    clock,
    db: () => sqlOf(running.engine.deps.store),
    idle: () => running.slack.idle(),
    async deliver() {
      const outbox = running.clock.outbox;
      if (!outbox) throw new Error('no dispatcher: is Slack configured?');
      for (let round = 0; round < 40; round++) {
        await outbox.runDue();
        const pending = await harness.db()('outbox').where({ status: 'pending' }).count<{ n: number }[]>({ n: '*' });
        if (Number(pending[0]!.n) === 0) return;
        // channel pacing and retry backoff: move on to when the rest is due
        clock.now = new Date(clock.now.getTime() + 30_000);
      }
      throw new Error('the outbox did not drain');
    },
    post,
    command(command, userId, text, extra = {}) {
      const body = new URLSearchParams({
        token: 'legacy-token-unused',
        team_id: 'T0DOCKET01',
        team_domain: 'docket-test',
        channel_id: extra.channel_id ?? 'C0GENERAL1',
        channel_name: 'general',
        user_id: userId,
        user_name: userId.toLowerCase(),
        command,
        text,
        api_app_id: 'A0DOCKET01',
        is_enterprise_install: 'false',
        response_url: `${HOOKS}/commands/T0DOCKET01/${nextId('')}/secret`,
        trigger_id: extra.trigger_id ?? nextId('trigger.'),
      }).toString();
      return post(body, 'application/x-www-form-urlencoded');
    },
    interaction(payload) {
      const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
      return post(body, 'application/x-www-form-urlencoded');
    },
    event(event, eventId = nextId('Ev'), headers = {}) {
      const body = JSON.stringify({
        token: 'legacy-token-unused',
        team_id: 'T0DOCKET01',
        api_app_id: 'A0DOCKET01',
        event,
        type: 'event_callback',
        event_id: eventId,
        event_time: Math.floor(Date.now() / 1000),
        authorizations: [{ enterprise_id: null, team_id: 'T0DOCKET01', user_id: 'U0DOCKETBOT', is_bot: true, is_enterprise_install: false }],
      });
      return post(body, 'application/json', { ...signedHeaders(body, 'application/json'), ...headers });
    },
    async close() {
      await running.close();
      slack.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
  return harness;
}

// ------------------------------------------------------------------ payloads Slack sends

export function blockAction(input: {
  user: string;
  actionId: string;
  value?: string;
  actionTs?: string;
  message?: { channel: string; ts: string };
  home?: boolean;
}): Record<string, unknown> {
  const container = input.home
    ? { type: 'view', view_id: 'VHOME0001' }
    : input.message
      ? { type: 'message', message_ts: input.message.ts, channel_id: input.message.channel, is_ephemeral: false }
      : { type: 'message', message_ts: '1.0', channel_id: 'C0GENERAL1', is_ephemeral: true };
  return {
    type: 'block_actions',
    user: { id: input.user, username: input.user.toLowerCase(), team_id: 'T0DOCKET01' },
    api_app_id: 'A0DOCKET01',
    token: 'legacy-token-unused',
    container,
    trigger_id: nextId('trigger.'),
    team: { id: 'T0DOCKET01', domain: 'docket-test' },
    is_enterprise_install: false,
    ...(input.home ? { view: { id: 'VHOME0001', type: 'home', blocks: [] } } : { channel: { id: input.message?.channel ?? 'C0GENERAL1' } }),
    ...(input.home ? {} : { response_url: `${HOOKS}/actions/T0DOCKET01/${nextId('')}/secret` }),
    actions: [{ action_id: input.actionId, block_id: 'b1', type: 'button', value: input.value, action_ts: input.actionTs ?? nextId('1718012400.') }],
  };
}

export function viewSubmission(input: { user: string; callbackId: string; metadata: unknown; values: Record<string, Record<string, unknown>>; viewId?: string }): Record<string, unknown> {
  return {
    type: 'view_submission',
    team: { id: 'T0DOCKET01', domain: 'docket-test' },
    user: { id: input.user, username: input.user.toLowerCase(), team_id: 'T0DOCKET01' },
    api_app_id: 'A0DOCKET01',
    token: 'legacy-token-unused',
    trigger_id: nextId('trigger.'),
    view: {
      id: input.viewId ?? nextId('V'),
      team_id: 'T0DOCKET01',
      type: 'modal',
      blocks: [],
      private_metadata: JSON.stringify(input.metadata),
      callback_id: input.callbackId,
      state: { values: input.values },
      hash: '1718012500.abc',
      app_installed_team_id: 'T0DOCKET01',
    },
    response_urls: [],
    is_enterprise_install: false,
  };
}

/** state.values as Slack sends them, from simple field → value pairs */
export const input = {
  text: (value: string) => ({ value: { type: 'plain_text_input', value } }),
  number: (value: string) => ({ value: { type: 'number_input', value } }),
  select: (value: string) => ({ value: { type: 'static_select', selected_option: { value, text: { type: 'plain_text', text: value } } } }),
  date: (value: string) => ({ value: { type: 'datepicker', selected_date: value } }),
  user: (value: string) => ({ value: { type: 'users_select', selected_user: value } }),
  radio: (value: string) => ({ value: { type: 'radio_buttons', selected_option: { value } } }),
};
