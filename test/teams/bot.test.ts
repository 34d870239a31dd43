// The Teams endpoint's edges: who may talk to it, what it says to strangers and to nonsense,
// and the cards its commands answer with. A real server in local mode, the connector nocked.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { explain } from '../../src/core/refusals.ts';
import { cardAction, channelMessage, INCIDENTS, personalInstall, personalMessage, postActivity, users } from './activities.ts';
import { FakeTeams } from './fake-teams.ts';
import { teamsServer, type TeamsServer } from './server.ts';

type Card = Record<string, unknown>;
let s: TeamsServer;
beforeAll(async () => {
  s = await teamsServer();
});
afterAll(() => s.close());

const lastIn = (chat: string) => s.fake.in(chat).at(-1)!.activity;
const invokeCard = (body: unknown) => (body as { value: Card }).value;

describe('the Teams endpoint', () => {
  it('says loudly at start that local mode has no authentication', () => {
    expect(s.logs().find((l) => String(l.msg).startsWith('TEAMS LOCAL MODE'))).toMatchObject({ level: 'warn' });
  });

  it('answers 400 to a body that is not an activity', async () => {
    const notJson = await fetch(`${s.url}/api/messages`, { method: 'POST', body: '{oops' });
    expect([notJson.status, await notJson.json()]).toEqual([400, { error: 'bad_json', message: 'The request body is not valid JSON.' }]);
    const res = await postActivity(s.url, { type: 'message', text: 'hi' });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ error: 'bad_activity', message: expect.stringContaining('channelId') });
    const evil = await postActivity(s.url, { ...personalMessage(users.ann, 'help'), serviceUrl: 'file:///etc/passwd' });
    expect(evil.status).toBe(400);
    expect(s.fake.calls).toEqual([]);
  });

  it('refuses politely someone Teams cannot tie to org.yaml, and someone anonymous', async () => {
    await postActivity(s.url, personalMessage(users.mallory, 'request'));
    expect(lastIn(users.mallory.chat).text).toBe('You are not in the Docket directory yet \\(mallory@elsewhere.example\\). Ask an admin to add you to org.yaml.');
    const guest = { id: '29:guest', name: 'Guest', chat: 'a:guest-personal' };
    await postActivity(s.url, personalMessage(guest, 'help'));
    expect(lastIn(guest.chat).text).toBe('Docket cannot tell who you are \\(Guest\\): guests and anonymous users cannot use it. Sign in with your work account.');
    // a refused person's chat is not remembered as a place to post to
    expect(s.logs().filter((l) => l.msg === 'teams: conversation remembered').map((l) => l.key)).not.toContain('person:mallory@elsewhere.example');
  });

  it('answers a stranger\'s click with the reason only, no card and no buttons', async () => {
    const res = await postActivity(s.url, cardAction(users.mallory, 'request.approve', { subject: 'request:R-404', value: 'manager', version: 1 }));
    const card = invokeCard(res.body);
    expect(FakeTeams.texts(card)[0]).toContain('You are not in the Docket directory yet');
    expect(card.actions ?? []).toEqual([]);
  });

  it('remembers a person\'s chat on install, and greets them', async () => {
    await postActivity(s.url, personalInstall(users.ann));
    expect(String(lastIn(users.ann.chat).text)).toMatch(/^Hello\\! Approvals and cases will reach you here\./);
    expect(s.logs().filter((l) => l.msg === 'teams: conversation remembered').map((l) => l.key)).toContain('person:ann@example.com');
  });

  it('works with the Bot Framework Emulator: no conversation type, no Azure AD id, a teamsId from org.yaml', async () => {
    const emulated = { ...personalMessage({ id: '29:1lee-aad-object-id', name: 'User', chat: 'emulator-chat|livechat' }, 'help'), channelId: 'emulator', conversation: { id: 'emulator-chat|livechat' } };
    expect((await postActivity(s.url, emulated)).status).toBe(200);
    expect(String(lastIn('emulator-chat|livechat').text)).toMatch(/^Docket can do this for you:/);
    expect(s.logs().filter((l) => l.msg === 'teams: conversation remembered').map((l) => l.key)).toContain('person:lee@example.com');
  });

  it('answers "request" with the request types, each a button that opens its form', async () => {
    await postActivity(s.url, personalMessage(users.ann, 'request'));
    const card = FakeTeams.card(lastIn(users.ann.chat))!;
    const buttons = FakeTeams.elements(card).filter((e) => e.type === 'Action.Execute');
    expect(buttons.map((b) => [b.verb, b.data])).toEqual([
      ['form.open', { flow: 'access' }],
      ['form.open', { flow: 'purchase' }],
      ['form.open', { flow: 'time-off' }],
    ]);
    const form = invokeCard((await postActivity(s.url, cardAction(users.ann, 'form.open', { flow: 'time-off' }))).body);
    expect(FakeTeams.texts(form)[0]).toBe('Time off');
    expect((form.actions as Card[])[0]).toMatchObject({ verb: 'form.submit', data: { flow: 'time-off' } });
  });

  it('says which request types there are when one is misspelt, and how it works when nothing matches', async () => {
    await postActivity(s.url, personalMessage(users.ann, 'request yacht'));
    expect(lastIn(users.ann.chat).text).toBe('There is no request or case type called "yacht". Types: access, purchase, time-off.');
    await postActivity(s.url, personalMessage(users.ann, 'approve all the things'));
    expect(String(lastIn(users.ann.chat).text)).toMatch(/^I did not understand "approve all the things"\.\n\n• inbox — what waits on you/);
  });

  it('ignores channel chatter that does not mention it, outside case threads', async () => {
    const before = s.fake.calls.length;
    const res = await postActivity(s.url, channelMessage(users.ann, INCIDENTS, 'lunch anyone?'));
    expect(res.status).toBe(200);
    expect(s.fake.calls.length).toBe(before);
  });

  it('answers an invoke it does not handle with 501, and an unknown verb with a card that says so', async () => {
    const other = await postActivity(s.url, { ...cardAction(users.ann, 'x', {}), name: 'composeExtension/query' });
    expect(other.status).toBe(501);
    const unknown = invokeCard((await postActivity(s.url, cardAction(users.ann, 'launch.rockets', {}))).body);
    expect(FakeTeams.texts(unknown)[0]).toBe('This button \\(launch.rockets\\) is not one Docket knows. The card may come from an older version; ask for it again.');
    const bad = await postActivity(s.url, { ...cardAction(users.ann, 'x', {}), value: { action: { type: 'Action.Submit' } } });
    expect(bad.body).toEqual({ statusCode: 400, type: 'application/vnd.microsoft.error', value: { code: 'BadRequest', message: 'Docket expects an Action.Execute with a verb.' } });
  });

  it('requires a reason to reject, on the card, and sends back with the form ready to edit', async () => {
    await postActivity(s.url, personalInstall(users.bob));
    const submit = {
      flow: 'purchase',
      'field:item': 'Desk lamp',
      'field:total': '40',
      'field:total:currency': 'EUR',
      'field:category': 'hardware',
      'field:justification': 'The office corner is far too dark to read in.',
    };
    const receipt = FakeTeams.texts(invokeCard((await postActivity(s.url, cardAction(users.ann, 'form.submit', submit))).body));
    const id = /^(R-\d+) submitted\.$/.exec(receipt[0]!)![1]!;
    const noReason = invokeCard((await postActivity(s.url, cardAction(users.bob, 'request.reject', { subject: `request:${id}`, value: 'manager', version: 1 }))).body);
    expect(FakeTeams.texts(noReason)[0]).toBe(explain('request.reason_required'));
    const sentBack = invokeCard((await postActivity(s.url, cardAction(users.bob, 'request.send_back', { subject: `request:${id}`, value: 'manager', version: 1, input: 'Which lamp, *exactly*?' }))).body);
    expect(FakeTeams.texts(sentBack)).toEqual(expect.arrayContaining(['You sent it back for changes.', 'Sent back for changes', 'Sent back by Bob Baker: Which lamp, \\*exactly\\*?']));
    // Ann edits and resubmits: the form comes back filled in with what she sent
    const form = invokeCard((await postActivity(s.url, cardAction(users.ann, 'request.resubmit', { subject: `request:${id}`, version: 2 }))).body);
    expect(FakeTeams.elements(form).find((e) => e.id === 'field:item')).toMatchObject({ value: 'Desk lamp' });
    expect((form.actions as Card[])[0]).toMatchObject({ verb: 'form.resubmit', data: { subject: `request:${id}` } });
    const again = invokeCard((await postActivity(s.url, cardAction(users.ann, 'form.resubmit', { subject: `request:${id}`, ...submit, 'field:item': 'Desk lamp, IKEA Forsa' }))).body);
    expect(FakeTeams.texts(again)[0]).toBe(`${id} submitted.`);
    const r = await s.running.engine.deps.store.getRequest(id);
    expect([r!.status, r!.form.item]).toEqual(['pending', 'Desk lamp, IKEA Forsa']);
  });
});

describe('someone the bot cannot reach yet', () => {
  it('is reported to the admins in Teams, never dropped silently', async () => {
    // Lee's manager Tess never installed the app; Ian (an admin) did
    await postActivity(s.url, personalInstall(users.lee));
    await postActivity(s.url, personalInstall(users.ian));
    const form = { flow: 'time-off', 'field:from': '2026-12-14', 'field:to': '2026-12-18', 'field:days': '5', 'field:type': 'vacation' };
    const receipt = FakeTeams.texts(invokeCard((await postActivity(s.url, cardAction(users.lee, 'form.submit', form))).body));
    expect(receipt[0]).toMatch(/^R-\d+ submitted\.$/);
    // Tess's card is dead-lettered, and so is the notice to Carol, the other admin (not installed either)
    expect((await s.dispatch()).dead).toBeGreaterThanOrEqual(1);
    await s.dispatch();
    const notice = String(lastIn(users.ian.chat).text);
    expect(notice).toContain('Docket could not deliver to Tess Moyo \\(tess@example.com\\) on Microsoft Teams: unreachable: the Docket app is not installed for them in Teams yet');
  });
});

describe('without Teams settings', () => {
  it('answers 503 at /api/messages, saying what to set', async () => {
    const off = await teamsServer({});
    try {
      const res = await postActivity(off.url, personalMessage(users.ann, 'help'));
      expect(res).toEqual({ status: 503, body: { error: 'not_available', message: 'Microsoft Teams is not configured: set MicrosoftAppId and MicrosoftAppPassword (or DOCKET_TEAMS=local for the Bot Framework Emulator).' } });
      expect(off.running.clock.outbox).toBeUndefined();
      expect(off.fake.calls).toEqual([]);
    } finally {
      await off.close();
    }
  });
});
