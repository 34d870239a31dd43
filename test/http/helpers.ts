// Shared by the HTTP tests: a real server on an ephemeral port and a logger that records.
import { request } from 'node:http';
import { HttpServer } from '../../adapters/http/server.ts';
import { createLogger } from '../../src/log.ts';

export function recordingLogger() {
  const lines: string[] = [];
  const log = createLogger({ level: 'debug', write: (l) => lines.push(l) });
  return { log, lines, entries: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>) };
}

export async function listening(setup: (server: HttpServer) => void, bodyLimit?: number) {
  const rec = recordingLogger();
  const server = new HttpServer({ log: rec.log, bodyLimit });
  setup(server);
  const url = await server.listen(0, '127.0.0.1');
  return { server, url, ...rec, close: () => server.close() };
}

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** node:http, for what fetch hides: chunked uploads without Content-Length, HEAD bodies */
export function raw(url: string, options: { method: string; path: string; chunks?: Buffer[]; headers?: Record<string, string> }): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = request(url + options.path, { method: options.method, headers: options.headers }, (res) => {
      const parts: Buffer[] = [];
      res.on('data', (c: Buffer) => parts.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(parts).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    for (const chunk of options.chunks ?? []) req.write(chunk);
    req.end();
  });
}
