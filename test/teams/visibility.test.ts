// What a click shows: nothing about an item to someone Docket cannot identify, a request only to
// the people in it and admins, and the "edit and resubmit" form only to the requester.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { explain } from '../../src/core/refusals.ts';
import { cardAction, personalInstall, postActivity, users } from './activities.ts';
import { FakeTeams } from './fake-teams.ts';
import { teamsServer, type TeamsServer } from './server.ts';

type Card = Record<string, unknown>;
let s: TeamsServer;
let R = '';
const TITLE = 'Secret reorganisation laptops \\(6,000.00 EUR\\)';

beforeAll(async () => {
  s = await teamsServer();
  for (const who of [users.ann, users.bob, users.sara, users.ian]) await postActivity(s.url, personalInstall(who));
  const form = {
    flow: 'purchase',
    'field:item': 'Secret reorganisation laptops',
    'field:total': '6000',
    'field:total:currency': 'EUR',
    'field:category': 'hardware',
    'field:justification': 'For the team nobody is supposed to know about yet.',
  };
  const receipt = FakeTeams.texts(invoke(await postActivity(s.url, cardAction(users.ann, 'form.submit', form))));
  R = /^(R-\d+) submitted\.$/.exec(receipt[0]!)![1]!;
});
afterAll(() => s.close());

function invoke(res: { body: unknown }): Card {
  return (res.body as { value: Card }).value;
}
const click = async (user: (typeof users)[keyof typeof users], verb: string, data: Record<string, unknown>) => invoke(await postActivity(s.url, cardAction(user, verb, data)));
const buttons = (card: Card) => FakeTeams.elements(card).filter((e) => e.type === 'Action.Execute' || e.type === 'Action.ShowCard');

describe('who sees a request on a click', () => {
  it('tells someone Docket cannot identify why, and nothing about the item', async () => {
    const card = await click(users.mallory, 'refresh', { subject: `request:${R}`, version: 1 });
    expect(FakeTeams.texts(card)).toEqual(['You are not in the Docket directory yet \\(mallory@elsewhere.example\\). Ask an admin to add you to org.yaml.', 'Docket']);
    expect(JSON.stringify(card)).not.toContain('Secret');
    expect(buttons(card)).toEqual([]);
  });

  it('shows it to the requester and the approver, each with their own buttons', async () => {
    const ann = await click(users.ann, 'refresh', { subject: `request:${R}`, version: 1 });
    expect(FakeTeams.texts(ann)).toContain(TITLE);
    expect(buttons(ann).map((b) => b.title)).toEqual(['Recall', 'Comment', 'Comment']);
    const bob = await click(users.bob, 'refresh', { subject: `request:${R}`, version: 1 });
    expect(buttons(bob).map((b) => b.verb ?? b.title)).toEqual([
      'request.approve', 'Reject', 'request.reject', 'Send back', 'request.send_back', 'Hand my place to…', 'request.reassign', 'Add an approver', 'request.add_approver', 'Comment', 'request.comment',
    ]);
  });

  it('shows it to an admin who is not in it, with only what an admin may do (no decision)', async () => {
    const ian = await click(users.ian, 'refresh', { subject: `request:${R}`, version: 1 });
    expect(FakeTeams.texts(ian)).toContain(TITLE);
    expect(buttons(ian).map((b) => b.verb ?? b.title)).toEqual(['Add an approver', 'request.add_approver', 'Comment', 'request.comment']);
  });

  it('does not show it to someone in the directory who has nothing to do with it', async () => {
    const sara = await click(users.sara, 'refresh', { subject: `request:${R}`, version: 1 });
    expect(FakeTeams.texts(sara)).toEqual([explain('item.not_visible', { item: R }), 'Docket']);
    expect(JSON.stringify(sara)).not.toContain('Secret');
    // a button she should not have pressed says why, and still shows nothing of the request
    const approve = await click(users.sara, 'request.approve', { subject: `request:${R}`, value: 'manager', version: 1 });
    expect(FakeTeams.texts(approve)[0]).toBe(`You are not an approver of Manager approval on request ${R}.`);
    expect(JSON.stringify(approve)).not.toContain('Secret');
  });

  it('gives the "edit and resubmit" form to the requester only', async () => {
    await click(users.bob, 'request.send_back', { subject: `request:${R}`, value: 'manager', version: 1, input: 'Which team?' });
    for (const who of [users.sara, users.bob, users.ian]) {
      const card = await click(who, 'request.resubmit', { subject: `request:${R}`, version: 2 });
      expect(FakeTeams.elements(card).filter((e) => String(e.id ?? '').startsWith('field:'))).toEqual([]);
      expect(FakeTeams.texts(card)[0]).toBe(`Only Ann Smith can do that on request ${R}.`);
      expect(FakeTeams.elements(card).filter((e) => e.verb === 'form.resubmit')).toEqual([]);
    }
    // nor does sending the resubmit form's data without it
    const forged = await click(users.sara, 'form.resubmit', { subject: `request:${R}`, 'field:item': 'Mine now' });
    expect(FakeTeams.texts(forged)[0]).toBe(`Only Ann Smith can do that on request ${R}.`);
    expect(FakeTeams.elements(forged).filter((e) => String(e.type).startsWith('Input.'))).toEqual([]);
    // the approver and the admin may still read the request; Sara may not
    expect(JSON.stringify(await click(users.sara, 'request.resubmit', { subject: `request:${R}`, version: 2 }))).not.toContain('For the team nobody');
    const ann = await click(users.ann, 'request.resubmit', { subject: `request:${R}`, version: 2 });
    expect(FakeTeams.elements(ann).find((e) => e.id === 'field:justification')).toMatchObject({ value: 'For the team nobody is supposed to know about yet.' });
  });
});
