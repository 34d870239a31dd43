// GET /assets/<file>: the console's stylesheet and scripts, and chart.js from node_modules —
// served by us, never from a CDN (the machine may have no internet, and the CSP allows 'self'
// only). Read once at mount; answered with an ETag so a reload costs a 304.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Handler } from '../http/server.ts';
import { SECURITY_HEADERS } from './site.ts';

interface Asset {
  body: Buffer;
  type: string;
  etag: string;
}

const here = path.dirname(fileURLToPath(import.meta.url));

function load(file: string, type: string): Asset {
  const body = readFileSync(file);
  return { body, type, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"` };
}

export function loadAssets(): Map<string, Asset> {
  const chart = path.join(path.dirname(createRequire(import.meta.url).resolve('chart.js')), 'chart.umd.js');
  return new Map([
    ['console.css', load(path.join(here, 'assets/console.css'), 'text/css; charset=utf-8')],
    ['console.js', load(path.join(here, 'assets/console.js'), 'text/javascript; charset=utf-8')],
    ['reports.js', load(path.join(here, 'assets/reports.js'), 'text/javascript; charset=utf-8')],
    ['chart.umd.js', load(chart, 'text/javascript; charset=utf-8')],
  ]);
}

export function assetHandler(assets: Map<string, Asset>): Handler {
  return (ctx) => {
    const asset = assets.get(ctx.params['*'] ?? '');
    if (!asset) return ctx.json(404, { error: 'not_found', message: 'No such asset.' });
    const headers = { ...SECURITY_HEADERS, 'Content-Type': asset.type, ETag: asset.etag, 'Cache-Control': 'no-cache' };
    if (ctx.req.headers['if-none-match'] === asset.etag) return ctx.send(304, '', headers);
    ctx.send(200, asset.body, headers);
  };
}
