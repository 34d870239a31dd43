// Production mode (MicrosoftAppId set): botbuilder validates the Bot Framework JWT on every
// activity. The keys are ours (an RSA pair made here), published by nock where botbuilder looks
// for them: the OpenID metadata at login.botframework.com and its JWKS. Replies need a token of
// the bot's own from login.microsoftonline.com, also nocked.
import { createSign, generateKeyPairSync, type KeyObject } from 'node:crypto';
import nock from 'nock';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { escapeMarkdown } from '../../adapters/teams/markdown.ts';
import { explain } from '../../src/core/refusals.ts';
import { personalMessage, postActivity, TENANT, users } from './activities.ts';
import { SERVICE_URL } from './fake-teams.ts';
import { teamsServer, type TeamsServer } from './server.ts';

const APP_ID = '0c5f3e1a-9b2d-4e7f-8a6c-3d1b5e9f7a2c';
const KID = 'docket-test-key';
const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const { privateKey: strangerKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });

const b64url = (v: Buffer | string) => Buffer.from(v).toString('base64url');

function jwt(claims: Record<string, unknown>, key: KeyObject = privateKey, kid = KID): string {
  const head = b64url(JSON.stringify({ alg: 'RS256', typ: 'JWT', kid }));
  const body = b64url(JSON.stringify(claims));
  const signature = createSign('RSA-SHA256').update(`${head}.${body}`).sign(key);
  return `${head}.${body}.${b64url(signature)}`;
}

const seconds = () => Math.floor(Date.now() / 1000);
const goodClaims = () => ({ iss: 'https://api.botframework.com', aud: APP_ID, serviceurl: SERVICE_URL, nbf: seconds() - 60, exp: seconds() + 3600 });

let s: TeamsServer;
let tokenRequests = 0;
beforeAll(async () => {
  s = await teamsServer({ MicrosoftAppId: APP_ID, MicrosoftAppPassword: 'test-password', DOCKET_TEAMS_TENANTS: TENANT });
  const jwk = publicKey.export({ format: 'jwk' });
  nock('https://login.botframework.com')
    .persist()
    .get('/v1/.well-known/openidconfiguration')
    .reply(200, { issuer: 'https://api.botframework.com', jwks_uri: 'https://login.botframework.com/v1/.well-known/keys', id_token_signing_alg_values_supported: ['RS256'] })
    .get('/v1/.well-known/keys')
    .reply(200, { keys: [{ kty: 'RSA', use: 'sig', kid: KID, n: jwk.n, e: jwk.e, endorsements: ['msteams'] }] });
  // the bot's own token, for calls to the connector (client credentials, MSAL)
  nock('https://login.microsoftonline.com')
    .persist()
    .post(/\/oauth2\/v2\.0\/token/)
    .reply(() => {
      tokenRequests++;
      return [200, { token_type: 'Bearer', expires_in: 3600, ext_expires_in: 3600, access_token: 'bot-token-123' }];
    });
  // botbuilder prints rejected tokens with console.error; the 401 and our log line say enough
  vi.spyOn(console, 'error').mockImplementation(() => undefined);
});
afterAll(async () => {
  vi.restoreAllMocks();
  await s.close();
});

const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

describe('Bot Framework authentication with MicrosoftAppId set', () => {
  it('accepts a valid token, and replies with a token of its own', async () => {
    const res = await postActivity(s.url, personalMessage(users.ann, 'help'), bearer(jwt(goodClaims())));
    expect(res.status).toBe(200);
    expect(s.fake.calls).toEqual([`POST ${users.ann.chat}`]);
    expect(s.fake.authorizations).toEqual(['Bearer bot-token-123']);
    expect(tokenRequests).toBe(1);
  });

  it.each([
    ['missing', undefined],
    ['not a bearer token', 'Basic dXNlcjpwYXNz'],
    ['from another issuer', jwt({ ...goodClaims(), iss: 'https://sts.windows.net/evil/' })],
    ['for another bot (audience)', jwt({ ...goodClaims(), aud: '11111111-2222-3333-4444-555555555555' })],
    ['expired', jwt({ ...goodClaims(), nbf: seconds() - 7200, exp: seconds() - 3600 })],
    ['for another serviceUrl', jwt({ ...goodClaims(), serviceurl: 'https://evil.example/' })],
    ['signed by another key', jwt(goodClaims(), strangerKey)],
    ['signed with an unknown key id', jwt(goodClaims(), privateKey, 'no-such-key')],
  ])('refuses a token %s with 401, and does nothing', async (_what, token) => {
    const before = s.fake.calls.length;
    const res = await postActivity(s.url, personalMessage(users.ann, 'help'), token ? (token.startsWith('Basic') ? { Authorization: token } : bearer(token)) : {});
    expect(res).toEqual({ status: 401, body: { error: 'unauthorized', message: 'The Bot Framework token is missing or invalid.' } });
    expect(s.fake.calls.length).toBe(before);
  });

  it('logs each refusal with its reason, never the token', async () => {
    const token = jwt({ ...goodClaims(), serviceurl: 'https://evil.example/' });
    await postActivity(s.url, personalMessage(users.ann, 'help'), bearer(token));
    const line = s.logs().filter((l) => l.msg === 'teams: refused an activity with a missing or invalid token').at(-1)!;
    expect(line).toMatchObject({ level: 'warn', reason: 'Unauthorized. ServiceUrl claim do not match.', serviceUrl: SERVICE_URL });
    expect(JSON.stringify(s.logs())).not.toContain(token.split('.')[2]);
  });

  it('maps nobody from another tenant, however valid the token: their admin sets their mail', async () => {
    const evil = { id: '29:evil-frank', name: 'Frank Moreau', aadObjectId: 'aad-evil-frank', chat: 'a:evil-frank' };
    s.fake.members.set(evil.id, { email: 'frank@example.com', userPrincipalName: 'frank@example.com' });
    const tenant = 'eeeeeeee-1111-4222-8333-444444444444';
    const activity = { ...personalMessage(evil, 'request'), conversation: { id: evil.chat, conversationType: 'personal', tenantId: tenant }, channelData: { tenant: { id: tenant } } };
    expect((await postActivity(s.url, activity, bearer(jwt(goodClaims())))).status).toBe(200);
    expect(s.fake.in(evil.chat).map((p) => p.activity.text)).toEqual([escapeMarkdown(explain('person.other_tenant', { actor: 'Frank Moreau' }))]);
    expect(s.fake.calls).not.toContain(`GET member ${evil.id}`);
    expect(s.logs().filter((l) => l.msg === 'teams: conversation remembered').map((l) => l.key)).not.toContain('person:frank@example.com');
  });
});
