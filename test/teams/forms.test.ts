// A form card's Submit is one submission however often it arrives: the card carries a nonce in
// its submit data, kept when a refused form is drawn again, and the engine key is built from it
// (not from the invoke's activity id, which differs for a double click).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cardAction, personalInstall, personalMessage, postActivity, users } from './activities.ts';
import { FakeTeams } from './fake-teams.ts';
import { teamsServer, type TeamsServer } from './server.ts';

type Card = Record<string, unknown>;
let s: TeamsServer;
beforeAll(async () => {
  s = await teamsServer();
  for (const who of [users.ann, users.bob, users.ian]) await postActivity(s.url, personalInstall(who));
});
afterAll(() => s.close());

const invokeCard = (body: unknown) => (body as { value: Card }).value;
const submitData = (card: Card) => ((card.actions as Card[])[0]!.data ?? {}) as Record<string, unknown>;
const click = async (user: (typeof users)[keyof typeof users], verb: string, data: Record<string, unknown>) => invokeCard((await postActivity(s.url, cardAction(user, verb, data))).body);
const receiptId = (card: Card) => /^([RC]-\d+) (submitted|opened)\.$/.exec(FakeTeams.texts(card)[0]!)?.[1];
const purchase = {
  'field:item': 'A standing desk',
  'field:total': '450',
  'field:total:currency': 'EUR',
  'field:category': 'hardware',
  'field:justification': 'My back hurts after a full day at the old desk.',
};

describe('a form card submitted twice', () => {
  it('raises one request, also after a refusal drew the form again with the same nonce', async () => {
    await postActivity(s.url, personalMessage(users.ann, 'request purchase'));
    const form = FakeTeams.card(s.fake.in(users.ann.chat).at(-1)!.activity)!;
    const data = submitData(form);
    expect(data).toMatchObject({ flow: 'purchase', nonce: expect.stringMatching(/^[0-9a-f-]{36}$/) });

    const refused = await click(users.ann, 'form.submit', { ...data, ...purchase, 'field:justification': 'back' });
    expect(FakeTeams.texts(refused)).toContain('Use at least 20 characters.');
    expect(submitData(refused).nonce).toBe(data.nonce);

    // two clicks on Submit: two invokes with their own activity ids, one request
    const first = await click(users.ann, 'form.submit', { ...submitData(refused), ...purchase });
    const second = await click(users.ann, 'form.submit', { ...submitData(refused), ...purchase });
    expect(receiptId(first)).toMatch(/^R-\d+$/);
    expect(receiptId(second)).toBe(receiptId(first));
    expect((await s.running.engine.deps.store.requestsBy('ann@example.com')).map((r) => r.id)).toEqual([receiptId(first)]);

    // a new form is a new nonce, and a new request
    await postActivity(s.url, personalMessage(users.ann, 'request purchase'));
    const again = submitData(FakeTeams.card(s.fake.in(users.ann.chat).at(-1)!.activity)!);
    expect(again.nonce).not.toBe(data.nonce);
    expect(receiptId(await click(users.ann, 'form.submit', { ...again, ...purchase }))).not.toBe(receiptId(first));
  });

  it('resubmits once', async () => {
    const [r] = await s.running.engine.deps.store.requestsBy('ann@example.com', { open: true });
    await click(users.bob, 'request.send_back', { subject: `request:${r!.id}`, value: 'manager', version: r!.version, input: 'Which desk?' });
    const form = await click(users.ann, 'request.resubmit', { subject: `request:${r!.id}` });
    const data = submitData(form);
    expect(data).toMatchObject({ subject: `request:${r!.id}`, nonce: expect.any(String) });
    await click(users.ann, 'form.resubmit', { ...data, ...purchase, 'field:item': 'A standing desk, 160 cm' });
    await click(users.ann, 'form.resubmit', { ...data, ...purchase, 'field:item': 'A standing desk, 160 cm' });
    const resubmitted = (await s.running.engine.deps.store.timeline(`request:${r!.id}`)).filter((e) => e.type === 'request.resubmitted');
    expect(resubmitted).toHaveLength(1);
  });

  it('opens one case', async () => {
    const form = await click(users.ian, 'case.form', { flow: 'it-incident', title: 'Printer on fire' });
    const data = submitData(form);
    expect(data).toMatchObject({ flow: 'it-incident', nonce: expect.any(String) });
    const fields = { 'case:title': 'Printer on fire', 'case:priority': 'p3', 'field:service': 'Printing', 'field:impact': 'Smoke on the second floor.' };
    const first = await click(users.ian, 'case.open', { ...data, ...fields });
    const second = await click(users.ian, 'case.open', { ...data, ...fields });
    expect(receiptId(first)).toMatch(/^C-\d+$/);
    expect(receiptId(second)).toBe(receiptId(first));
    expect((await s.running.engine.deps.store.openCasesOfFlow('it-incident')).map((c) => c.id)).toEqual([receiptId(first)]);
  });

  it('keeps two people who fill in the same form card apart', async () => {
    // a form posted in a channel is one card for everyone there
    await postActivity(s.url, personalMessage(users.bob, 'request purchase'));
    const data = submitData(FakeTeams.card(s.fake.in(users.bob.chat).at(-1)!.activity)!);
    const bob = receiptId(await click(users.bob, 'form.submit', { ...data, ...purchase }));
    const ian = receiptId(await click(users.ian, 'form.submit', { ...data, ...purchase }));
    expect(bob).toMatch(/^R-\d+$/);
    expect(ian).toMatch(/^R-\d+$/);
    expect(ian).not.toBe(bob);
  });
});
