// The one HTTP server, on node:http with no framework. Everything that speaks HTTP mounts a
// route here: the Slack adapter `POST /slack/events`, Teams `POST /api/messages`, the console
// `GET /*`, and the operational routes. Mounting one:
//
//   server.route('POST', '/slack/events', async (ctx) => {
//     const raw = await ctx.readBody();          // Buffer, at most 1 MiB, else 413 for you
//     ctx.json(200, { ok: true });               // or ctx.send(status, body, headers)
//   });
//
// A handler must have responded by the time its promise settles (or handed `ctx.res` to a
// library that has). Throw `HttpError` for a client error with a stable code; anything else
// thrown is logged with its stack and the client gets a generic 500 JSON body.
import { randomUUID } from 'node:crypto';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TLSSocket } from 'node:tls';
import type { Logger } from '../../src/log.ts';
import { Metrics } from '../../src/metrics.ts';
import { type Client, clientOf } from './client-address.ts';
import { compressFor } from './compression.ts';
import { type Method, Router } from './router.ts';

export const DEFAULT_BODY_LIMIT = 1024 * 1024;
/**
 * Longer than any proxy in front keeps an idle upstream connection (nginx 60 s, AWS ALB 60 s,
 * Caddy 2 min unless told otherwise, so deploy/Caddyfile says 55 s): the proxy must be the one to
 * close an idle connection, or it may send a request just as we close and get a reset. Node's
 * default of 5 s dropped keep-alive connections under a fuzz run.
 */
export const KEEP_ALIVE_TIMEOUT_MS = 65_000;
/** the whole request head within this; Node wants it above keepAliveTimeout */
export const HEADERS_TIMEOUT_MS = 66_000;

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

export interface HttpContext {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  /** `:name` segments of the route, and `*` for a wildcard's rest */
  readonly params: Record<string, string>;
  readonly requestId: string;
  /** bound to this request's id, method and route */
  readonly log: Logger;
  /** the client's address and scheme, through the proxies DOCKET_TRUST_PROXY vouches for */
  readonly client: Client;
  /** the raw body (cached; signature checks need the exact bytes); 413 beyond the limit */
  readBody(): Promise<Buffer>;
  /** the body parsed as JSON; 400 `bad_json` if it is not */
  readJson(): Promise<unknown>;
  send(status: number, body: string | Buffer, headers?: Record<string, string>): void;
  json(status: number, value: unknown, headers?: Record<string, string>): void;
}

export type Handler = (ctx: HttpContext) => void | Promise<void>;

export interface RouteOptions {
  /**
   * log this route's requests at debug, not info: probes and scrapes every few seconds, static
   * assets, live-update refetches (a function decides per request)
   */
  quiet?: boolean | ((req: IncomingMessage) => boolean);
}

export interface HttpServerOptions {
  log: Logger;
  metrics?: Metrics;
  bodyLimit?: number;
  /** how many reverse proxies of ours are in front (DOCKET_TRUST_PROXY); 0 believes no X-Forwarded-* */
  trustProxy?: number;
}

export class HttpServer {
  readonly node: http.Server;
  readonly metrics: Metrics;
  private readonly router = new Router<{ handler: Handler; quiet: NonNullable<RouteOptions['quiet']> }>();
  private readonly log: Logger;
  private readonly bodyLimit: number;
  private readonly trustProxy: number;
  private closing = false;
  private readonly requests: ReturnType<Metrics['counter']>;
  private readonly duration: ReturnType<Metrics['histogram']>;

  constructor(options: HttpServerOptions) {
    this.log = options.log;
    this.metrics = options.metrics ?? new Metrics();
    this.bodyLimit = options.bodyLimit ?? DEFAULT_BODY_LIMIT;
    this.trustProxy = options.trustProxy ?? 0;
    this.requests = this.metrics.counter('http_requests_total', 'HTTP requests by method, route and status code', ['method', 'route', 'status']);
    this.duration = this.metrics.histogram('http_request_duration_seconds', 'HTTP request duration in seconds by method and route', undefined, ['method', 'route']);
    this.node = http.createServer({ keepAliveTimeout: KEEP_ALIVE_TIMEOUT_MS, headersTimeout: HEADERS_TIMEOUT_MS }, (req, res) => void this.handle(req, res));
  }

  route(method: Method, pattern: string, handler: Handler, options: RouteOptions = {}): this {
    this.router.add(method, pattern, { handler, quiet: options.quiet ?? false });
    return this;
  }

  /** resolves with a URL a client on this machine can use (wildcard hosts become loopback) */
  listen(port: number, host: string): Promise<string> {
    return new Promise((resolve, reject) => {
      const onError = (err: Error) => reject(err);
      this.node.once('error', onError);
      this.node.listen(port, host, () => {
        this.node.off('error', onError);
        const { port: bound } = this.node.address() as AddressInfo;
        const shown = host === '0.0.0.0' ? '127.0.0.1' : host === '::' ? '[::1]' : host.includes(':') ? `[${host}]` : host;
        resolve(`http://${shown}:${bound}`);
      });
    });
  }

  /** stop accepting, let in-flight requests finish, cut whatever is left after `graceMs` */
  close(graceMs = 10_000): Promise<void> {
    return new Promise((resolve) => {
      if (!this.node.listening) return resolve();
      this.closing = true;
      const timer = setTimeout(() => {
        this.log.warn('closing connections still busy after the grace period', { graceMs });
        this.node.closeAllConnections();
      }, graceMs);
      timer.unref();
      this.node.close(() => {
        clearTimeout(timer);
        resolve();
      });
      // Keep-alive sockets with no request in flight would otherwise hold close() open.
      this.node.closeIdleConnections();
    });
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = process.hrtime.bigint();
    const method = req.method ?? 'GET';
    const incoming = req.headers['x-request-id'];
    // A proxy's id is kept if it looks like one, so a request can be traced end to end.
    const requestId = typeof incoming === 'string' && /^[\w.:-]{1,128}$/.test(incoming) ? incoming : randomUUID();
    const [rawPath = '/', search = ''] = (req.url ?? '/').split('?', 2);
    const path = rawPath.startsWith('/') ? rawPath : '/';
    const found = this.router.lookup(method, path);
    const route = found.kind === 'not_found' ? 'unmatched' : found.kind === 'found' ? found.match.route : found.route;
    const quietOption = found.kind === 'found' ? found.match.handler.quiet : false;
    const quiet = typeof quietOption === 'function' ? quietOption(req) : quietOption;
    const log = this.log.child({ requestId });
    res.setHeader('X-Request-Id', requestId);

    // 'finish' when the response is handed to the OS, 'close' when the client went away first.
    let recorded = false;
    const record = () => {
      if (recorded) return;
      recorded = true;
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const status = String(res.statusCode);
      this.requests.inc({ method, route, status });
      this.duration.observe(seconds, { method, route });
      const line = { method, path: path.slice(0, 200), route, status: res.statusCode, ms: Math.round(seconds * 1000) };
      if (quiet && res.statusCode < 500) log.debug('http request', line);
      else log.info('http request', line);
    };
    res.once('finish', record);
    res.once('close', record);

    const ctx = this.context(req, res, method, path, search, found.kind === 'found' ? found.match.params : {}, requestId, log.child({ method, route }));
    if (found.kind === 'not_found') return ctx.json(404, { error: 'not_found', message: `No route for ${method} ${path.slice(0, 200)}` });
    if (found.kind === 'wrong_method') {
      const allow = found.allow.includes('GET') ? [...found.allow, 'HEAD'] : found.allow;
      return ctx.json(405, { error: 'method_not_allowed', message: `${path.slice(0, 200)} accepts ${allow.join(', ')}` }, { Allow: allow.join(', ') });
    }
    try {
      await found.match.handler.handler(ctx);
      if (!res.headersSent) throw new Error(`handler for ${method} ${route} returned without responding`);
    } catch (err) {
      this.fail(ctx, err);
    }
  }

  private fail(ctx: HttpContext, err: unknown): void {
    const { res } = ctx;
    if (err instanceof HttpError) {
      if (err.status === 413) res.setHeader('Connection', 'close');
      if (!res.headersSent) return ctx.json(err.status, { error: err.code, message: err.message });
    }
    ctx.log.error('request failed', { err });
    // Never the stack or the error text to the client: it may name files, queries or secrets.
    if (!res.headersSent) return ctx.json(500, { error: 'internal', message: 'Something went wrong on our side; it has been logged.', requestId: ctx.requestId });
    res.destroy();
  }

  private context(
    req: IncomingMessage,
    res: ServerResponse,
    method: string,
    path: string,
    search: string,
    params: Record<string, string>,
    requestId: string,
    log: Logger,
  ): HttpContext {
    let body: Promise<Buffer> | undefined;
    const send = (status: number, payload: string | Buffer, headers: Record<string, string> = {}) => {
      if (res.headersSent) throw new Error('response already sent');
      // While shutting down, a keep-alive socket would outlive its last response and hold
      // close() open until the grace runs out; ask the client to reconnect elsewhere instead.
      if (this.closing) res.setHeader('Connection', 'close');
      const encoded = compressFor(req.headers['accept-encoding'], status, payload, headers);
      res.writeHead(status, { 'X-Content-Type-Options': 'nosniff', ...headers, ...encoded.headers });
      res.end(encoded.body);
    };
    const ctx: HttpContext = {
      req,
      res,
      method,
      path,
      query: new URLSearchParams(search),
      params,
      requestId,
      log,
      client: clientOf(req, this.trustProxy, Boolean((req.socket as TLSSocket).encrypted)),
      readBody: () => (body ??= readBody(req, this.bodyLimit)),
      readJson: async () => {
        const raw = await ctx.readBody();
        try {
          return JSON.parse(raw.toString('utf8')) as unknown;
        } catch {
          throw new HttpError(400, 'bad_json', 'The request body is not valid JSON.');
        }
      },
      send,
      json: (status, value, headers = {}) =>
        send(status, JSON.stringify(value), { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store', ...headers }),
    };
    return ctx;
  }
}

function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const tooLarge = () => new HttpError(413, 'payload_too_large', `The request body is larger than ${limit} bytes.`);
  return new Promise((resolve, reject) => {
    // Refuse early when the client announces the size; otherwise count as it streams in.
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > limit) {
      req.resume();
      return reject(tooLarge());
    }
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.off('data', onData);
        req.resume(); // drain and discard, so the client can read the 413
        return reject(tooLarge());
      }
      chunks.push(chunk);
    };
    req.on('data', onData);
    req.once('end', () => resolve(Buffer.concat(chunks)));
    req.once('error', reject);
  });
}
