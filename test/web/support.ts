// The console on a real HttpServer over a real store, and a tiny browser-like client that keeps
// the session cookie and reads the CSRF token from the last page, for HTTP-level tests.
import { HttpServer } from '../../adapters/http/server.ts';
import { mountWeb, type MountedWeb } from '../../adapters/web/mount.ts';
import type { FlowRegistry } from '../../src/flows/registry.ts';
import { silentLogger } from '../../src/log.ts';
import type { Directory } from '../../src/ports/directory.ts';
import { storeTargets, type OpenedStore, type StoreTarget } from '../support/databases.ts';
import { engineOn, type TestEngine } from '../support/engine-on-store.ts';

export const TOKEN = 'test-admin-token-0123456789';

export interface RunningConsole extends TestEngine {
  url: string;
  opened: OpenedStore;
  web: MountedWeb;
  server: HttpServer;
  close(): Promise<void>;
}

export interface ConsoleOptions {
  console?: 'local' | 'off';
  adminToken?: string;
  /** local mode opened to other machines (DOCKET_CONSOLE=local with HOST set) */
  consoleShared?: boolean;
  /** DOCKET_TRUST_PROXY */
  trustProxy?: number;
  /** the address to listen on; 127.0.0.1 by default */
  host?: string;
  target?: StoreTarget;
  start?: string;
  /** other flows and people than test/support/world.ts (the example flows, say) */
  world?: { flows: FlowRegistry; directory: Directory };
}

export async function startConsole(options: ConsoleOptions = {}): Promise<RunningConsole> {
  const target = options.target ?? storeTargets()[0]!;
  const opened = await target.open();
  const start = options.start ?? '2026-11-30T09:00:00Z';
  const t = options.world ? await engineOn(opened.store, options.world.flows, start, { directory: options.world.directory }) : await engineOn(opened.store, undefined, start);
  const server = new HttpServer({ log: silentLogger, trustProxy: options.trustProxy });
  const web = mountWeb(server, { engine: t.engine, config: { console: options.console ?? 'local', adminToken: options.adminToken, consoleShared: options.consoleShared }, log: silentLogger, pollMs: 25 });
  const url = await server.listen(0, options.host ?? '127.0.0.1');
  return {
    ...t,
    url,
    opened,
    web,
    server,
    close: async () => {
      web.close();
      await server.close(200);
      await opened.cleanup();
    },
  };
}

export interface Page {
  status: number;
  headers: Headers;
  body: string;
  location: string | null;
}

/** a browser in miniature: one cookie jar, the CSRF token of the last page it loaded */
export class Client {
  cookie: string | undefined;
  csrf: string | undefined;
  last: Page | undefined;

  constructor(readonly base: string) {}

  async get(path: string): Promise<Page> {
    return this.#request(path, { method: 'GET' });
  }

  /** posts a form; the CSRF token of the last page goes with it unless `_csrf` is given (or null to leave it out) */
  async post(path: string, fields: Record<string, string | null>): Promise<Page> {
    const form = new URLSearchParams();
    const withToken: Record<string, string | null> = { _csrf: this.csrf ?? null, ...fields };
    for (const [k, v] of Object.entries(withToken)) if (v !== null) form.set(k, v);
    return this.#request(path, { method: 'POST', body: form.toString(), headers: { 'Content-Type': 'application/x-www-form-urlencoded' } });
  }

  async actAs(email: string): Promise<Page> {
    if (!this.csrf) await this.get('/');
    const page = await this.post('/act-as', { person: email, next: '/' });
    if (page.status !== 303) throw new Error(`act-as ${email} answered ${page.status}`);
    return page;
  }

  async #request(path: string, init: RequestInit): Promise<Page> {
    const res = await fetch(this.base + path, { ...init, redirect: 'manual', headers: { ...(init.headers as Record<string, string>), ...(this.cookie ? { Cookie: this.cookie } : {}) } });
    const set = res.headers.get('set-cookie');
    if (set) {
      const pair = set.split(';')[0]!;
      this.cookie = pair.endsWith('=') ? undefined : pair;
    }
    const body = await res.text();
    const token = /name="_csrf" value="([^"]+)"/.exec(body)?.[1];
    if (token) this.csrf = token;
    this.last = { status: res.status, headers: res.headers, body, location: res.headers.get('location') };
    return this.last;
  }
}

/** the text of a page without tags, whitespace collapsed: what a person reads */
export function text(html: string): string {
  return html.replace(/<script[\s\S]*?<\/script>/g, ' ').replace(/<[^>]+>/g, ' ').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&').replace(/\s+/g, ' ');
}

/** the hidden _key of the first form posting to `action`, so a test can repeat a submit */
export function formKey(html: string, action: string): string | undefined {
  const at = html.indexOf(`action="${action}"`);
  return at < 0 ? undefined : /name="_key" value="([^"]+)"/.exec(html.slice(at))?.[1];
}
