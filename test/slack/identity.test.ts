// Who a Slack user is: only people of our own workspace (or, on Enterprise Grid, our
// organisation) are joined to org.yaml by email. A Slack Connect outsider whose profile shows a
// directory person's email stays a stranger, in both directions: they cannot act as that person,
// and that person's cards are never sent to them.
import { afterEach, describe, expect, it } from 'vitest';
import { SlackIdentities } from '../../adapters/slack/identity.ts';
import { createWebClient } from '../../adapters/slack/web-client.ts';
import { silentLogger } from '../../src/log.ts';
import { directory } from '../support/world.ts';
import { API_URL, FakeSlack, type SlackUser, TEAM_ID } from './support/fake-slack.ts';
import { MemoryIdentities } from './support/memory-identities.ts';
import { input, type SlackHarness, slackServer, U, viewSubmission } from './support/slack-server.ts';

// the test world's people have no slackId: everyone is joined by email
const ANN = 'U0ANN00001';
const OUTSIDER = 'U0OUTSIDE1';

function identities(slack: FakeSlack, cache = new MemoryIdentities()) {
  const api = createWebClient({ botToken: 'xoxb-test', apiUrl: API_URL, retryConfig: { retries: 0 }, log: silentLogger }, { rejectRateLimitedCalls: true });
  return { ids: new SlackIdentities({ directory, cache, api, log: silentLogger }), cache };
}

describe('SlackIdentities: our workspace only', () => {
  let slack: FakeSlack;
  afterEach(() => slack.stop());
  const start = (users: SlackUser[], team: { teamId?: string; enterpriseId?: string } = {}) => (slack = new FakeSlack(users, team).start());

  it('joins a user of our workspace by email, asking auth.test once and only when a lookup needs it', async () => {
    start([{ id: ANN, email: 'ann@example.com' }, { id: 'U0BOB00001', email: 'bob@example.com' }]);
    const { ids } = identities(slack);
    expect(slack.calls).toEqual([]);
    expect(await ids.emailOf(ANN)).toBe('ann@example.com');
    expect(await ids.emailOf('U0BOB00001')).toBe('bob@example.com');
    expect(slack.of('auth.test')).toHaveLength(1);
  });

  it('refuses a Slack Connect outsider with a person\'s email: another workspace, or a stranger', async () => {
    start([
      { id: OUTSIDER, email: 'ann@example.com', teamId: 'T0ELSEWHERE' },
      { id: 'U0STRANGE2', email: 'bob@example.com', teamId: TEAM_ID, isStranger: true },
    ]);
    const { ids, cache } = identities(slack);
    expect(await ids.emailOf(OUTSIDER)).toBeUndefined();
    expect(await ids.emailOf('U0STRANGE2')).toBeUndefined();
    // remembered as nobody, so neither a later lookup nor a delivery finds them under the email
    expect(await cache.idsOf('slack', 'ann@example.com')).toEqual([]);
    expect(await cache.idsOf('slack', 'bob@example.com')).toEqual([]);
  });

  it('on Enterprise Grid, a user of a sister workspace in our organisation is ours; another organisation\'s is not', async () => {
    start(
      [
        { id: 'U0SISTER01', email: 'ann@example.com', teamId: 'T0SISTER01', enterpriseId: 'E0OURGRID1' },
        { id: 'U0OTHERORG', email: 'bob@example.com', teamId: 'T0OTHER001', enterpriseId: 'E0THEIRS01' },
      ],
      { enterpriseId: 'E0OURGRID1' },
    );
    const { ids } = identities(slack);
    expect(await ids.emailOf('U0SISTER01')).toBe('ann@example.com');
    expect(await ids.emailOf('U0OTHERORG')).toBeUndefined();
  });

  it('to reach a person, prefers the id from our workspace over an outsider cached under the same email', async () => {
    start([
      { id: OUTSIDER, email: 'ann@example.com', teamId: 'T0ELSEWHERE' },
      { id: ANN, email: 'ann@example.com' },
    ]);
    // rows written before the workspace was checked: the outsider's is the newest
    const cache = new MemoryIdentities();
    await cache.remember({ platform: 'slack', platformUserId: ANN, email: 'ann@example.com', fetchedAt: '2026-03-01T08:00:00.000Z' });
    await cache.remember({ platform: 'slack', platformUserId: OUTSIDER, email: 'ann@example.com', fetchedAt: '2026-03-02T08:00:00.000Z' });
    const { ids } = identities(slack, cache);
    expect(await ids.slackIdOf('ann@example.com')).toBe(ANN);
    expect(await ids.slackIdOf('ann@example.com')).toBe(ANN);
    // each candidate was checked once; the second answer came from memory
    expect(slack.of('users.info').map((a) => a.user).sort()).toEqual([ANN, OUTSIDER].sort());
  });

  it('an outsider found by users.lookupByEmail is not a way to reach the person', async () => {
    start([{ id: OUTSIDER, email: 'ann@example.com', teamId: 'T0ELSEWHERE' }]);
    const { ids } = identities(slack);
    expect(await ids.slackIdOf('ann@example.com')).toBeUndefined();
    expect(slack.of('users.lookupByEmail')).toHaveLength(1);
  });

  it('Slack failing with nothing cached is an error for the caller, not "a stranger"', async () => {
    start([{ id: ANN, email: 'ann@example.com' }]);
    const { ids } = identities(slack);
    slack.failNext({ method: 'users.info', status: 503, body: { ok: false } });
    await expect(ids.emailOf(ANN)).rejects.toThrow();
    // a user Slack does not have is an answer
    expect(await ids.emailOf('U0NOBODY01')).toBeUndefined();
  });
});

describe('Slack: an outsider acting as a directory person', () => {
  let h: SlackHarness;
  afterEach(async () => {
    await h.close();
  });

  const timeOff = (user: string) =>
    viewSubmission({
      user,
      callbackId: 'docket.request_form',
      metadata: { kind: 'request', flow: 'time-off' },
      values: { 'field:from': input.date('2026-03-10'), 'field:to': input.date('2026-03-12'), 'field:days': input.number('3'), 'field:type': input.select('vacation') },
    });

  it('a Slack Connect user whose email is Lee\'s is refused as unknown; org.yaml\'s explicit slackId still wins', async () => {
    h = await slackServer();
    h.slack.addUser({ id: 'U0OUTSIDER', email: 'lee@example.com', name: 'Not Lee', teamId: 'T0OTHERORG', isStranger: true });
    const refused = await h.interaction(timeOff('U0OUTSIDER'));
    expect(await refused.json()).toEqual({
      response_action: 'errors',
      errors: { 'field:from': 'You are not in the Docket directory yet (Slack user U0OUTSIDER). Ask an admin to add you to org.yaml.' },
    });
    expect(await h.running.engine.deps.store.requestsBy('lee@example.com')).toEqual([]);

    // Lee himself, in our workspace, is joined by email
    expect(await (await h.interaction(timeOff(U.lee))).text()).toBe('');
    expect(await h.running.engine.deps.store.requestsBy('lee@example.com')).toHaveLength(1);

    // org.yaml names Ann's Slack id: no lookup, whatever Slack would say about her workspace
    h.slack.addUser({ id: U.ann, email: 'ann@example.com', teamId: 'T0OTHERORG' });
    expect(await (await h.interaction(timeOff(U.ann))).text()).toBe('');
    expect(await h.running.engine.deps.store.requestsBy('ann@example.com')).toHaveLength(1);
    expect(h.slack.of('users.info').map((a) => a.user)).toEqual(['U0OUTSIDER', U.lee]);
  });
});
