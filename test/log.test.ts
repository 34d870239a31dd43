import { describe, expect, it } from 'vitest';
import { createLogger } from '../src/log.ts';

function capture(level?: 'debug' | 'info' | 'warn' | 'error') {
  const lines: string[] = [];
  const log = createLogger({ level, write: (l) => lines.push(l), now: () => new Date('2025-03-04T05:06:07.000Z') });
  return { log, lines, entries: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>) };
}

describe('createLogger', () => {
  it('writes one JSON object per line with time, level, message and fields', () => {
    const { log, lines } = capture();
    log.info('listening', { url: 'http://127.0.0.1:3000' });
    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toContain('\n');
    expect(JSON.parse(lines[0]!)).toEqual({ t: '2025-03-04T05:06:07.000Z', level: 'info', msg: 'listening', url: 'http://127.0.0.1:3000' });
  });

  it('redacts secrets by path: configuration, headers, client errors', () => {
    const { log, entries } = capture();
    log.info('settings', {
      slack: { signingSecret: 's3cret', botToken: 'xoxb-1', apiUrl: 'https://slack.example/api/' },
      req: { headers: { authorization: 'Bearer abc', cookie: 'docket_console=x', 'x-slack-signature': 'v0=ab', accept: '*/*' } },
      token: 'xoxb-2',
    });
    const e = entries()[0]!;
    expect(e.slack).toEqual({ signingSecret: '[redacted]', botToken: '[redacted]', apiUrl: 'https://slack.example/api/' });
    expect(e.req).toEqual({ headers: { authorization: '[redacted]', cookie: '[redacted]', 'x-slack-signature': '[redacted]', accept: '*/*' } });
    expect(e.token).toBe('[redacted]');
    expect(JSON.stringify(e)).not.toMatch(/s3cret|xoxb|Bearer/);
  });

  it('drops entries below the level', () => {
    const { log, entries } = capture('warn');
    log.debug('a');
    log.info('b');
    log.warn('c');
    log.error('d');
    expect(entries().map((e) => e.msg)).toEqual(['c', 'd']);
  });

  it('binds fields in child loggers, nested', () => {
    const { log, entries } = capture();
    log.child({ requestId: 'r1' }).child({ route: '/healthz' }).info('hi', { status: 200 });
    expect(entries()[0]).toMatchObject({ requestId: 'r1', route: '/healthz', status: 200, msg: 'hi' });
  });

  it('does not let a field overwrite t, level or msg', () => {
    const { log, entries } = capture();
    log.child({ level: 'debug' }).error('real', { msg: 'fake', t: 'yesterday' });
    expect(entries()[0]).toMatchObject({ t: '2025-03-04T05:06:07.000Z', level: 'error', msg: 'real' });
  });

  it('logs an error with its name, message and stack under err', () => {
    const { log, entries } = capture();
    const err = Object.assign(new TypeError('boom', { cause: new Error('root') }), { code: 'E_BOOM' });
    log.error('failed', { err });
    const logged = entries()[0]!.err as Record<string, unknown>;
    expect(logged.name).toBe('TypeError');
    expect(logged.message).toBe('boom');
    expect(logged.code).toBe('E_BOOM');
    expect(String(logged.stack)).toContain('TypeError: boom');
    expect((logged.cause as Record<string, unknown>).message).toBe('root');
  });

  it('never throws on values JSON cannot hold', () => {
    const { log, entries } = capture();
    const loop: Record<string, unknown> = { a: 1 };
    loop.self = loop;
    log.info('odd', { loop, big: 10n });
    expect(entries()[0]).toMatchObject({ loop: { a: 1 }, big: '10' });
    expect(JSON.stringify(entries()[0])).toContain('[Circular]');
  });
});
