// The console's plumbing on top of HttpServer: sessions, who may see which page in which mode,
// CSRF on every POST, security headers on every answer. Pages are functions from a Visit to a
// Reply; they never touch cookies or headers themselves.
import type { IncomingMessage } from 'node:http';
import type { TLSSocket } from 'node:tls';
import { isLoopbackAddress } from '../http/client-address.ts';
import type { HttpContext, HttpServer } from '../http/server.ts';
import { HttpError } from '../http/server.ts';
import { type Html } from './html.ts';
import type { ConsoleMode } from './mode.ts';
import { messagePage } from './pages/message.ts';
import { explain } from '../../src/core/refusals.ts';
import type { Session, Sessions } from './session.ts';

/**
 * open: served in every mode (assets, the login page decides itself);
 * local: local mode only (act-as); person: local mode with someone chosen to act as;
 * staff: reports, local mode or an admin signed in with the token;
 * admin: the admin pages, for people who hold the admin role in org.yaml (in every mode).
 */
export type Need = 'open' | 'local' | 'person' | 'staff' | 'admin';

export interface Visit {
  ctx: HttpContext;
  mode: ConsoleMode;
  session: Session;
  csrf: string;
  /** local mode: the person chosen; admin mode: the admin signed in */
  actor?: string;
  /** the urlencoded body of a POST */
  form: URLSearchParams;
  /** replaces the session (act-as, sign in, sign out) with the reply */
  renew(session: Session | undefined): void;
}

export interface PageReply {
  kind: 'page';
  status?: number;
  title: string;
  body: Html;
  /** subjects whose changes refresh this page live; '*' for any */
  watch?: readonly string[] | '*';
  /** extra scripts of /assets/ this page needs (chart.js on the reports page) */
  scripts?: readonly string[];
}
export type Reply =
  | PageReply
  | { kind: 'redirect'; to: string }
  | { kind: 'raw'; status: number; body: string | Buffer; headers: Record<string, string> }
  /** the page wrote its own response (server-sent events) */
  | { kind: 'stream' };

export type Page = (visit: Visit) => Promise<Reply> | Reply;
export type Layout = (visit: Visit, reply: PageReply) => Html;

/** No inline script or style anywhere: the console's own files and chart.js only. */
export const SECURITY_HEADERS: Record<string, string> = {
  'Content-Security-Policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; font-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'same-origin',
  'Cross-Origin-Opener-Policy': 'same-origin',
};

const FORM_LIMIT = 256 * 1024;

export class Site {
  constructor(
    private readonly server: HttpServer,
    private readonly sessions: Sessions,
    readonly mode: ConsoleMode,
    private readonly layout: Layout,
    private readonly personKnown: (email: string) => boolean,
    /** the admin role of org.yaml: who may use the admin pages, and their names for the refusal */
    private readonly admins: { is(email: string): boolean; names(): string } = { is: () => false, names: () => 'nobody' },
  ) {}

  private isAdmin(email: string): boolean {
    return this.admins.is(email);
  }

  private adminNames(): string {
    return this.admins.names();
  }

  get(path: string, need: Need, page: Page): this {
    this.server.route('GET', path, (ctx) => this.#serve(ctx, need, page, false), { quiet: isLiveRefetch });
    return this;
  }

  post(path: string, need: Need, page: Page): this {
    this.server.route('POST', path, (ctx) => this.#serve(ctx, need, page, true));
    return this;
  }

  async #serve(ctx: HttpContext, need: Need, page: Page, isPost: boolean): Promise<void> {
    const secure = ctx.req.headers['x-forwarded-proto'] === 'https' || Boolean((ctx.req.socket as TLSSocket).encrypted);
    const existing = this.sessions.read(ctx.req.headers.cookie);
    let session = existing ?? this.sessions.fresh();
    let cookie: string | undefined = existing ? undefined : this.sessions.cookie(session, secure);
    const actorOf = (s: Session): string | undefined => {
      const who = this.mode.kind === 'local' ? s.as : this.mode.kind === 'admin' ? s.admin : undefined;
      return who && this.personKnown(who) ? who : undefined;
    };
    const visit: Visit = {
      ctx,
      mode: this.mode,
      session,
      csrf: this.sessions.csrfToken(session),
      actor: actorOf(session),
      form: new URLSearchParams(),
      renew: (next) => {
        session = next ?? this.sessions.fresh();
        cookie = next ? this.sessions.cookie(next, secure) : this.sessions.clearCookie(secure);
        visit.session = session;
        visit.csrf = this.sessions.csrfToken(session);
        visit.actor = actorOf(session);
      },
    };
    const reply = await this.#answer(visit, need, page, isPost, existing);
    this.#send(visit, reply, cookie);
  }

  async #answer(visit: Visit, need: Need, page: Page, isPost: boolean, existing: Session | undefined): Promise<Reply> {
    const { mode } = this;
    if (mode.kind === 'local' && !mode.shared && !fromThisMachine(visit.ctx)) {
      visit.ctx.log.warn('console: local mode refused a visitor from another machine', { client: visit.ctx.client.address, forwarded: visit.ctx.client.forwardedUntrusted });
      return notHere();
    }
    if (mode.kind === 'off' && need !== 'open') return offPage();
    if ((need === 'local' || need === 'person') && mode.kind !== 'local') {
      return messagePage(403, 'Act-as is off', [
        'A chat platform is configured, so people are who Slack or Teams says they are: nobody can act as someone else here.',
        'This console offers reports and admin actions to holders of the admin token.',
      ], { href: '/reports', label: 'Reports' });
    }
    if (isPost) {
      visit.form = await readForm(visit.ctx);
      // a POST without our session cookie, or with a token that is not this session's, did not come from our form
      if (!this.sessions.checkCsrf(existing, visit.form.get('_csrf') ?? undefined)) {
        return messagePage(403, 'This form could not be accepted', [
          'It did not carry a valid security token (CSRF check), so it may not have come from this console, or your session ended.',
          'Go back, reload the page and try again.',
        ]);
      }
    }
    if ((need === 'staff' || need === 'admin') && mode.kind === 'admin' && !visit.actor) {
      if (isPost) return messagePage(403, 'Sign in first', ['This action needs an admin signed in with the admin token.'], { href: '/login', label: 'Sign in' });
      return { kind: 'redirect', to: `/login?next=${encodeURIComponent(visit.ctx.path)}` };
    }
    if (need === 'person' && !visit.actor) return { kind: 'redirect', to: `/?next=${encodeURIComponent(visit.ctx.path)}` };
    if (need === 'admin') {
      // admin is a role in org.yaml, the same on every surface: the token only proves the sign-in
      if (!visit.actor) return { kind: 'redirect', to: `/?next=${encodeURIComponent(visit.ctx.path)}` };
      if (!this.isAdmin(visit.actor)) return messagePage(403, 'Admins only', [explain('permission.admin_only', { who: this.adminNames() })], { href: '/', label: 'Home' });
    }
    return page(visit);
  }

  #send(visit: Visit, reply: Reply, cookie: string | undefined): void {
    const { ctx } = visit;
    const headers: Record<string, string> = { ...SECURITY_HEADERS, 'Cache-Control': 'no-store' };
    if (cookie) headers['Set-Cookie'] = cookie;
    switch (reply.kind) {
      case 'redirect':
        return ctx.send(303, '', { ...headers, Location: safeLocal(reply.to) });
      case 'raw':
        return ctx.send(reply.status, reply.body, { ...headers, ...reply.headers });
      case 'stream':
        return;
      case 'page':
        return ctx.send(reply.status ?? 200, this.layout(visit, reply).value, { ...headers, 'Content-Type': 'text/html; charset=utf-8' });
      default: {
        const unhandled: never = reply;
        throw new Error(`unhandled reply ${JSON.stringify(unhandled)}`);
      }
    }
  }
}

/** a loopback client, and no forwarding headers that would mean a proxy on this machine relays others */
function fromThisMachine(ctx: HttpContext): boolean {
  return isLoopbackAddress(ctx.client.address) && !ctx.client.forwardedUntrusted;
}

/** what a visitor from another machine sees in (unshared) local mode */
export function notHere(): Reply {
  return messagePage(403, 'This console answers only on its own machine', [
    'In local mode anyone can act as anyone in org.yaml, an admin included, so the console takes visitors from this machine only.',
    'To run a shared demo on purpose, set DOCKET_CONSOLE=local and an explicit HOST (such as HOST=0.0.0.0) and restart; everyone who can reach the server can then act as anyone, so never do it with real data.',
  ]);
}

/** console.js refetching a page because something on it changed (X-Docket-Live): logged at debug */
function isLiveRefetch(req: IncomingMessage): boolean {
  return req.headers['x-docket-live'] === '1';
}

export function offPage(): Reply {
  return messagePage(503, 'The web console is off', [
    'A chat platform (Slack or Teams) is configured, so acting as other people is switched off, and no admin token is set.',
    'To use the reports and admin pages, set DOCKET_ADMIN_TOKEN (at least 16 characters) and restart; then sign in here with it.',
    'To try Docket locally instead, run it without Slack or Teams settings, or set DOCKET_CONSOLE=local (never on a shared server).',
  ]);
}

async function readForm(ctx: HttpContext): Promise<URLSearchParams> {
  const type = String(ctx.req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/x-www-form-urlencoded') throw new HttpError(415, 'unsupported_media_type', 'Console forms are sent as application/x-www-form-urlencoded.');
  const body = await ctx.readBody();
  if (body.length > FORM_LIMIT) throw new HttpError(413, 'payload_too_large', 'The form is too large.');
  return new URLSearchParams(body.toString('utf8'));
}

/** only paths on this site: "/x" yes, "//evil.example" or "https://…" no */
export function safeLocal(to: string): string {
  return /^\/(?![/\\])[^\s]*$/.test(to) ? to : '/';
}
