// The web console on the one HTTP server: a third chat surface over the same engine (local
// mode), reports and admin pages (admin mode), or a page saying how to turn it on (off).
//
//   mountWeb(server, { engine, config, log });
//
// Routes: GET / (home or the act-as picker), POST /act-as, GET /new, GET|POST /new/request/:flow,
// GET|POST /new/case/:flow, GET /requests/:id (+ /chat, /edit), POST /requests/:id/act and
// /resubmit, GET /cases/:id (+ /chat), POST /cases/:id/act, GET /events (server-sent events),
// GET /reports, GET /reports/<name>.csv, GET /admin, POST /admin/reassign,
// POST /admin/dead/:id/retry, POST /admin/webhooks/:id/redeliver, GET|POST /login, POST /logout, GET /assets/*.
import { tryRequestFlow } from './pages/try-flow.ts';
import type { Config } from '../../src/config.ts';
import type { Engine } from '../../src/app/execute.ts';
import { Views } from '../../src/app/views.ts';
import type { Logger } from '../../src/log.ts';
import { auditFeedOf } from '../../src/store/audit-feed.ts';
import { deadLettersOf } from '../../src/store/dead-letters.ts';
import { webhookOutboxOf } from '../../src/store/webhook-outbox.ts';
import { reportsOf } from '../../src/store/reports.ts';
import type { HttpServer } from '../http/server.ts';
import { assetHandler, loadAssets } from './assets.ts';
import type { WebDeps } from './deps.ts';
import { makeLayout } from './layout.ts';
import { LiveFeed } from './live.ts';
import { consoleMode, describeMode } from './mode.ts';
import { act, editForm, resubmit } from './pages/act.ts';
import { adminPage, reassignAll, requeue } from './pages/admin.ts';
import { recordJson, recordPage } from './pages/record.ts';
import { redeliverWebhook } from './pages/webhooks-admin.ts';
import { bulkPost, homePage } from './pages/home.ts';
import { listPage } from './pages/list.ts';
import { chatPreviewPage, itemPage } from './pages/item.ts';
import { newPage, openCase, showCaseForm, showRequestForm, submitRequest } from './pages/new.ts';
import { actAs, login, LoginThrottle, logout, showLogin } from './pages/session.ts';
import { reportCsv, reportsPage } from './reports/page.ts';
import { Sessions } from './session.ts';
import { offPage, SECURITY_HEADERS, Site } from './site.ts';

export interface WebOptions {
  engine: Engine;
  config: Pick<Config, 'console' | 'adminToken'> & { consoleShared?: boolean };
  log: Logger;
  /** how often live pages look for changes; 1 s by default */
  pollMs?: number;
}

export interface MountedWeb {
  deps: WebDeps;
  mode: ReturnType<typeof consoleMode>;
  /** ends the live streams (the server's close does it too, within a poll) */
  close(): void;
}

const LOCAL_SESSION_MS = 7 * 24 * 3600_000;
const ADMIN_SESSION_MS = 8 * 3600_000;

export function mountWeb(server: HttpServer, options: WebOptions): MountedWeb {
  const { engine, log } = options;
  const { store, flows, directory, now } = engine.deps;
  const mode = consoleMode(options.config);
  if (mode.kind === 'local' && mode.shared) log.warn(`web console: ${describeMode(mode)}`);
  else log.info(`web console: ${describeMode(mode)}`);
  const sessions = new Sessions(Sessions.key(options.config.adminToken), now, mode.kind === 'admin' ? ADMIN_SESSION_MS : LOCAL_SESSION_MS);
  const live = new LiveFeed(auditFeedOf(store), () => server.node.listening, log, options.pollMs);
  const deps: WebDeps = { engine, views: new Views(engine), directory, flows, store, reports: reportsOf(store), deadLetters: deadLettersOf(store), webhooks: webhookOutboxOf(store), live, now, log };
  const admins = { is: (email: string) => directory.isAdmin(email), names: () => directory.role('admin').map((e) => directory.nameOf(e)).join(', ') || 'nobody is (add people to the admin role in org.yaml)' };
  const site = new Site(server, sessions, mode, makeLayout(directory), (email) => directory.person(email) !== undefined, admins);
  const throttle = new LoginThrottle(now);

  // every page view fetches these: their lines at debug keep the log about what people did
  server.route('GET', '/assets/*', assetHandler(loadAssets()), { quiet: true });

  site.get('/', 'open', (v) => (mode.kind === 'local' ? homePage(deps, v) : mode.kind === 'admin' ? { kind: 'redirect', to: v.actor ? '/reports' : '/login' } : offPage()));
  site.post('/act-as', 'local', (v) => actAs(deps, sessions, v));
  site.get('/login', 'open', (v) => showLogin(v));
  site.post('/login', 'open', (v) => login(deps, sessions, throttle, mode, v));
  site.post('/logout', 'staff', (v) => logout(v));

  site.get('/new', 'person', (v) => newPage(deps, v));
  site.get('/new/request/:flow', 'person', (v) => showRequestForm(deps, v));
  site.post('/new/request/:flow', 'person', (v) => submitRequest(deps, v));
  site.post('/new/request/:flow/try', 'person', (v) => tryRequestFlow(deps, v));
  site.get('/new/case/:flow', 'person', (v) => showCaseForm(deps, v));
  site.post('/new/case/:flow', 'person', (v) => openCase(deps, v));

  site.get('/requests', 'person', (v) => listPage(deps, v, 'request'));
  site.get('/cases', 'person', (v) => listPage(deps, v, 'case'));
  site.post('/bulk', 'person', (v) => bulkPost(deps, v));
  site.get('/requests/:id', 'person', (v) => itemPage(deps, v, 'request', v.ctx.params.id ?? ''));
  site.get('/requests/:id/chat', 'person', (v) => chatPreviewPage(deps, v, 'request'));
  site.get('/requests/:id/edit', 'person', (v) => editForm(deps, v));
  site.post('/requests/:id/act', 'person', (v) => act(deps, v, 'request'));
  site.post('/requests/:id/resubmit', 'person', (v) => resubmit(deps, v));
  site.get('/cases/:id', 'person', (v) => itemPage(deps, v, 'case', v.ctx.params.id ?? ''));
  site.get('/cases/:id/chat', 'person', (v) => chatPreviewPage(deps, v, 'case'));
  site.post('/cases/:id/act', 'person', (v) => act(deps, v, 'case'));

  site.get('/events', 'staff', (v) => {
    live.attach(v.ctx, SECURITY_HEADERS);
    return { kind: 'stream' };
  });

  site.get('/reports', 'staff', (v) => reportsPage(deps, v));
  site.get('/reports/:name', 'staff', (v) => reportCsv(deps, v));
  site.get('/admin', 'admin', (v) => adminPage(deps, v));
  // an item's full record for an auditor (issue 10): admins only, as a page and as JSON
  site.get('/admin/record/:kind/:id/json', 'admin', (v) => recordJson(deps, v));
  site.get('/admin/record/:kind/:id', 'admin', (v) => recordPage(deps, v));
  site.post('/admin/reassign', 'admin', (v) => reassignAll(deps, v));
  site.post('/admin/dead/:id/retry', 'admin', (v) => requeue(deps, v));
  site.post('/admin/webhooks/:id/redeliver', 'admin', (v) => redeliverWebhook(deps, v));

  return { deps, mode, close: () => live.close() };
}
