// Slack's Web API as far as the outbox dispatcher needs it during a bench: every method answers
// ok with plausible ids, on 127.0.0.1. Nothing is checked; it only keeps deliveries from failing.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export async function fakeSlackApi(): Promise<{ url: string; calls: () => number; close(): Promise<void> }> {
  let calls = 0;
  let ts = 1_700_000_000;
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      calls++;
      const method = (req.url ?? '').split('/').pop() ?? '';
      const stamp = `${ts++}.000100`;
      const body =
        method === 'conversations.open'
          ? { ok: true, channel: { id: 'D0BENCH001' } }
          : method.startsWith('users.')
            ? { ok: false, error: 'users_not_found' }
            : { ok: true, channel: 'D0BENCH001', ts: stamp, message: { ts: stamp } };
      res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/api/`, calls: () => calls, close: () => new Promise((r) => server.close(() => r())) };
}
