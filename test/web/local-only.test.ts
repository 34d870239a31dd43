// Local mode lets anyone act as anyone, so it answers only this machine: a visitor from another
// address (injected at the HTTP layer: the socket's peer address is what Node reports) is refused
// with the way to run a shared demo on purpose, and so is one relayed by a proxy we do not trust.
import type { Socket } from 'node:net';
import { networkInterfaces } from 'node:os';
import { afterEach, describe, expect, it } from 'vitest';
import { readConfig } from '../../src/config.ts';
import { Client, type RunningConsole, startConsole } from './support.ts';

let running: RunningConsole | undefined;
afterEach(async () => {
  await running?.close();
  running = undefined;
});

/** every connection the server accepts from now on claims to come from `address` */
function peerIs(c: RunningConsole, address: string): void {
  c.server.node.prependListener('connection', (socket: Socket) => {
    Object.defineProperty(socket, 'remoteAddress', { value: address, configurable: true });
  });
}

describe('local mode is local', () => {
  it('refuses act-as from another machine and says how to run a shared demo', async () => {
    running = await startConsole();
    peerIs(running, '192.0.2.10');
    const browser = new Client(running.url);
    const home = await browser.get('/');
    expect(home.status).toBe(403);
    expect(home.body).toContain('This console answers only on its own machine');
    expect(home.body).toContain('set DOCKET_CONSOLE=local and an explicit HOST');
    // the act-as form itself cannot be posted either (no page, no CSRF token to reuse)
    const post = await fetch(`${running.url}/act-as`, { method: 'POST', body: 'person=ann@example.com', headers: { 'Content-Type': 'application/x-www-form-urlencoded' } });
    expect(post.status).toBe(403);
    expect(await post.text()).toContain('answers only on its own machine');
  });

  it('serves this machine, over IPv4-mapped IPv6 too', async () => {
    running = await startConsole();
    peerIs(running, '::ffff:127.0.0.1');
    const browser = new Client(running.url);
    expect((await browser.get('/')).status).toBe(200);
    expect((await browser.actAs('ann@example.com')).status).toBe(303);
  });

  it('refuses a loopback peer that relays others (X-Forwarded-For) unless the proxy is trusted and vouches for this machine', async () => {
    running = await startConsole();
    const relayed = await fetch(`${running.url}/`, { headers: { 'X-Forwarded-For': '127.0.0.1' } });
    expect(relayed.status).toBe(403);
    await running.close();

    running = await startConsole({ trustProxy: 1 });
    expect((await fetch(`${running.url}/`, { headers: { 'X-Forwarded-For': '198.51.100.7' } })).status).toBe(403);
    // a client that forged an entry before our one proxy appended the real one
    expect((await fetch(`${running.url}/`, { headers: { 'X-Forwarded-For': '127.0.0.1, 198.51.100.7' } })).status).toBe(403);
    expect((await fetch(`${running.url}/`, { headers: { 'X-Forwarded-For': '198.51.100.7, 127.0.0.1' } })).status).toBe(200);
  });

  // a real second address where the machine has one: connecting to it, the peer is that address
  const lan = Object.values(networkInterfaces())
    .flat()
    .find((a) => a && a.family === 'IPv4' && !a.internal)?.address;
  it.runIf(lan !== undefined)('refuses a real visitor on a non-loopback address of this machine, listening on 0.0.0.0', async () => {
    running = await startConsole({ host: '0.0.0.0' });
    const port = new URL(running.url).port;
    const remote = await fetch(`http://${lan}:${port}/`);
    expect(remote.status).toBe(403);
    expect(await remote.text()).toContain('answers only on its own machine');
    expect((await fetch(`http://127.0.0.1:${port}/`)).status).toBe(200);
  });

  it('a shared demo (DOCKET_CONSOLE=local with HOST set) serves everyone', async () => {
    running = await startConsole({ consoleShared: true });
    peerIs(running, '192.0.2.10');
    expect((await new Client(running.url).get('/')).status).toBe(200);
  });

  it('listens on 127.0.0.1 in local mode unless HOST is set; sharing needs both settings', () => {
    const cfg = (env: NodeJS.ProcessEnv) => {
      const r = readConfig(env);
      if (!r.ok) throw new Error('config');
      return { host: r.config.host, console: r.config.console, shared: r.config.consoleShared };
    };
    expect(cfg({})).toEqual({ host: '127.0.0.1', console: 'local', shared: false });
    expect(cfg({ HOST: '0.0.0.0' })).toEqual({ host: '0.0.0.0', console: 'local', shared: false });
    expect(cfg({ DOCKET_CONSOLE: 'local' })).toEqual({ host: '127.0.0.1', console: 'local', shared: false });
    expect(cfg({ DOCKET_CONSOLE: 'local', HOST: '0.0.0.0' })).toEqual({ host: '0.0.0.0', console: 'local', shared: true });
    expect(cfg({ DOCKET_CONSOLE: 'off' })).toEqual({ host: '0.0.0.0', console: 'off', shared: false });
  });
});
