// Compression of text answers (pages, scripts, stylesheets, JSON, CSV): br when the client takes
// it, else gzip. The console's scripts and chart.js (200 KB) go out a few times per visitor and
// carry an ETag, so their compressed forms are kept by ETag and encoding; other bodies are
// compressed per answer at a modest level, which costs well under a millisecond for a page.
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

/** below this, the headers of a compressed answer outweigh the saving */
export const MIN_COMPRESS_BYTES = 1024;
const TEXT = /^(text\/|application\/(json|javascript|xml|problem\+json)|image\/svg\+xml)/i;
const CACHE_LIMIT = 64;

type Encoding = 'br' | 'gzip';
const cache = new Map<string, Buffer>();

/** the encoding the client prefers among ours; q=0 refuses one */
export function pickEncoding(acceptEncoding: string | string[] | undefined): Encoding | undefined {
  const accepted = new Map<string, number>();
  for (const part of String(acceptEncoding ?? '').toLowerCase().split(',')) {
    const [name = '', ...params] = part.trim().split(';');
    const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
    if (name) accepted.set(name, q === undefined ? 1 : Number(q));
  }
  const ok = (e: string) => (accepted.get(e) ?? accepted.get('*') ?? 0) > 0;
  if (ok('br')) return 'br';
  if (ok('gzip')) return 'gzip';
  return undefined;
}

export function compressFor(
  acceptEncoding: string | string[] | undefined,
  status: number,
  payload: string | Buffer,
  headers: Record<string, string>,
): { body: string | Buffer; headers: Record<string, string> } {
  const type = Object.entries(headers).find(([k]) => k.toLowerCase() === 'content-type')?.[1] ?? '';
  const already = Object.keys(headers).some((k) => k.toLowerCase() === 'content-encoding');
  if (status < 200 || status === 204 || status === 304 || already || !TEXT.test(type)) return { body: payload, headers: {} };
  const vary = { Vary: 'Accept-Encoding' };
  const size = typeof payload === 'string' ? Buffer.byteLength(payload) : payload.length;
  const encoding = pickEncoding(acceptEncoding);
  if (size < MIN_COMPRESS_BYTES || !encoding) return { body: payload, headers: vary };
  const etag = Object.entries(headers).find(([k]) => k.toLowerCase() === 'etag')?.[1];
  const key = etag ? `${encoding} ${etag}` : undefined;
  let body = key ? cache.get(key) : undefined;
  if (!body) {
    body =
      encoding === 'br'
        ? // quality 5 of 11: most of the gain at a fraction of the default's CPU (11 is for build steps)
          brotliCompressSync(payload, { params: { [constants.BROTLI_PARAM_QUALITY]: 5, [constants.BROTLI_PARAM_SIZE_HINT]: size } })
        : gzipSync(payload, { level: 6 });
    if (key) {
      if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value!);
      cache.set(key, body);
    }
  }
  return { body, headers: { ...vary, 'Content-Encoding': encoding } };
}
