import { afterEach, describe, expect, it } from 'vitest';
import { mountPlaceholders, notAvailable, PLACEHOLDERS } from '../../adapters/http/placeholders.ts';
import { listening } from './helpers.ts';

let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

describe('routes of adapters not built yet', () => {
  it('are gone: Slack, Teams and the web console each mount their real routes', async () => {
    expect(PLACEHOLDERS).toEqual([]);
    const s = await listening(mountPlaceholders);
    close = s.close;
    expect((await fetch(s.url + '/')).status).toBe(404);
  });

  it('a placeholder answers 503 not_available with a sentence', async () => {
    const s = await listening((server) => server.route('GET', '/later', notAvailable('Not built yet.')));
    close = s.close;
    const res = await fetch(s.url + '/later');
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({ error: 'not_available', message: 'Not built yet.' });
  });
});
