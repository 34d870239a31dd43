// A webhook receiver on loopback that verifies every delivery with the Standard Webhooks
// reference verifier (the `standardwebhooks` package) and answers as the test scripts it.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { vi } from 'vitest';

export type Answer = number | 'hang';

export interface Received {
  id: string;
  type: string;
  body: any;
  verified: boolean;
}

export interface Receiver {
  url: string;
  received: Received[];
  /** answers to give, in order; when empty, 200 */
  script: Answer[];
  secret?: string;
  close(): Promise<void>;
}

/**
 * `now` is the test's clock: the verifier refuses a timestamp more than five minutes from "now"
 * (replay protection), and Docket signs with its own clock, which the tests move.
 */
export async function receiver(now: () => Date = () => new Date()): Promise<Receiver> {
  const r: Receiver = { url: '', received: [], script: [], close: async () => {} };
  const hanging: http.ServerResponse[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      let verified = false;
      vi.setSystemTime(now());
      try {
        new Webhook(r.secret!).verify(raw, req.headers as Record<string, string>);
        verified = true;
      } catch {
        verified = false;
      } finally {
        vi.useRealTimers();
      }
      const body = JSON.parse(raw);
      r.received.push({ id: String(req.headers['webhook-id']), type: body.type, body, verified });
      const answer = r.script.shift() ?? 200;
      if (answer === 'hang') return void hanging.push(res);
      res.writeHead(answer).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  r.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`;
  r.close = () =>
    new Promise((resolve) => {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return r;
}
