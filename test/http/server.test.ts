import { afterEach, describe, expect, it } from 'vitest';
import { HttpError } from '../../adapters/http/server.ts';
import { listening, raw } from './helpers.ts';

let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

async function start(...args: Parameters<typeof listening>) {
  const s = await listening(...args);
  close = s.close;
  return s;
}

describe('HttpServer routing', () => {
  it('routes by method and path, with named segments and wildcards', async () => {
    const { url } = await start((s) => {
      s.route('GET', '/things/:id', (ctx) => ctx.json(200, { id: ctx.params.id, q: ctx.query.get('q') }));
      s.route('GET', '/things/special', (ctx) => ctx.json(200, { special: true }));
      s.route('GET', '/*', (ctx) => ctx.json(200, { rest: ctx.params['*'] }));
      s.route('GET', '/ping', (ctx) => ctx.send(200, 'pong', { 'Content-Type': 'text/plain' }));
    });
    expect(await (await fetch(`${url}/things/a%20b?q=1`)).json()).toEqual({ id: 'a b', q: '1' });
    expect(await (await fetch(`${url}/things/special`)).json()).toEqual({ special: true });
    expect(await (await fetch(`${url}/ping`)).text()).toBe('pong');
    expect(await (await fetch(`${url}/assets/app.css`)).json()).toEqual({ rest: 'assets/app.css' });
  });

  it('answers 404 JSON for an unknown path', async () => {
    const { url } = await start((s) => s.route('GET', '/known', (ctx) => ctx.json(200, {})));
    const res = await fetch(`${url}/unknown?x=1`);
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(await res.json()).toEqual({ error: 'not_found', message: 'No route for GET /unknown' });
  });

  it('answers 405 with Allow for a known path and the wrong method', async () => {
    const { url } = await start((s) => s.route('GET', '/healthz', (ctx) => ctx.json(200, {})));
    const res = await fetch(`${url}/healthz`, { method: 'DELETE' });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('GET, HEAD');
    expect(await res.json()).toEqual({ error: 'method_not_allowed', message: '/healthz accepts GET, HEAD' });
  });

  it('answers HEAD with the GET handler and no body', async () => {
    const { url } = await start((s) => s.route('GET', '/x', (ctx) => ctx.json(200, { big: 'body' })));
    const res = await raw(url, { method: 'HEAD', path: '/x' });
    expect(res.status).toBe(200);
    expect(res.body).toBe('');
  });

  it('refuses to mount the same route twice', async () => {
    await expect(start((s) => s.route('GET', '/a', () => {}).route('GET', '/a', () => {}))).rejects.toThrow('route GET /a is already mounted');
  });

  it('gives a request id to every response, keeping a sane one from a proxy', async () => {
    const { url } = await start((s) => s.route('GET', '/x', (ctx) => ctx.json(200, { id: ctx.requestId })));
    const own = await fetch(`${url}/x`);
    expect(own.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    const kept = await fetch(`${url}/x`, { headers: { 'X-Request-Id': 'lb-123' } });
    expect(await kept.json()).toEqual({ id: 'lb-123' });
    const replaced = await fetch(`${url}/x`, { headers: { 'X-Request-Id': 'bad id <script>' } });
    expect(((await replaced.json()) as { id: string }).id).not.toContain('script');
  });
});

describe('HttpServer bodies', () => {
  const echo = (s: import('../../adapters/http/server.ts').HttpServer) =>
    s.route('POST', '/echo', async (ctx) => ctx.send(200, await ctx.readBody(), { 'Content-Type': 'application/octet-stream' }));

  it('gives the handler the exact bytes, and the same bytes when read twice', async () => {
    const { url } = await start((s) =>
      s.route('POST', '/twice', async (ctx) => {
        const a = await ctx.readBody();
        const b = await ctx.readBody();
        ctx.json(200, { same: a.equals(b), text: a.toString('utf8') });
      }),
    );
    const res = await fetch(`${url}/twice`, { method: 'POST', body: 'payload=%7B%7D&x=ü' });
    expect(await res.json()).toEqual({ same: true, text: 'payload=%7B%7D&x=ü' });
  });

  it('accepts a body of exactly the limit', async () => {
    const { url } = await start(echo, 1024);
    const res = await fetch(`${url}/echo`, { method: 'POST', body: 'a'.repeat(1024) });
    expect(res.status).toBe(200);
    expect((await res.text()).length).toBe(1024);
  });

  it('answers 413 when Content-Length announces more than the limit', async () => {
    const { url } = await start(echo);
    const res = await fetch(`${url}/echo`, { method: 'POST', body: Buffer.alloc(1024 * 1024 + 1, 97) });
    expect(res.status).toBe(413);
    expect(await res.json()).toEqual({ error: 'payload_too_large', message: 'The request body is larger than 1048576 bytes.' });
  });

  it('answers 413 when a chunked body grows past the limit', async () => {
    const { url } = await start(echo, 1024);
    const res = await raw(url, { method: 'POST', path: '/echo', chunks: [Buffer.alloc(800, 97), Buffer.alloc(800, 98)] });
    expect(res.status).toBe(413);
    expect(JSON.parse(res.body)).toEqual({ error: 'payload_too_large', message: 'The request body is larger than 1024 bytes.' });
  });

  it('answers 400 bad_json when readJson gets something else', async () => {
    const { url } = await start((s) => s.route('POST', '/json', async (ctx) => ctx.json(200, await ctx.readJson())));
    const bad = await fetch(`${url}/json`, { method: 'POST', body: '{"a":' });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({ error: 'bad_json', message: 'The request body is not valid JSON.' });
    const good = await fetch(`${url}/json`, { method: 'POST', body: '{"a":1}' });
    expect(await good.json()).toEqual({ a: 1 });
  });
});

describe('HttpServer failures', () => {
  it('turns a thrown error into a generic 500, logging the stack but never sending it', async () => {
    const { url, entries } = await start((s) =>
      s.route('GET', '/boom', () => {
        throw new Error('secret detail: password=hunter2 at /srv/docket/db.ts');
      }),
    );
    const res = await fetch(`${url}/boom`);
    expect(res.status).toBe(500);
    const text = await res.text();
    const body = JSON.parse(text) as Record<string, unknown>;
    expect(body).toEqual({ error: 'internal', message: 'Something went wrong on our side; it has been logged.', requestId: res.headers.get('x-request-id') });
    expect(text).not.toContain('hunter2');
    expect(text).not.toContain('.ts');
    const logged = entries().find((e) => e.msg === 'request failed');
    expect(logged).toMatchObject({ level: 'error', requestId: body.requestId, route: '/boom', err: { name: 'Error', message: 'secret detail: password=hunter2 at /srv/docket/db.ts' } });
    expect(String((logged!.err as { stack: string }).stack)).toContain('server.test.ts');
  });

  it('does the same for an async handler that rejects', async () => {
    const { url } = await start((s) => s.route('POST', '/boom', async () => Promise.reject(new TypeError('x is undefined'))));
    const res = await fetch(`${url}/boom`, { method: 'POST' });
    expect(res.status).toBe(500);
    expect(await res.text()).not.toContain('x is undefined');
  });

  it('answers a thrown HttpError with its status and code', async () => {
    const { url } = await start((s) =>
      s.route('GET', '/teapot', () => {
        throw new HttpError(418, 'teapot', 'I am a teapot.');
      }),
    );
    const res = await fetch(`${url}/teapot`);
    expect(res.status).toBe(418);
    expect(await res.json()).toEqual({ error: 'teapot', message: 'I am a teapot.' });
  });

  it('answers 500 when a handler returns without responding, instead of hanging', async () => {
    const { url, entries } = await start((s) => s.route('GET', '/silent', () => {}));
    const res = await fetch(`${url}/silent`);
    expect(res.status).toBe(500);
    expect(entries().find((e) => e.msg === 'request failed')).toMatchObject({ err: { message: 'handler for GET /silent returned without responding' } });
  });
});

describe('HttpServer lifecycle', () => {
  it('finishes an in-flight request after close() and then stops accepting', async () => {
    let release!: () => void;
    let arrived!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const inside = new Promise<void>((r) => (arrived = r));
    const s = await listening((server) =>
      server.route('GET', '/slow', async (ctx) => {
        arrived();
        await gate;
        ctx.json(200, { done: true });
      }),
    );
    const pending = fetch(`${s.url}/slow`);
    await inside;
    const closed = s.server.close(60_000);
    release();
    const res = await pending;
    expect(await res.json()).toEqual({ done: true });
    await closed;
    expect(s.server.node.listening).toBe(false);
    await expect(fetch(`${s.url}/slow`)).rejects.toThrow();
  });

  it('counts requests by route pattern and status, unknown paths as unmatched', async () => {
    const s = await start((server) => server.route('GET', '/items/:id', (ctx) => ctx.json(200, {})));
    await fetch(`${s.url}/items/1`);
    await fetch(`${s.url}/items/2`);
    await fetch(`${s.url}/nope`);
    const text = await s.server.metrics.render();
    expect(text).toContain('http_requests_total{method="GET",route="/items/:id",status="200"} 2');
    expect(text).toContain('http_requests_total{method="GET",route="unmatched",status="404"} 1');
    expect(text).toContain('http_request_duration_seconds_count{method="GET",route="/items/:id"} 2');
  });
});
