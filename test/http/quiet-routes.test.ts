// Request lines for what repeats without anyone doing anything (assets, live-page refetches,
// probes) go to debug; the rest stay at info, and a failure is never quiet.
import { afterEach, describe, expect, it } from 'vitest';
import { listening } from './helpers.ts';

let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

describe('quiet routes', () => {
  it('logs per request when a route decides by the request', async () => {
    const s = await listening((server) => {
      server.route('GET', '/page', (ctx) => ctx.send(200, 'ok', { 'Content-Type': 'text/plain' }), { quiet: (req) => req.headers['x-docket-live'] === '1' });
      server.route('GET', '/assets/*', (ctx) => ctx.send(ctx.params['*'] === 'gone.js' ? 500 : 200, 'x', { 'Content-Type': 'text/javascript' }), { quiet: true });
    });
    close = s.close;
    await fetch(`${s.url}/page`);
    await fetch(`${s.url}/page`, { headers: { 'X-Docket-Live': '1' } });
    await fetch(`${s.url}/assets/console.js`);
    await fetch(`${s.url}/assets/gone.js`);
    const lines = s.entries().filter((e) => e.msg === 'http request').map((e) => `${e.level} ${e.path} ${e.status}`);
    expect(lines).toEqual(['info /page 200', 'debug /page 200', 'debug /assets/console.js 200', 'info /assets/gone.js 500']);
  });
});
