// The console's session: a signed cookie (HMAC-SHA256), no server-side table, so any replica
// can read it. It names who the browser acts as (local mode) or which admin signed in with the
// token (admin mode). Every POST form carries a CSRF token derived from the session id; both
// the cookie signature and the token are compared in constant time.
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';

export const COOKIE = 'docket_console';

const SessionData = z.object({
  /** random per browser session; what the CSRF token is bound to */
  sid: z.string().min(16).max(64),
  /** local mode: the person this browser acts as */
  as: z.string().max(254).optional(),
  /** admin mode: the admin who signed in with the token */
  admin: z.string().max(254).optional(),
  /** expiry, epoch milliseconds */
  exp: z.number().int(),
});
export type Session = z.infer<typeof SessionData>;

/** constant time for equal lengths; hashing first makes the lengths equal and hides them */
export function sameSecret(a: string, b: string): boolean {
  const ha = createHash('sha256').update(a, 'utf8').digest();
  const hb = createHash('sha256').update(b, 'utf8').digest();
  return timingSafeEqual(ha, hb);
}

export class Sessions {
  constructor(
    private readonly key: Buffer,
    private readonly now: () => Date,
    /** how long a session lives */
    private readonly ttlMs: number,
  ) {}

  /**
   * The key: derived from the admin token when there is one, so every replica (and a restart)
   * accepts the same cookies; otherwise random per process (a restart signs everyone out).
   */
  static key(adminToken: string | undefined): Buffer {
    return adminToken ? createHmac('sha256', adminToken).update('docket console session key v1').digest() : randomBytes(32);
  }

  fresh(extra: { as?: string; admin?: string } = {}): Session {
    return { sid: randomBytes(18).toString('base64url'), ...extra, exp: this.now().getTime() + this.ttlMs };
  }

  /** the session in a Cookie header, if it is there, signed by us and not expired */
  read(cookieHeader: string | undefined): Session | undefined {
    const value = cookieValue(cookieHeader, COOKIE);
    if (!value) return undefined;
    const dot = value.lastIndexOf('.');
    if (dot <= 0) return undefined;
    const body = value.slice(0, dot);
    const given = Buffer.from(value.slice(dot + 1), 'base64url');
    const expected = this.#sign(body);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
    let parsed: unknown;
    try {
      parsed = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
    } catch {
      return undefined;
    }
    const session = SessionData.safeParse(parsed);
    if (!session.success || session.data.exp <= this.now().getTime()) return undefined;
    return session.data;
  }

  /** the Set-Cookie header value; HttpOnly and SameSite=Strict, Secure behind HTTPS */
  cookie(session: Session, secure: boolean): string {
    const body = Buffer.from(JSON.stringify(session), 'utf8').toString('base64url');
    const value = `${body}.${this.#sign(body).toString('base64url')}`;
    const maxAge = Math.max(0, Math.floor((session.exp - this.now().getTime()) / 1000));
    return `${COOKIE}=${value}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${maxAge}${secure ? '; Secure' : ''}`;
  }

  clearCookie(secure: boolean): string {
    return `${COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0${secure ? '; Secure' : ''}`;
  }

  csrfToken(session: Session): string {
    return createHmac('sha256', this.key).update(`csrf|${session.sid}`).digest('base64url');
  }

  checkCsrf(session: Session | undefined, token: string | undefined): boolean {
    if (!session || !token) return false;
    return sameSecret(token, this.csrfToken(session));
  }

  #sign(body: string): Buffer {
    return createHmac('sha256', this.key).update(`session|${body}`).digest();
  }
}

export function cookieValue(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}
