// The REST API on the one HTTP server: /api/v1/…, each route from the table in routes/, each
// call authenticated by an API token, rate-limited per token, its input parsed with the route's
// zod schemas, its writes sent to the engine as the same commands chat sends.
//
//   mountApi(server, { engine, queries, tokens, flows, now, log });
import { createHash } from 'node:crypto';
import type { z } from 'zod';
import { findToken } from '../../src/app/api-tokens.ts';
import type { InboundHooks } from '../../src/app/inbound-hooks.ts';
import { hookHandler } from './hooks.ts';
import type { Engine } from '../../src/app/execute.ts';
import type { FlowRegistry } from '../../src/flows/registry.ts';
import type { Logger } from '../../src/log.ts';
import type { ApiTokens, ItemQueries } from '../../src/ports/api.ts';
import { HttpError, type HttpContext, type HttpServer } from '../http/server.ts';
import { ApiClient } from './client.ts';
import { ApiProblem, PROBLEM_TYPE, type Problem, refusalHeaders, refusalProblem } from './problem.ts';
import { openApiDocument } from './openapi.ts';
import { referencePage } from './reference-page.ts';
import { DEFAULT_RATE_LIMIT, type RateLimit, TokenBuckets } from './rate-limit.ts';
import type { ApiDeps, ApiRoute } from './route.ts';
import { caseRoutes } from './routes/cases.ts';
import { flowRoutes } from './routes/flows.ts';
import { requestRoutes } from './routes/requests.ts';
import { webhookRoutes } from './routes/webhooks.ts';
import { Refused } from './run.ts';

export interface ApiOptions {
  engine: Engine;
  queries: ItemQueries;
  tokens: ApiTokens;
  flows: FlowRegistry;
  now: () => Date;
  log: Logger;
  webhooks: ApiDeps['webhooks'];
  hooks: InboundHooks;
  rateLimit?: RateLimit;
}

/** every documented route; openapi.ts documents exactly these */
export const API_ROUTES: readonly ApiRoute[] = [...requestRoutes, ...caseRoutes, ...flowRoutes, ...webhookRoutes];

const KEY = /^[\w.:-]{1,128}$/;
/** writing last_used_at on every call would turn each read into a write; once a minute is plenty */
const TOUCH_EVERY_MS = 60_000;

export function mountApi(server: HttpServer, options: ApiOptions): void {
  const deps: ApiDeps = { engine: options.engine, queries: options.queries, flows: options.flows, webhooks: options.webhooks, now: options.now };
  const buckets = new TokenBuckets(options.rateLimit ?? DEFAULT_RATE_LIMIT, () => options.now().getTime());
  const touched = new Map<string, number>();

  for (const r of API_ROUTES) {
    server.route(r.method, r.path.replace(/\{(\w+)\}/g, ':$1'), async (ctx) => {
      try {
        const client = await authenticate(ctx, options, buckets, touched);
        client.require(r.scope);
        const params = parse(r.params, ctx.params, 'path');
        const query = parse(r.query, Object.fromEntries(ctx.query), 'query');
        const body = r.body ? parse(r.body, await readJson(ctx), 'body') : undefined;
        const reply = await r.handle({ params, query, body, client, deps, instance: ctx.path });
        if (r.method === 'GET') return sendCached(ctx, reply.status, reply.body, reply.headers);
        ctx.json(reply.status, reply.body, reply.headers);
      } catch (err) {
        if (err instanceof ApiProblem) return sendProblem(ctx, err.toProblem(ctx.path), err.headers);
        if (err instanceof Refused) return sendProblem(ctx, refusalProblem(err.refusal, ctx.path), refusalHeaders(err.refusal));
        if (err instanceof HttpError && err.status === 413) return sendProblem(ctx, new ApiProblem('api.payload_too_large').toProblem(ctx.path), { Connection: 'close' });
        throw err;
      }
    });
  }
  // inbound hooks authenticate with their own secrets, not API tokens
  server.route('POST', '/api/v1/hooks/:name', hookHandler(options.hooks, options.engine, options.queries, options.now));
  // the document and its reference page are public: they describe, they grant nothing
  const doc = openApiDocument(API_ROUTES);
  const docText = JSON.stringify(doc);
  const page = referencePage(doc);
  server.route('GET', '/api/v1/openapi.json', (ctx) => ctx.send(200, docText, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'public, max-age=300', 'Access-Control-Allow-Origin': '*' }));
  server.route('GET', '/api/v1/docs', (ctx) =>
    ctx.send(200, page, { 'Content-Type': 'text/html; charset=utf-8', 'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'", 'Cache-Control': 'public, max-age=300' }),
  );
  // an unknown path under the API answers in the API's own format, not the console's 404 page
  for (const method of ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const) {
    server.route(method, '/api/v1/*', (ctx) => sendProblem(ctx, new ApiProblem('api.not_found', { item: `${method} ${ctx.path.slice(0, 200)}` }).toProblem(ctx.path)));
  }
}

async function authenticate(ctx: HttpContext, options: ApiOptions, buckets: TokenBuckets, touched: Map<string, number>): Promise<ApiClient> {
  const header = ctx.req.headers.authorization ?? '';
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  const token = match ? await findToken(options.tokens, match[1]!) : undefined;
  if (!token) throw new ApiProblem('api.unauthorized', {}, undefined, { 'WWW-Authenticate': 'Bearer realm="docket"' });
  const wait = buckets.take(token.id);
  if (wait > 0) throw new ApiProblem('api.rate_limited', { retryAfter: wait }, undefined, { 'Retry-After': String(wait) });
  const now = options.now();
  const last = touched.get(token.id) ?? 0;
  if (now.getTime() - last >= TOUCH_EVERY_MS) {
    touched.set(token.id, now.getTime());
    await options.tokens.touch(token.id, now.toISOString());
  }
  const actAsHeader = ctx.req.headers['docket-act-as'];
  const actAs = typeof actAsHeader === 'string' && actAsHeader.trim() ? actAsHeader.trim().toLowerCase() : undefined;
  if (actAs && !token.scopes.includes('act-as')) throw new ApiProblem('api.act_as_not_allowed');
  const keyHeader = ctx.req.headers['idempotency-key'];
  const key = typeof keyHeader === 'string' ? keyHeader.trim() : undefined;
  if (key !== undefined && !KEY.test(key)) throw new ApiProblem('api.bad_idempotency_key');
  return new ApiClient(token, actAs, key);
}

function parse<S extends z.ZodType | undefined>(schema: S, input: unknown, where: 'path' | 'query' | 'body'): S extends z.ZodType ? z.output<S> : Record<string, never> {
  if (!schema) return {} as never;
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data as never;
  const errors: Record<string, string> = {};
  for (const issue of parsed.error.issues.slice(0, 20)) {
    const at = [where, ...issue.path.map(String)].join('.');
    errors[at] ??= issue.message;
  }
  throw new ApiProblem('api.invalid_request', {}, errors);
}

async function readJson(ctx: HttpContext): Promise<unknown> {
  const raw = await ctx.readBody();
  if (raw.length === 0) return {};
  try {
    return JSON.parse(raw.toString('utf8')) as unknown;
  } catch {
    throw new ApiProblem('api.bad_json');
  }
}

/** GETs carry a strong ETag of their body; If-None-Match with it answers 304 and no body */
function sendCached(ctx: HttpContext, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  const etag = `"${createHash('sha256').update(text).digest('base64url').slice(0, 27)}"`;
  const wanted = ctx.req.headers['if-none-match'];
  const cacheHeaders = { ETag: etag, 'Cache-Control': 'private, no-cache', ...headers };
  if (typeof wanted === 'string' && wanted.split(',').some((t) => t.trim() === etag || t.trim() === `W/${etag}` || t.trim() === '*')) return ctx.send(304, '', cacheHeaders);
  ctx.send(status, text, { 'Content-Type': 'application/json; charset=utf-8', ...cacheHeaders });
}

function sendProblem(ctx: HttpContext, problem: Problem, headers: Record<string, string> = {}): void {
  ctx.send(problem.status, JSON.stringify(problem), { 'Content-Type': PROBLEM_TYPE, 'Cache-Control': 'no-store', ...headers });
}
