// The signed session cookie and the CSRF token bound to it.
import { describe, expect, it } from 'vitest';
import { COOKIE, sameSecret, Sessions } from '../../adapters/web/session.ts';

const now = { at: new Date('2026-11-30T09:00:00Z') };
const sessions = new Sessions(Sessions.key('a-token-of-sixteen-chars'), () => now.at, 3_600_000);
const header = (setCookie: string) => setCookie.split(';')[0]!;

describe('console sessions', () => {
  it('reads back what it signed, and nothing else', () => {
    const s = sessions.fresh({ as: 'ann@example.com' });
    const cookie = sessions.cookie(s, false);
    expect(cookie).toMatch(new RegExp(`^${COOKIE}=[\\w-]+\\.[\\w-]+; Path=/; HttpOnly; SameSite=Strict; Max-Age=3600$`));
    expect(sessions.cookie(s, true)).toMatch(/; Secure$/);
    expect(sessions.read(header(cookie))).toEqual(s);
    expect(sessions.read(`other=1; ${header(cookie)}`)).toEqual(s);
    // someone rewrites the body to act as Bob: the signature no longer fits
    const [, value] = header(cookie).split('=');
    const [body, sig] = value!.split('.');
    const forged = Buffer.from(JSON.stringify({ ...s, as: 'bob@example.com' })).toString('base64url');
    expect(sessions.read(`${COOKIE}=${forged}.${sig}`)).toBeUndefined();
    expect(sessions.read(`${COOKIE}=${body}.${sig!.slice(0, -2)}`)).toBeUndefined();
    expect(sessions.read(`${COOKIE}=${body}`)).toBeUndefined();
    expect(sessions.read(undefined)).toBeUndefined();
    // another key (another deployment, or a restart without a token) does not accept it
    expect(new Sessions(Sessions.key(undefined), () => now.at, 3_600_000).read(header(cookie))).toBeUndefined();
  });

  it('expires', () => {
    const s = sessions.fresh();
    const cookie = header(sessions.cookie(s, false));
    now.at = new Date(now.at.getTime() + 3_600_000);
    expect(sessions.read(cookie)).toBeUndefined();
    now.at = new Date('2026-11-30T09:00:00Z');
  });

  it('binds the CSRF token to the session', () => {
    const a = sessions.fresh();
    const b = sessions.fresh();
    expect(sessions.checkCsrf(a, sessions.csrfToken(a))).toBe(true);
    expect(sessions.checkCsrf(a, sessions.csrfToken(b))).toBe(false);
    expect(sessions.checkCsrf(a, undefined)).toBe(false);
    expect(sessions.checkCsrf(undefined, sessions.csrfToken(a))).toBe(false);
    expect(sessions.checkCsrf(a, '')).toBe(false);
  });

  it('compares secrets of any length without throwing', () => {
    expect(sameSecret('abc', 'abc')).toBe(true);
    expect(sameSecret('abc', 'abcd')).toBe(false);
    expect(sameSecret('', 'x')).toBe(false);
  });
});
