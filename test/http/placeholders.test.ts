import { afterEach, describe, expect, it } from 'vitest';
import { mountPlaceholders } from '../../adapters/http/placeholders.ts';
import { listening } from './helpers.ts';

let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

describe('routes of adapters not built yet', () => {
  it.each([
    ['POST', '/slack/events', 'The Slack adapter is not built yet'],
    ['POST', '/api/messages', 'The Teams adapter is not built yet'],
    ['GET', '/', 'The web console is not built yet'],
  ])('%s %s answers 503 not_available with a sentence', async (method, path, sentence) => {
    const s = await listening(mountPlaceholders);
    close = s.close;
    const res = await fetch(s.url + path, { method, body: method === 'POST' ? '{}' : undefined });
    expect(res.status).toBe(503);
    const body = (await res.json()) as { error: string; message: string };
    expect(body.error).toBe('not_available');
    expect(body.message).toContain(sentence);
  });
});
