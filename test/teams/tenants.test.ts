// Only our own organisation's Teams users are mapped to org.yaml. Someone from another tenant
// (whose admin can set their `mail` to frank@example.com) is refused before any lookup, and none
// of their conversations is remembered; inside our tenant the sign-in name (UPN) decides, not
// `mail`, and a remembered mapping is asked again after a day.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { escapeMarkdown } from '../../adapters/teams/markdown.ts';
import { explain } from '../../src/core/refusals.ts';
import { chatStoresOf } from '../../src/store/conversations.ts';
import { cardAction, personalInstall, personalMessage, postActivity, TEAM, TENANT, teamInstall, type TeamsUser, users } from './activities.ts';
import { FakeTeams } from './fake-teams.ts';
import { NOW, teamsServer, type TeamsServer } from './server.ts';

const EVIL_TENANT = 'eeeeeeee-1111-4222-8333-444444444444';
/** another organisation's user, whose admin set their mail to Frank's address */
const evil: TeamsUser = { id: '29:evil-frank', name: 'Frank Moreau', aadObjectId: 'aad-evil-frank', chat: 'a:evil-frank-personal' };
const fromTenant = (activity: Record<string, unknown>, tenant: string) => ({
  ...activity,
  conversation: { ...(activity.conversation as Record<string, unknown>), tenantId: tenant },
  channelData: { ...(activity.channelData as Record<string, unknown>), tenant: { id: tenant } },
});

let s: TeamsServer;
let R = '';
beforeAll(async () => {
  s = await teamsServer({ DOCKET_TEAMS: 'local', DOCKET_TEAMS_TENANTS: TENANT });
  s.fake.members.set(evil.id, { email: 'frank@example.com', userPrincipalName: 'frank@evil.example', aadObjectId: 'aad-evil-frank' });
  for (const who of [users.ann, users.bob]) await postActivity(s.url, personalInstall(who));
  // a purchase over 5,000 that Bob approved: it waits on finance, Frank among them
  const form = { flow: 'purchase', 'field:item': 'Two laptops', 'field:total': '6000', 'field:total:currency': 'EUR', 'field:category': 'hardware', 'field:justification': 'The two new hires need laptops to work.' };
  const receipt = invokeTexts(await postActivity(s.url, cardAction(users.ann, 'form.submit', form)));
  R = /^(R-\d+) submitted\.$/.exec(receipt[0]!)![1]!;
  await postActivity(s.url, cardAction(users.bob, 'request.approve', { subject: `request:${R}`, value: 'manager', version: 1 }));
});
afterAll(() => s.close());

const identities = () => chatStoresOf(s.running.engine.deps.store).identities;
const conversations = () => chatStoresOf(s.running.engine.deps.store).conversations;
const invokeTexts = (res: { body: unknown }) => FakeTeams.texts((res.body as { value: unknown }).value);
/** as the bot writes it: Markdown-escaped */
const refusedSentence = escapeMarkdown(explain('person.other_tenant', { actor: 'Frank Moreau' }));

describe('another tenant', () => {
  it('cannot approve as Frank, even with a valid-looking identity and his email as its mail', async () => {
    const res = await postActivity(s.url, fromTenant(cardAction(evil, 'request.approve', { subject: `request:${R}`, value: 'finance', version: 2 }), EVIL_TENANT));
    expect(invokeTexts(res)).toEqual([refusedSentence, 'Docket']);
    const r = await s.running.engine.deps.store.getRequest(R);
    expect([r!.status, r!.steps[1]!.status]).toEqual(['pending', 'active']);
    // refused before anything was asked or learnt
    expect(s.fake.calls).not.toContain(`GET member ${evil.id}`);
    expect(await identities().find('teams', 'aad-evil-frank')).toBeUndefined();
  });

  it('is told politely, and its chat is never remembered as Frank\'s', async () => {
    await postActivity(s.url, fromTenant(personalInstall(evil), EVIL_TENANT));
    await postActivity(s.url, fromTenant(personalMessage(evil, 'request'), EVIL_TENANT));
    expect(s.fake.in(evil.chat).map((p) => p.activity.text)).toEqual([refusedSentence, refusedSentence]);
    expect(await conversations().find('teams', 'person:frank@example.com')).toBeUndefined();
  });

  it('cannot make its channels places Docket posts to', async () => {
    s.fake.channels.set(TEAM, [{ id: TEAM }, { id: '19:evil@thread.tacv2' }]);
    await postActivity(s.url, fromTenant(teamInstall(evil), EVIL_TENANT));
    expect(await conversations().find('teams', `channel:${TEAM}`)).toBeUndefined();
    expect(s.fake.calls).not.toContain(`GET channels ${TEAM}`);
  });

  it('is refused when the activity names two tenants, or none', async () => {
    const mixed = { ...cardAction(evil, 'refresh', { subject: `request:${R}` }), conversation: { id: evil.chat, conversationType: 'personal', tenantId: EVIL_TENANT } };
    expect(invokeTexts(await postActivity(s.url, mixed))).toEqual([refusedSentence, 'Docket']);
    const { channelData: _ignored, ...bare } = cardAction(users.ann, 'refresh', { subject: `request:${R}` });
    const none = { ...bare, conversation: { id: users.ann.chat, conversationType: 'personal' } };
    expect(invokeTexts(await postActivity(s.url, none))[0]).toBe(escapeMarkdown(explain('person.other_tenant', { actor: 'Ann Smith' })));
  });
});

describe('inside our tenant', () => {
  it('maps by the sign-in name (UPN), not by the mail attribute', async () => {
    const other: TeamsUser = { id: '29:upn-user', name: 'Not Frank', aadObjectId: 'aad-upn-user', chat: 'a:upn-user-personal' };
    s.fake.members.set(other.id, { email: 'frank@example.com', userPrincipalName: 'notfrank@example.com' });
    await postActivity(s.url, personalMessage(other, 'help'));
    expect(s.fake.in(other.chat).at(-1)!.activity.text).toBe('You are not in the Docket directory yet \\(notfrank@example.com\\). Ask an admin to add you to org.yaml.');
  });

  it('asks Teams again when what it remembered is more than a day old', async () => {
    // a day-old answer that is wrong now (the account was renamed since)
    await identities().remember({ platform: 'teams', platformUserId: 'aad-omar', email: 'frank@example.com', fetchedAt: new Date(NOW.getTime() - 25 * 3600_000).toISOString() });
    await postActivity(s.url, personalMessage(users.omar, 'help'));
    expect(s.fake.calls).toContain(`GET member ${users.omar.id}`);
    expect((await identities().find('teams', 'aad-omar'))?.email).toBe('omar@example.com');
    expect(await conversations().find('teams', 'person:omar@example.com')).toBeDefined();
    expect(await conversations().find('teams', 'person:frank@example.com')).toBeUndefined();
  });
});
