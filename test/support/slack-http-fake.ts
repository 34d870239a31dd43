// Slack's Web API as a real HTTP server on loopback, for a Docket running in another process
// (nock only reaches its own process). Just what delivering cards needs: conversations.open,
// chat.postMessage, chat.update, auth.test; a DM channel listed in `refuse` answers
// channel_not_found, which Docket classifies as permanent and dead-letters.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SlackHttpFake {
  /** SLACK_API_URL for the server under test */
  apiUrl: string;
  calls: { method: string; args: Record<string, string> }[];
  close(): Promise<void>;
}

export async function slackHttpFake(options: { refuse?: string[] } = {}): Promise<SlackHttpFake> {
  const calls: SlackHttpFake['calls'] = [];
  let ts = 1_700_000_000;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const method = (req.url ?? '').replace(/^\/api\//, '').split('?')[0]!;
      const raw = Buffer.concat(chunks).toString('utf8');
      const args: Record<string, string> = String(req.headers['content-type']).includes('json') ? (JSON.parse(raw || '{}') as Record<string, string>) : Object.fromEntries(new URLSearchParams(raw));
      calls.push({ method, args });
      const answer = (() => {
        switch (method) {
          case 'conversations.open':
            return { ok: true, channel: { id: `D${args.users}` } };
          case 'chat.postMessage':
            if (options.refuse?.includes(args.channel!)) return { ok: false, error: 'channel_not_found' };
            return { ok: true, channel: args.channel, ts: `${ts++}.000100` };
          case 'chat.update':
            return { ok: true, channel: args.channel, ts: args.ts };
          case 'auth.test':
            return { ok: true, team_id: 'T0DOCKET01', user_id: 'U0DOCKETBOT', bot_id: 'B0DOCKET' };
          default:
            return { ok: true };
        }
      })();
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(answer));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    apiUrl: `http://127.0.0.1:${port}/api/`,
    calls,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
