// Mounting Slack on the one HTTP server. With SLACK_SIGNING_SECRET and SLACK_BOT_TOKEN: HTTP
// mode at POST /slack/events (our Receiver, our signature check), or Socket Mode when
// SLACK_APP_TOKEN is set (Bolt's SocketModeReceiver; for development behind no public URL).
// Without them the route answers 503 with a sentence, so pointing Slack here explains itself.
import { type App, SocketModeReceiver } from '@slack/bolt';
import { Views } from '../../src/app/views.ts';
import type { Engine } from '../../src/app/execute.ts';
import type { Config } from '../../src/config.ts';
import type { Logger } from '../../src/log.ts';
import type { Directory } from '../../src/ports/directory.ts';
import type { Store } from '../../src/ports/store.ts';
import { cardAtOf } from '../../src/store/card-ref-lookup.ts';
import { SqlConversationStore } from '../../src/store/conversations.ts';
import { SqlIdentityStore } from '../../src/store/identities.ts';
import { SqlStore } from '../../src/store/sql-store.ts';
import type { HttpServer } from '../http/server.ts';
import { createBoltApp } from './app.ts';
import { SlackChatPort } from './chat-port.ts';
import { SlackIdentities } from './identity.ts';
import { HttpReceiver } from './receiver.ts';
import { SLACK_EVENTS_PATH, slackOff } from './off.ts';
import type { SlackDeps } from './runtime.ts';
import { boltLogger, createLookupClient, createWebClient, type RetryConfig } from './web-client.ts';

export { SLACK_EVENTS_PATH };

export interface SlackOptions {
  slack: Config['slack'];
  store: Store;
  directory: Directory;
  log: Logger;
  /** the Web API client's retries for interactions; tests pass `{ retries: 0 }` */
  retryConfig?: RetryConfig;
  /** the wall clock for the signature window; tests may pin it */
  nowMs?: () => number;
  /** Socket Mode only: connect when mounted (the default); tests check the choice without a network */
  connect?: boolean;
}

export interface MountedSlack {
  mode: 'http' | 'socket' | 'off';
  app?: App;
  receiver?: HttpReceiver | SocketModeReceiver;
  /** waits for work still running after its ack (tests; shutdown) */
  idle(): Promise<void>;
  stop(): Promise<void>;
}

export interface SlackAdapter {
  mode: MountedSlack['mode'];
  /** what the outbox dispatcher delivers Slack messages through; absent when Slack is off */
  chatPort?: SlackChatPort;
  /** mounts POST /slack/events (or connects the socket) once the engine exists */
  mount(server: HttpServer, engine: Engine): Promise<MountedSlack>;
}

/**
 * Two steps because of the order in the composition root: the chat port is needed before the
 * engine (the engine queues one outbox row per platform that has a port), the routes after it.
 */
export function createSlack(options: SlackOptions): SlackAdapter {
  const { slack, log } = options;
  if (!slack.signingSecret || !slack.botToken) return slackOff();
  if (!(options.store instanceof SqlStore)) throw new Error('the Slack adapter needs a store opened by openStore()');
  const { signingSecret, botToken, appToken } = slack;
  const store = options.store;
  const settings = { botToken, ...(slack.apiUrl ? { apiUrl: slack.apiUrl } : {}), log, ...(options.retryConfig ? { retryConfig: options.retryConfig } : {}) };
  const api = createWebClient(settings);
  // who someone is is asked before acks (and before views.open, whose trigger_id lives 3 s):
  // one quick try, never a sleep through Retry-After
  const identities = new SlackIdentities({ directory: options.directory, cache: new SqlIdentityStore(store.knex), api: createLookupClient(settings), log });
  // deliveries are retried by the dispatcher (with backoff and Retry-After), never inside the client
  const deliveryApi = createWebClient({ ...settings, retryConfig: { retries: 0 } }, { rejectRateLimitedCalls: true });
  const chatPort = new SlackChatPort({ api: deliveryApi, identities, posts: new SqlConversationStore(store.knex), log: log.child({ component: 'slack-chat' }) });
  const clientOptions = { ...(slack.apiUrl ? { slackApiUrl: slack.apiUrl } : {}), retryConfig: options.retryConfig ?? { retries: 0 } };
  const mode = appToken ? 'socket' : 'http';

  const mount = async (server: HttpServer, engine: Engine): Promise<MountedSlack> => {
    const deps: SlackDeps = { engine, views: new Views(engine), api, identities, cardAt: cardAtOf(store), log: log.child({ component: 'slack' }) };
    if (appToken) {
      const receiver = new SocketModeReceiver({ appToken, logger: boltLogger(log.child({ component: 'slack-socket' })), installerOptions: { clientOptions } });
      const app = createBoltApp(deps, receiver, botToken, clientOptions);
      server.route('POST', SLACK_EVENTS_PATH, (ctx) =>
        ctx.json(503, { error: 'not_available', message: 'Slack runs in Socket Mode on this server (SLACK_APP_TOKEN is set): events arrive over the socket, not here.' }),
      );
      const connect = options.connect ?? true;
      if (connect) await app.start();
      log.info('slack: socket mode', { connected: connect });
      return { mode: 'socket', app, receiver, idle: async () => {}, stop: async () => (connect ? void (await app.stop()) : undefined) };
    }
    const receiver = new HttpReceiver({ signingSecret, log, ...(options.nowMs ? { nowMs: options.nowMs } : {}) });
    const app = createBoltApp(deps, receiver, botToken, clientOptions);
    server.route('POST', SLACK_EVENTS_PATH, receiver.handle);
    log.info('slack: listening for events', { path: SLACK_EVENTS_PATH });
    return { mode: 'http', app, receiver, idle: () => receiver.idle(), stop: () => receiver.stop() };
  };
  return { mode, chatPort, mount };
}
