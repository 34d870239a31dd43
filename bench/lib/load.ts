// A closed-loop HTTP load: `concurrency` requests in flight on kept-alive sockets until `total`
// have been answered. Each request body comes from `bodyOf(i)`, signed fresh, so every request
// is a new click. Only loopback addresses are ever targeted (the bench starts its servers).
import http from 'node:http';
import { percentile } from './rounds.ts';

export interface LoadResult {
  total: number;
  seconds: number;
  perSecond: number;
  p50ms: number;
  p99ms: number;
  /** answers by HTTP status */
  statuses: Record<number, number>;
}

export interface LoadOptions {
  url: string;
  total: number;
  concurrency: number;
  request: (i: number) => { body: string; headers: Record<string, string> };
}

export async function load(options: LoadOptions): Promise<LoadResult> {
  const target = new URL(options.url);
  if (!['127.0.0.1', 'localhost', '[::1]'].includes(target.hostname)) throw new Error(`the bench only loads servers on this machine, not ${target.hostname}`);
  const agent = new http.Agent({ keepAlive: true, maxSockets: options.concurrency });
  const latencies: number[] = [];
  const statuses: Record<number, number> = {};
  let next = 0;
  const one = (i: number) =>
    new Promise<void>((resolve, reject) => {
      const { body, headers } = options.request(i);
      const started = performance.now();
      const req = http.request(
        { agent, host: target.hostname, port: target.port, path: target.pathname, method: 'POST', headers: { ...headers, 'Content-Length': Buffer.byteLength(body) } },
        (res) => {
          res.resume();
          res.on('end', () => {
            latencies.push(performance.now() - started);
            statuses[res.statusCode ?? 0] = (statuses[res.statusCode ?? 0] ?? 0) + 1;
            resolve();
          });
        },
      );
      req.setTimeout(30_000, () => req.destroy(new Error('no answer within 30 s')));
      req.on('error', reject);
      req.end(body);
    });
  const worker = async () => {
    while (next < options.total) await one(next++);
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  const seconds = (performance.now() - started) / 1000;
  agent.destroy();
  return { total: options.total, seconds, perSecond: options.total / seconds, p50ms: percentile(latencies, 50), p99ms: percentile(latencies, 99), statuses };
}
