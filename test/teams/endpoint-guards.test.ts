// What /api/messages refuses before any turn runs: in local mode (no tokens) everything not from
// this machine or not pointing back at it, and anywhere a body whose fields have the wrong type.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isLoopbackAddress, isLoopbackUrl, messagesHandler, type TeamsAdapter } from '../../adapters/teams/transport.ts';
import type { HttpContext } from '../../adapters/http/server.ts';
import { silentLogger } from '../../src/log.ts';
import { BOT, personalInstall, personalMessage, postActivity, users } from './activities.ts';
import { REMOTE_SERVICE_URL } from './fake-teams.ts';
import { teamsServer, type TeamsServer } from './server.ts';

const LOCAL_ONLY = { error: 'forbidden', message: 'DOCKET_TEAMS=local takes activities only from this machine, with a loopback serviceUrl (as the Bot Framework Emulator sends them).' };

let s: TeamsServer;
beforeAll(async () => {
  s = await teamsServer();
});
afterAll(() => s.close());

const remembered = () => s.logs().filter((l) => l.msg === 'teams: conversation remembered').map((l) => l.key);

describe('local mode', () => {
  it('refuses an activity whose serviceUrl is not on this machine: it would choose where the bot\'s calls go', async () => {
    const res = await postActivity(s.url, { ...personalInstall(users.frank), serviceUrl: REMOTE_SERVICE_URL });
    expect(res).toEqual({ status: 403, body: LOCAL_ONLY });
    expect(s.fake.calls).toEqual([]);
    expect(remembered()).not.toContain('person:frank@example.com');
  });

  it('refuses an activity that came through a proxy', async () => {
    const headers: Record<string, string>[] = [{ 'X-Forwarded-For': '203.0.113.7' }, { Forwarded: 'for=203.0.113.7' }];
    for (const header of headers) {
      expect(await postActivity(s.url, personalMessage(users.ann, 'help'), header)).toEqual({ status: 403, body: LOCAL_ONLY });
    }
    expect(s.fake.calls).toEqual([]);
  });

  it('refuses a caller that is not on this machine, before reading its body', async () => {
    const seen: { status?: number; body?: unknown; handled: boolean; read: boolean } = { handled: false, read: false };
    const adapter = { handle: async () => void (seen.handled = true) } as unknown as TeamsAdapter;
    const handler = messagesHandler(adapter, async () => undefined, silentLogger, { local: true });
    const ctx = (remoteAddress: string) =>
      ({
        req: { headers: {}, socket: { remoteAddress } },
        readJson: async () => {
          seen.read = true;
          return personalMessage(users.ann, 'help');
        },
        json: (status: number, body: unknown) => Object.assign(seen, { status, body }),
        send: (status: number) => Object.assign(seen, { status }),
      }) as unknown as HttpContext;
    await handler(ctx('203.0.113.7'));
    expect(seen).toEqual({ status: 403, body: LOCAL_ONLY, handled: false, read: false });
    await handler(ctx('::ffff:127.0.0.1'));
    expect([seen.status, seen.handled]).toEqual([200, true]);
  });

  it('still works for the Emulator on this machine', async () => {
    expect((await postActivity(s.url, personalMessage(users.ann, 'help'))).status).toBe(200);
    expect(s.fake.calls).toEqual([`POST ${users.ann.chat}`]);
  });

  it.each([
    ['127.0.0.1', true],
    ['127.8.9.10', true],
    ['::1', true],
    ['::ffff:127.0.0.1', true],
    ['10.0.0.5', false],
    ['::ffff:10.0.0.5', false],
    ['fe80::1', false],
    ['', false],
  ])('knows %j is loopback: %s', (address, loopback) => {
    expect(isLoopbackAddress(address)).toBe(loopback);
  });

  it.each([
    ['http://localhost:3978/', true],
    ['http://127.0.0.1:3978/emea/', true],
    ['https://[::1]:8443/', true],
    ['https://smba.trafficmanager.net/emea/', false],
    ['http://127.0.0.1.nip.io/', false],
    ['http://localhost.evil.example/', false],
    ['http://169.254.169.254/latest/', false],
    ['not a url', false],
  ])('knows %j is a loopback URL: %s', (url, loopback) => {
    expect(isLoopbackUrl(url)).toBe(loopback);
  });
});

describe('fields of the wrong type', () => {
  it.each([
    ['text as a number', { ...personalMessage(users.ann, 'help'), text: 5 }, 'text'],
    ['entities as an object', { ...personalMessage(users.ann, 'help'), entities: { type: 'mention' } }, 'entities'],
    ['an entity that is null', { ...personalMessage(users.ann, 'help'), entities: [null] }, 'entities.0'],
    ['membersAdded as a string', { ...personalInstall(users.ann), membersAdded: BOT.id }, 'membersAdded'],
    ['a member without an id', { ...personalInstall(users.ann), membersAdded: [{ name: 'x' }] }, 'membersAdded.0.id'],
    ['channelData as a string', { ...personalMessage(users.ann, 'help'), channelData: 'x' }, 'channelData'],
  ])('answers 400 to %s, and runs no turn', async (_what, activity, path) => {
    const before = s.fake.calls.length;
    const res = await postActivity(s.url, activity);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ error: 'bad_activity', message: expect.stringContaining(`${path}:`) });
    expect(s.fake.calls.length).toBe(before);
    expect(s.logs().filter((l) => l.msg === 'teams: turn failed')).toEqual([]);
  });
});
