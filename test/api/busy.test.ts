// A full command queue answers the API with 503 and Retry-After (RFC 9110 §10.2.3; RFC 9457
// problem details), so a client backs off instead of hammering a busy server.
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_QUEUE } from '../../src/app/command-queue.ts';
import { type ApiHarness, apiServer, purchase } from './support.ts';

let h: ApiHarness | undefined;
const saved = { ...DEFAULT_QUEUE.sqlite };
afterEach(async () => {
  Object.assign(DEFAULT_QUEUE.sqlite, saved);
  await h?.close();
});

describe('API: engine.busy', () => {
  it('is 503 problem+json with a Retry-After header', async () => {
    h = await apiServer();
    const token = await h.token({ name: 'ci', person: 'ann@example.com', scopes: ['requests:write'] });
    // a queue with no room at all: the queue keeps its options by reference, so this fills it
    Object.assign(DEFAULT_QUEUE.sqlite, { concurrency: 0, maxLength: 0 });
    const res = await h.call(token, 'POST', '/api/v1/requests', purchase());
    expect(res.status).toBe(503);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(res.json).toMatchObject({ status: 503, code: 'engine.busy' });
    expect(res.headers.get('retry-after')).toMatch(/^[1-9]\d*$/);
    // and the document says so, on every route that gives the engine a command
    const doc = (await (await fetch(`${h.url}/api/v1/openapi.json`)).json()) as any;
    expect(doc.paths['/api/v1/requests'].post.responses['503'].description).toContain('Retry-After');
    expect(doc.paths['/api/v1/requests'].get.responses['503']).toBeUndefined();
  });
});
