// Text answers go out compressed when the client asks, keep-alive outlives a proxy's idle timeout,
// and X-Forwarded-* is believed only through the proxies DOCKET_TRUST_PROXY counts.
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { pickEncoding } from '../../adapters/http/compression.ts';
import { HEADERS_TIMEOUT_MS, HttpServer, KEEP_ALIVE_TIMEOUT_MS } from '../../adapters/http/server.ts';
import { silentLogger } from '../../src/log.ts';
import { raw } from './helpers.ts';

const big = 'docket '.repeat(1000);
let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

async function serve(trustProxy?: number) {
  const server = new HttpServer({ log: silentLogger, trustProxy });
  server.route('GET', '/text', (ctx) => ctx.send(200, big, { 'Content-Type': 'text/plain; charset=utf-8' }));
  server.route('GET', '/small', (ctx) => ctx.send(200, 'hi', { 'Content-Type': 'text/plain' }));
  server.route('GET', '/png', (ctx) => ctx.send(200, Buffer.alloc(5000), { 'Content-Type': 'image/png' }));
  server.route('GET', '/who', (ctx) => ctx.json(200, ctx.client));
  const url = await server.listen(0, '127.0.0.1');
  close = () => server.close();
  return { server, url };
}

describe('compression', () => {
  it('prefers br, then gzip, honouring q=0', () => {
    expect(pickEncoding('gzip, deflate, br')).toBe('br');
    expect(pickEncoding('gzip;q=1, br;q=0')).toBe('gzip');
    expect(pickEncoding('identity')).toBeUndefined();
    expect(pickEncoding(undefined)).toBeUndefined();
    expect(pickEncoding('*')).toBe('br');
  });

  it('compresses text for a client that accepts it, and only text of some size', async () => {
    const { url } = await serve();
    const br = await raw(url, { method: 'GET', path: '/text', headers: { 'Accept-Encoding': 'br' } });
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers.vary).toBe('Accept-Encoding');
    const gz = await raw(url, { method: 'GET', path: '/text', headers: { 'Accept-Encoding': 'gzip' } });
    expect(gz.headers['content-encoding']).toBe('gzip');
    const plain = await raw(url, { method: 'GET', path: '/text' });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body).toBe(big);
    expect((await raw(url, { method: 'GET', path: '/small', headers: { 'Accept-Encoding': 'br' } })).headers['content-encoding']).toBeUndefined();
    expect((await raw(url, { method: 'GET', path: '/png', headers: { 'Accept-Encoding': 'br' } })).headers['content-encoding']).toBeUndefined();
    // what fetch does by itself: ask, then decode
    const viaFetch = await fetch(`${url}/text`);
    expect(await viaFetch.text()).toBe(big);
  });

  it('round-trips the bytes', async () => {
    const { url } = await serve();
    const get = (enc: string) =>
      new Promise<Buffer>((resolve) => {
        void import('node:http').then(({ get: httpGet }) =>
          httpGet(`${url}/text`, { headers: { 'Accept-Encoding': enc } }, (res) => {
            const parts: Buffer[] = [];
            res.on('data', (c: Buffer) => parts.push(c));
            res.on('end', () => resolve(Buffer.concat(parts)));
          }),
        );
      });
    const br = await get('br');
    expect(br.length).toBeLessThan(big.length / 10);
    expect(brotliDecompressSync(br).toString()).toBe(big);
    expect(gunzipSync(await get('gzip')).toString()).toBe(big);
  });
});

describe('connections and proxies', () => {
  it('keeps idle connections longer than a proxy does (65 s), with headersTimeout above it', async () => {
    const { server } = await serve();
    expect(server.node.keepAliveTimeout).toBe(KEEP_ALIVE_TIMEOUT_MS);
    expect(KEEP_ALIVE_TIMEOUT_MS).toBeGreaterThan(60_000);
    expect(server.node.headersTimeout).toBe(HEADERS_TIMEOUT_MS);
    expect(HEADERS_TIMEOUT_MS).toBeGreaterThan(KEEP_ALIVE_TIMEOUT_MS);
  });

  it('ignores X-Forwarded-* by default and believes as many hops as it is told to', async () => {
    const headers = { 'X-Forwarded-For': '203.0.113.9, 198.51.100.7', 'X-Forwarded-Proto': 'https' };
    let { url } = await serve();
    expect(await (await fetch(`${url}/who`, { headers })).json()).toEqual({ address: '127.0.0.1', forwardedUntrusted: true, https: false });
    await close!();
    ({ url } = await serve(1));
    expect(await (await fetch(`${url}/who`, { headers })).json()).toEqual({ address: '198.51.100.7', forwardedUntrusted: false, https: true });
    await close!();
    ({ url } = await serve(2));
    expect(await (await fetch(`${url}/who`, { headers })).json()).toEqual({ address: '203.0.113.9', forwardedUntrusted: false, https: true });
    // more hops trusted than there are entries: the leftmost is all there is
    await close!();
    ({ url } = await serve(5));
    expect(((await (await fetch(`${url}/who`, { headers })).json()) as { address: string }).address).toBe('203.0.113.9');
  });
});

