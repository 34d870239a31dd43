// The composition root: the only place that wires configuration, flows, the store and the HTTP
// adapters together. `npm start` runs this file; tests call `startServer` on port 0.
import { mountApi } from '../adapters/api/mount.ts';
import { HttpWebhookSender } from '../adapters/api/webhook-sender.ts';
import { healthHandler } from '../adapters/http/health.ts';
import { metricsHandler } from '../adapters/http/metrics-route.ts';
import type { MountedSlack, SlackOptions } from '../adapters/slack/mount.ts';
import { slackOff } from '../adapters/slack/off.ts';
import { teamsOff } from '../adapters/teams/off.ts';
import { mountPlaceholders } from '../adapters/http/placeholders.ts';
import { mountWeb } from '../adapters/web/mount.ts';
import { HttpServer } from '../adapters/http/server.ts';
import { type Config, formatConfigProblem, readConfig } from './config.ts';
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { CommandQueue, DEFAULT_QUEUE } from './app/command-queue.ts';
import { Engine } from './app/execute.ts';
import { saveCurrentVersions } from './app/flow-versions.ts';
import { AuditCheckpointer } from './app/audit-checkpointer.ts';
import { RETENTION_EVERY_MS, RetentionRunner } from './app/retention-runner.ts';
import { signerFrom } from './store/audit-signing.ts';
import { OutboxDispatcher } from './app/outbox-dispatcher.ts';
import { TimerRunner } from './app/timer-runner.ts';
import { WebhookDispatcher } from './app/webhook-dispatcher.ts';
import { systemTargets, WebhookRegistry } from './app/webhook-registry.ts';
import { InboundHooks } from './app/inbound-hooks.ts';
import { inboundKeysOf } from './store/inbound-keys.ts';
import { loadWebhooksFile } from './flows/webhooks-file.ts';
import { isEntry } from './entry.ts';
import { loadEnvFile } from './env-file.ts';
import { formatProblem, loadFlows } from './flows/load.ts';
import type { FlowRegistry } from './flows/registry.ts';
import type { Directory } from './ports/directory.ts';
import { createLogger, type Logger } from './log.ts';
import { docketMetrics } from './docket-metrics.ts';
import { Metrics } from './metrics.ts';
import type { ChatPort } from './ports/chat.ts';
import type { Store } from './ports/store.ts';
import { apiTokensOf } from './store/api-tokens.ts';
import { healthProbeOf } from './store/health.ts';
import { itemQueriesOf } from './store/item-queries.ts';
import { openStore } from './store/open.ts';
import { opsStatsOf } from './store/ops-stats.ts';
import { outboxStoreOf, retentionStoreOf, timerStoreOf } from './store/ports.ts';
import { webhookOutboxOf } from './store/webhook-outbox.ts';
import { webhookSubscriptionsOf } from './store/webhook-subscriptions.ts';
import { VERSION } from './version.ts';

/** Kubernetes waits 30 s between SIGTERM and SIGKILL by default; finish well inside that. */
export const SHUTDOWN_GRACE_MS = 10_000;
/** how often due timers are looked for: reminders and breaches fire within a second or so */
export const TIMER_POLL_MS = 1_000;
/**
 * how often the outbox is looked at for rows other replicas wrote (or retries come due); rows
 * this process commits wake its dispatcher at once
 */
export const OUTBOX_POLL_MS = 500;
/** how often the webhook outbox is looked at (and API-made subscriptions reloaded) */
export const WEBHOOK_POLL_MS = 1_000;

export interface ServerDeps {
  log: Logger;
  /** loaded from `config.flowsDir` when not given, with the org directory beside them */
  flows: { registry: FlowRegistry; directory: Directory };
  /** the wall clock; tests pass a fixed one */
  now: () => Date;
  /** opened (and migrated) from `config.databaseUrl` when not given; then closed by close() */
  store: Store;
  metrics: Metrics;
  /**
   * the chat ports of the enabled platforms (the Slack and Teams adapters build theirs); the
   * outbox gets one row per platform here, and none when there is none (local console only)
   */
  chatPorts: ChatPort[];
  /** Slack adapter settings tests pin: the Web API retries, the signature clock */
  slack: Pick<SlackOptions, 'retryConfig' | 'nowMs' | 'connect'>;
  /** where flows/webhooks.yaml finds its secrets (secretEnv); process.env by default */
  env: NodeJS.ProcessEnv;
  /** webhook delivery settings tests pin: the receiver's timeout, the attempts before dead */
  webhookOptions: { timeoutMs?: number; maxAttempts?: number };
}

export interface RunningServer {
  url: string;
  server: HttpServer;
  /** the engine every adapter sends commands to: behind the bounded command queue (the clock alone uses the engine itself) */
  engine: Engine;
  /** the loops started after listening: the timer runner, and the dispatcher when a platform is enabled */
  clock: { timers: TimerRunner; outbox?: OutboxDispatcher; checkpoints: AuditCheckpointer; retention: RetentionRunner; webhooks: WebhookDispatcher };
  /** POST /slack/events (or Socket Mode); `idle()` waits for work still running after an ack */
  slack: MountedSlack;
  /** stop accepting, finish in-flight requests (up to the grace), close what we opened */
  close(): Promise<void>;
}

/** Refusing to start is an answer, not a crash: `lines` say why, one problem each. */
export class StartupError extends Error {
  constructor(
    message: string,
    readonly lines: string[],
  ) {
    super(message);
    this.name = 'StartupError';
  }
}

export async function startServer(config: Config, deps: Partial<ServerDeps> = {}): Promise<RunningServer> {
  const log = deps.log ?? createLogger({ level: config.logLevel, format: config.logFormat });
  log.info('starting docket', { version: VERSION, settings: config.describe() });

  if (config.audit.signingKey) {
    try {
      signerFrom(config.audit.signingKey);
    } catch (err) {
      throw new StartupError('refusing to start: DOCKET_AUDIT_SIGNING_KEY cannot sign', [(err as Error).message]);
    }
  }
  const { registry: flows, directory } = deps.flows ?? (await loadOrRefuse(config.flowsDir, log));
  log.info('flows', { request: flows.requestFlows().map((f) => f.def.id), case: flows.caseFlows().map((f) => f.def.id) });
  const now = deps.now ?? (() => new Date());

  const ownStore = !deps.store;
  const store = deps.store ?? (await openStore(config.databaseUrl, { migrate: true }));
  if (ownStore) log.info('database ready', { dialect: store.dialect });
  // items already running keep the version they started on: remember the current ones
  await saveCurrentVersions(flows, store, now());
  const chatPorts = [...(deps.chatPorts ?? [])];
  // an SDK is loaded only when its platform is configured (start-up time and memory, issue 14)
  const slack = config.platforms.slack ? (await import('../adapters/slack/mount.ts')).createSlack({ slack: config.slack, store, directory, log, ...deps.slack }) : slackOff();
  if (slack.chatPort && !chatPorts.some((p) => p.platform === 'slack')) chatPorts.push(slack.chatPort);
  const teams = config.platforms.teams ? (await import('../adapters/teams/mount.ts')).createTeams({ teams: config.teams, store, log, now }) : teamsOff();
  if (teams.chatPort && !chatPorts.some((p) => p.platform === 'teams')) chatPorts.push(teams.chatPort);
  const timers = timerStoreOf(store);
  const hooksFile = await loadWebhooksFile(config.flowsDir, deps.env ?? process.env);
  if (!hooksFile.ok) {
    if (ownStore) await store.close();
    throw new StartupError(`refusing to start: ${hooksFile.problems.length} problem(s) in the webhooks file`, hooksFile.problems);
  }
  const webhookOutbox = webhookOutboxOf(store);
  const webhookSubscriptions = webhookSubscriptionsOf(store);
  const webhookRegistry = new WebhookRegistry(hooksFile.subscriptions, webhookSubscriptions, systemTargets(flows, deps.env ?? process.env));
  await webhookRegistry.refresh();
  let hooks: InboundHooks;
  try {
    hooks = new InboundHooks(flows, deps.env ?? process.env);
  } catch (err) {
    if (ownStore) await store.close();
    throw new StartupError('refusing to start: the inbound hooks clash', [(err as Error).message]);
  }
  for (const line of hooks.describe()) log.info(line);
  const engine = new Engine({
    inbound: inboundKeysOf(store), store, flows, directory, now, timers, platforms: chatPorts.map((p) => p.platform), webhooks: { outbox: webhookOutbox, subscriptions: () => webhookRegistry.current() } });

  for (const line of config.describe()) {
    if (line.startsWith('slack:') || line.startsWith('teams:')) log.info(line);
  }

  const metrics = deps.metrics ?? new Metrics().collectDefaults();
  metrics.gauge('process_uptime_seconds', 'Seconds since the process started', () => process.uptime());
  const docket = docketMetrics(metrics, opsStatsOf(store), now, log.child({ component: 'metrics' }));
  // the clock's commands go to the engine itself, people's through the queue: meter both
  docket.meterEngine(engine);
  const server = new HttpServer({ log, metrics, trustProxy: config.trustProxy });
  // Replicas share the timers and the outbox: each leases what it works on under its own name.
  const owner = `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
  server.route('GET', '/healthz', healthHandler({ store, probe: healthProbeOf(store), replica: owner, now, flows, platforms: config.platforms, version: VERSION }), { quiet: true });
  server.route('GET', '/metrics', metricsHandler(metrics), { quiet: true });
  mountPlaceholders(server);
  // people's commands (chat clicks after their ack, console forms) wait their turn here; a full
  // queue answers engine.busy. The clock's own commands use the engine directly.
  const queue = new CommandQueue(engine.deps, DEFAULT_QUEUE[store.dialect]);
  docket.meterEngine(queue);
  metrics.gauge('docket_command_queue_waiting', 'Commands waiting for the engine', () => queue.depth.waiting);
  metrics.gauge('docket_command_queue_running', 'Commands the engine is running', () => queue.depth.running);
  metrics.gauge('docket_command_queue_refused', 'Commands refused as busy since start', () => queue.depth.refused);
  teams.mount(server, queue);
  const slackMounted = await slack.mount(server, queue);
  mountWeb(server, { engine: queue, config, log });
  mountApi(server, {
    engine: queue,
    queries: itemQueriesOf(store),
    tokens: apiTokensOf(store),
    flows,
    now,
    log: log.child({ component: 'api' }),
    webhooks: { registry: webhookRegistry, subscriptions: webhookSubscriptions, outbox: webhookOutbox },
    hooks,
  });

  let url: string;
  try {
    url = await server.listen(config.port, config.host);
  } catch (err) {
    if (ownStore) await store.close();
    throw err;
  }
  log.info('listening', { url, host: config.host });

  const clock = {
    timers: new TimerRunner(engine, timers, { owner }, log.child({ component: 'timers' })),
    ...(chatPorts.length > 0 ? { outbox: new OutboxDispatcher({ outbox: outboxStoreOf(store), ports: chatPorts.map((p) => docket.meterChatPort(p)), directory, now, log: log.child({ component: 'outbox' }) }, { owner }) } : {}),
    checkpoints: new AuditCheckpointer({ store, now, signingKey: config.audit.signingKey, exportFile: config.audit.exportFile, log: log.child({ component: 'audit' }) }),
    // daily, and once at start: items past their flow's retention lose their personal data
    retention: new RetentionRunner({ engine, retention: retentionStoreOf(store), now, log: log.child({ component: 'retention' }) }),
    webhooks: new WebhookDispatcher(
      { outbox: webhookOutbox, registry: webhookRegistry, sender: new HttpWebhookSender({ allowIps: config.webhooks.allowIps, ...(deps.webhookOptions?.timeoutMs ? { timeoutMs: deps.webhookOptions.timeoutMs } : {}) }), now, log: log.child({ component: 'webhooks' }) },
      { owner, ...(deps.webhookOptions?.maxAttempts ? { maxAttempts: deps.webhookOptions.maxAttempts } : {}) },
    ),
  };
  clock.timers.start(TIMER_POLL_MS);
  clock.checkpoints.start(config.audit.checkpointEveryMs);
  clock.outbox?.start(OUTBOX_POLL_MS);
  clock.retention.start(RETENTION_EVERY_MS);
  const outbox = clock.outbox;
  // both: the clock commits through the engine, people through the queue (an Engine of its own)
  if (outbox) {
    engine.onQueued(() => outbox.wake());
    queue.onQueued(() => outbox.wake());
  }
  clock.webhooks.start(WEBHOOK_POLL_MS);
  log.info('clock started', { owner, platforms: chatPorts.map((p) => p.platform) });

  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      await server.close(SHUTDOWN_GRACE_MS);
      await slackMounted.stop();
      // the loops finish the round they are in before the store goes away
      await clock.timers.stop();
      await clock.outbox?.stop();
      await clock.checkpoints.stop();
      await clock.retention.stop();
      await clock.webhooks.stop();
      if (ownStore) await store.close();
    })());
  return { url, server, engine: queue, clock, slack: slackMounted, close };
}

async function loadOrRefuse(dir: string, log: Logger): Promise<ServerDeps['flows']> {
  const loaded = await loadFlows(dir);
  if (!loaded.ok) {
    throw new StartupError(`refusing to start: ${loaded.problems.length} problem(s) in the flows under ${dir}`, loaded.problems.map(formatProblem));
  }
  log.info('flows loaded', { dir, files: loaded.files.length });
  return { registry: loaded.registry, directory: loaded.directory };
}

/** `npm start`: configuration from the environment, signals for shutdown. */
export async function main(): Promise<void> {
  try {
    loadEnvFile();
  } catch (err) {
    process.stderr.write(`docket: cannot start: ${(err as Error).message}\n`);
    process.exit(1);
  }
  const read = readConfig(process.env);
  if (!read.ok) {
    process.stderr.write(`docket: cannot start, the configuration has ${read.problems.length} problem(s):\n`);
    for (const p of read.problems) process.stderr.write(`  ${formatConfigProblem(p)}\n`);
    process.exit(1);
  }
  const log = createLogger({ level: read.config.logLevel, format: read.config.logFormat });
  process.on('uncaughtException', (err) => {
    log.error('uncaught exception', { err });
    process.exit(1);
  });
  process.on('unhandledRejection', (err) => {
    log.error('unhandled promise rejection', { err });
    process.exit(1);
  });

  let running: RunningServer;
  try {
    running = await startServer(read.config, { log });
  } catch (err) {
    if (err instanceof StartupError) {
      for (const line of err.lines) process.stderr.write(line + '\n');
      process.stderr.write(`docket: ${err.message}\n`);
      log.error(err.message, { problems: err.lines.length });
    } else if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      // The likeliest first-day mistake: a second `npm start`. Say it plainly.
      process.stderr.write(`docket: port ${read.config.port} on ${read.config.host} is already in use; stop the other process or set PORT\n`);
      log.error('could not start: address in use', { err });
    } else {
      log.error('could not start', { err });
    }
    process.exit(1);
  }

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) {
      log.warn('second signal while shutting down; exiting now', { signal });
      process.exit(1);
    }
    stopping = true;
    log.info('shutting down', { signal, graceMs: SHUTDOWN_GRACE_MS });
    running.close().then(
      () => {
        log.info('stopped');
        process.exit(0);
      },
      (err: unknown) => {
        log.error('error while shutting down', { err });
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

if (isEntry(import.meta.url)) await main();
