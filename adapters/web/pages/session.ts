// Who the browser is: act-as in local mode; signing in and out with the admin token otherwise.
import type { WebDeps } from '../deps.ts';
import { withFlash } from '../flash.ts';
import { explain } from '../../../src/core/refusals.ts';
import { html } from '../html.ts';
import type { ConsoleMode } from '../mode.ts';
import { type Sessions, sameSecret } from '../session.ts';
import { offPage, safeLocal, type PageReply, type Reply, type Visit } from '../site.ts';
import { messagePage } from './message.ts';

export function actAs(deps: WebDeps, sessions: Sessions, visit: Visit): Reply {
  const person = deps.directory.person((visit.form.get('person') ?? '').trim().toLowerCase());
  if (!person) return messagePage(422, 'Choose a person', ['Pick someone from the list: only people in org.yaml can be acted as.'], { href: '/', label: 'Back' });
  visit.renew({ ...sessions.fresh({ as: person.email }), sid: visit.session.sid });
  const next = visit.form.get('next');
  return { kind: 'redirect', to: withFlash(next ? safeLocal(next) : '/', 'act-as') };
}

function loginForm(visit: Visit, error?: string, status = 200): PageReply {
  const next = visit.ctx.query.get('next') ?? visit.form.get('next') ?? '/reports';
  return {
    kind: 'page',
    status,
    title: 'Sign in',
    body: html`<section class="message">
      <h1>Sign in to the Docket console</h1>
      <p class="muted">A chat platform is configured, so this console offers reports and admin actions to holders of the admin token (DOCKET_ADMIN_TOKEN).</p>
      ${error ? html`<p class="banner error" role="alert">${error}</p>` : ''}
      <form method="post" action="/login" class="stacked">
        <input type="hidden" name="_csrf" value="${visit.csrf}">
        <input type="hidden" name="next" value="${next}">
        <label for="login-email">Your email (an admin in org.yaml)</label>
        <input id="login-email" name="email" type="email" autocomplete="username" required>
        <label for="login-token">Admin token</label>
        <input id="login-token" name="token" type="password" autocomplete="current-password" required>
        <button type="submit" class="primary">Sign in</button>
      </form>
    </section>`,
  };
}

export function showLogin(visit: Visit): Reply {
  if (visit.mode.kind === 'off') return offPage();
  if (visit.mode.kind === 'local') return { kind: 'redirect', to: '/' };
  return loginForm(visit);
}

/** wrong tokens are counted per client address; past the limit, even the right one waits */
export class LoginThrottle {
  readonly #failures = new Map<string, { n: number; until: number }>();
  constructor(
    private readonly now: () => Date,
    private readonly limit = 10,
    private readonly windowMs = 10 * 60_000,
  ) {}

  blocked(client: string): boolean {
    const f = this.#failures.get(client);
    return Boolean(f && f.until > this.now().getTime() && f.n >= this.limit);
  }

  fail(client: string): void {
    const at = this.now().getTime();
    const f = this.#failures.get(client);
    const entry = f && f.until > at ? f : { n: 0, until: at + this.windowMs };
    entry.n++;
    this.#failures.set(client, entry);
    if (this.#failures.size > 10_000) this.#failures.clear();
  }
}

export function login(deps: WebDeps, sessions: Sessions, throttle: LoginThrottle, mode: ConsoleMode, visit: Visit): Reply {
  if (mode.kind === 'off') return offPage();
  if (mode.kind === 'local') return { kind: 'redirect', to: '/' };
  // behind a proxy every visitor shares its address: count per client as DOCKET_TRUST_PROXY sees it
  const client = visit.ctx.client.address ?? 'unknown';
  if (throttle.blocked(client)) return loginForm(visit, 'Too many wrong tokens from here; wait ten minutes and try again.', 429);
  const token = visit.form.get('token') ?? '';
  if (!sameSecret(token, mode.token)) {
    throttle.fail(client);
    deps.log.warn('console sign-in refused: wrong admin token', { client });
    return loginForm(visit, 'That is not the admin token.', 403);
  }
  const person = deps.directory.person((visit.form.get('email') ?? '').trim().toLowerCase());
  if (!person) return loginForm(visit, 'That email is not in org.yaml; actions are recorded under a person from the directory.', 403);
  // the token proves the sign-in; being an admin is the admin role in org.yaml, as on every surface
  if (!deps.directory.isAdmin(person.email)) {
    deps.log.warn('console sign-in refused: not in the admin role', { email: person.email });
    return loginForm(visit, explain('permission.admin_only', { who: deps.directory.role('admin').map((e) => deps.directory.nameOf(e)).join(', ') || 'nobody yet' }), 403);
  }
  visit.renew(sessions.fresh({ admin: person.email }));
  deps.log.info('console sign-in', { admin: person.email });
  const next = visit.form.get('next');
  return { kind: 'redirect', to: withFlash(next ? safeLocal(next) : '/reports', 'signed-in') };
}

export function logout(visit: Visit): Reply {
  visit.renew(undefined);
  return { kind: 'redirect', to: visit.mode.kind === 'admin' ? '/login' : '/' };
}
