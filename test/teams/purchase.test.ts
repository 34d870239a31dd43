// The purchase scenario end to end through POST /api/messages, with the example flows and
// org.yaml: Ann fills in the form card, Bob (her manager) and then finance approve on cards the
// outbox sent them proactively, and Ann is told, on her card and in her chat.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { explain } from '../../src/core/refusals.ts';
import { cardAction, personalInstall, personalMessage, postActivity, users } from './activities.ts';
import { FakeTeams } from './fake-teams.ts';
import { teamsServer, type TeamsServer } from './server.ts';

type Card = Record<string, unknown>;
interface InvokeAnswer {
  statusCode: number;
  type: string;
  value: Card;
}

let s: TeamsServer;
/** the request Ann submits (a refused submission may have used a number already) */
let R = '';
beforeAll(async () => {
  s = await teamsServer();
  for (const who of [users.ann, users.bob, users.fiona, users.frank, users.victor]) {
    expect((await postActivity(s.url, personalInstall(who))).status).toBe(200);
  }
});
afterAll(() => s.close());

const texts = (card: unknown) => FakeTeams.texts(card);
const elements = (card: unknown) => FakeTeams.elements(card);
/** the card in the newest message of a personal chat */
const lastCardIn = (chat: string) => FakeTeams.card(s.fake.in(chat).at(-1)!.current)!;
const answer = (body: unknown) => body as InvokeAnswer;
const form = {
  flow: 'purchase',
  'field:item': 'Two laptops for the new hires',
  'field:total': '6000',
  'field:total:currency': 'EUR',
  'field:category': 'hardware',
  'field:justification': 'The two people starting in January need laptops to work.',
};

describe('purchase request in Teams', () => {
  it('answers "request purchase" with the flow form as an Adaptive Card of typed inputs', async () => {
    const before = s.fake.in(users.ann.chat).length;
    expect((await postActivity(s.url, personalMessage(users.ann, 'request purchase'))).status).toBe(200);
    expect(s.fake.in(users.ann.chat)).toHaveLength(before + 1);
    const card = lastCardIn(users.ann.chat);
    expect(card).toMatchObject({ type: 'AdaptiveCard', version: '1.5' });
    const inputs = Object.fromEntries(elements(card).filter((e) => String(e.type).startsWith('Input.')).map((e) => [e.id, e]));
    expect(inputs['field:item']).toMatchObject({ type: 'Input.Text', isRequired: true, maxLength: 120 });
    expect(inputs['field:total']).toMatchObject({ type: 'Input.Number', isRequired: true, min: 0 });
    expect(inputs['field:total:currency']).toMatchObject({ type: 'Input.ChoiceSet', choices: [{ title: 'EUR', value: 'EUR' }, { title: 'USD', value: 'USD' }] });
    expect(inputs['field:category']).toMatchObject({ type: 'Input.ChoiceSet', isRequired: true });
    expect(inputs['field:needed_by']).toMatchObject({ type: 'Input.Date', min: '2026-11-30' });
    expect(inputs['field:justification']).toMatchObject({ type: 'Input.Text', isMultiline: true });
    expect((card.actions as Card[])[0]).toMatchObject({ type: 'Action.Execute', verb: 'form.submit', data: { flow: 'purchase' } });
  });

  it('shows the engine\'s field errors on the card and keeps what was typed', async () => {
    const res = await postActivity(s.url, cardAction(users.ann, 'form.submit', { ...form, 'field:justification': 'laptops' }));
    expect(res.status).toBe(200);
    const { statusCode, type, value } = answer(res.body);
    expect([statusCode, type]).toEqual([200, 'application/vnd.microsoft.card.adaptive']);
    expect(texts(value)).toEqual(expect.arrayContaining([explain('form.invalid'), 'Use at least 20 characters.']));
    expect(elements(value).find((e) => e.id === 'field:justification')).toMatchObject({ value: 'laptops' });
    expect(elements(value).find((e) => e.id === 'field:total')).toMatchObject({ value: 6000 });
    expect(await s.running.engine.deps.store.requestsBy('ann@example.com')).toEqual([]);
  });

  it('submits, and the outbox sends the approver card to Bob proactively', async () => {
    const res = await postActivity(s.url, cardAction(users.ann, 'form.submit', form));
    const receipt = texts(answer(res.body).value);
    expect(receipt).toContain('Submitted: Two laptops for the new hires \\(6,000.00 EUR\\)');
    R = /^(R-\d+) submitted\.$/.exec(receipt[0]!)![1]!;
    const bobBefore = s.fake.in(users.bob.chat).length;
    const report = await s.dispatch();
    expect(report.dead).toBe(0);
    const bobCard = lastCardIn(users.bob.chat);
    expect(s.fake.in(users.bob.chat)).toHaveLength(bobBefore + 1);
    expect(texts(bobCard)).toEqual(expect.arrayContaining(['Two laptops for the new hires \\(6,000.00 EUR\\)', 'Waiting for Manager approval']));
    const actions = bobCard.actions as Card[];
    expect(actions.map((a) => a.title)).toEqual(['Approve', 'Reject', 'Send back', 'Hand my place to…', 'Add an approver', 'Comment']);
    expect(actions[0]).toMatchObject({ type: 'Action.Execute', verb: 'request.approve', data: { subject: `request:${R}`, value: 'manager', version: 1 }, style: 'positive' });
    // Reject asks for a reason first, on a card of its own, and cannot be sent without one
    expect(actions[1]).toMatchObject({ type: 'Action.ShowCard', card: { body: [{ type: 'Input.Text', id: 'input', isRequired: true, errorMessage: 'Please give a reason.' }], actions: [{ type: 'Action.Execute', verb: 'request.reject' }] } });
    // Teams refreshes Bob's copy for him, so he always sees the buttons he may press now
    expect(bobCard.refresh).toEqual({ action: { type: 'Action.Execute', title: 'Refresh', verb: 'refresh', data: { subject: `request:${R}`, version: 1 } }, userIds: [users.bob.id] });
    // Ann's own copy has no approval buttons: only Recall and Comment
    expect((lastCardIn(users.ann.chat).actions as Card[]).map((a) => a.title)).toEqual(['Recall', 'Comment']);
  });

  it('refuses Ann approving her own request, on the card', async () => {
    const res = await postActivity(s.url, cardAction(users.ann, 'request.approve', { subject: `request:${R}`, value: 'manager', version: 1 }));
    const card = answer(res.body).value;
    const banner = (card.body as Card[])[0]!;
    expect(banner).toMatchObject({ type: 'Container', style: 'attention' });
    expect(texts(banner)[0]).toContain('You cannot decide your own request');
    expect((await s.running.engine.deps.store.getRequest(R))!.steps[0]!.status).toBe('active');
  });

  it('Bob approves: his card is redrawn at once, every copy is updated in place, one decision for a repeated click', async () => {
    const click = cardAction(users.bob, 'request.approve', { subject: `request:${R}`, value: 'manager', version: 1 }, { id: 'f:bob-approves' });
    const first = answer((await postActivity(s.url, click)).body).value;
    expect(texts(first)).toEqual(expect.arrayContaining(['You approved it.', 'Waiting for Finance review']));
    // nothing left to decide for Bob: he may still comment while the request is open
    expect(((first.actions ?? []) as Card[]).map((a) => a.title)).toEqual(['Comment']);
    // Teams delivers the same invoke again: nothing changes the second time
    const again = answer((await postActivity(s.url, click)).body).value;
    expect(texts(again)).toContain('This was already done.');
    const decided = (await s.running.engine.deps.store.timeline(`request:${R}`)).filter((e) => e.type === 'request.step_approved');
    expect(decided).toHaveLength(1);

    const annCard = s.fake.in(users.ann.chat).find((p) => FakeTeams.card(p.activity)?.refresh)!;
    expect(annCard.updates).toBe(0);
    await s.dispatch();
    expect(s.fake.calls).toContain(`PUT ${users.ann.chat}/${annCard.id}`);
    expect(annCard.updates).toBe(1);
    expect(texts(FakeTeams.card(annCard.current))).toContain('Waiting for Finance review');
    // finance gets its cards; Fiona's Teams identity was found by email through TeamsInfo
    expect(texts(lastCardIn(users.fiona.chat))).toContain('Waiting for Finance review');
  });

  it('Fiona approves and Ann is told: her card says Approved and her chat says so', async () => {
    const res = await postActivity(s.url, cardAction(users.fiona, 'request.approve', { subject: `request:${R}`, value: 'finance', version: 2 }));
    expect(texts(answer(res.body).value)).toEqual(expect.arrayContaining(['You approved it.', 'Approved']));
    expect((await s.running.engine.deps.store.getRequest(R))!.status).toBe('approved');
    await s.dispatch();
    const annCard = s.fake.in(users.ann.chat).find((p) => FakeTeams.card(p.activity)?.refresh)!;
    expect(texts(FakeTeams.card(annCard.current))).toContain('Approved');
    const said = s.fake.in(users.ann.chat).map((p) => p.activity.text).filter(Boolean);
    // the decision's replies to Ann arrive as one message, a line (a Markdown paragraph) each
    expect(String(said.at(-1)).split('\n\n')).toContain('Your request is approved. 🎉');
    // nothing was undeliverable along the way
    expect(await s.dispatch()).toMatchObject({ dead: 0 });
  });
});
