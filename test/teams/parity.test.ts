// The parity scenarios in Teams, through POST /api/messages: handing one's place on a request to
// a colleague, members and watchers told, a task reminder that comes once, the inbox with bulk
// approve, and cards that offer only what their reader may do.
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cardAction, personalInstall, personalMessage, postActivity, type TeamsUser, users } from './activities.ts';
import { FakeTeams } from './fake-teams.ts';
import { ROOT, teamsServer, type TeamsServer } from './server.ts';

type Card = Record<string, unknown>;
const carol: TeamsUser = { id: '29:1carol-aad-object-id', name: 'Carol Chen', aadObjectId: 'aad-carol', chat: 'a:carol-personal' };
const dave: TeamsUser = { id: '29:1dave-aad-object-id', name: 'Dave Dunn', aadObjectId: 'aad-dave', chat: 'a:dave-personal' };

let s: TeamsServer;
beforeEach(async () => {
  s = await teamsServer({ DOCKET_TEAMS: 'local', FLOWS_DIR: path.join(ROOT, 'test/fixtures/parity/flows') });
  for (const who of [users.ann, users.bob, carol, dave, users.sara, users.fiona, users.frank]) expect((await postActivity(s.url, personalInstall(who))).status).toBe(200);
});
afterEach(() => s.close());

const store = () => s.running.engine.deps.store;
const texts = (card: unknown) => FakeTeams.texts(card);
const cardOf = (body: unknown) => (body as { value: Card }).value;
/** the newest card about `subject` in a personal chat, as it is now */
const cardIn = (chat: string, subject: string) => {
  const post = s.fake.in(chat).filter((p) => JSON.stringify(p.current).includes(`"subject":"${subject}"`)).at(-1);
  if (!post) throw new Error(`no card of ${subject} in ${chat}`);
  return FakeTeams.card(post.current)!;
};
const titles = (card: Card) => FakeTeams.elements(card).filter((e) => e.type === 'Action.Execute' || e.type === 'Action.ShowCard').map((e) => String(e.title));
const textsIn = (chat: string) => s.fake.in(chat).map((p) => String((p.current as { text?: string }).text ?? ''));
const say = (who: TeamsUser, text: string) => postActivity(s.url, personalMessage(who, text));
async function submit(actor: string, flow: string, form: Record<string, unknown>): Promise<string> {
  const outcome = await s.running.engine.execute({ actor, command: { type: 'request.submit', flow, form } });
  if (!outcome.ok) throw new Error(outcome.code);
  return outcome.subject.replace('request:', '');
}
async function openProject(): Promise<string> {
  const outcome = await s.running.engine.execute({ actor: 'ann@example.com', command: { type: 'case.open', flow: 'project', title: 'Website relaunch' } });
  if (!outcome.ok) throw new Error(outcome.code);
  return outcome.subject.replace('case:', '');
}

describe('Teams: parity scenarios', () => {
  it('Bob hands his place on R-1 to Carol; Carol approves; Ann\'s card never offers Approve', async () => {
    const r1 = await submit('ann@example.com', 'time-off', { from: '2026-12-07', to: '2026-12-08', days: 2, type: 'vacation' });
    await s.dispatch();
    expect(titles(cardIn(users.ann.chat, `request:${r1}`))).not.toContain('Approve');
    // the posted copy asks for an email; the copy Teams refreshes for Bob offers the directory to choose from
    expect(titles(cardIn(users.bob.chat, `request:${r1}`))).toContain('Hand my place to…');
    const bobs = cardOf((await postActivity(s.url, cardAction(users.bob, 'refresh', { subject: `request:${r1}` }))).body);
    const hand = FakeTeams.elements(bobs).find((e) => e.title === 'Hand my place to…')!;
    expect(JSON.stringify(hand)).toContain('"style":"filtered"');
    expect(JSON.stringify(hand)).toContain('"value":"carol@example.com"');
    const res = await postActivity(s.url, cardAction(users.bob, 'request.reassign', { subject: `request:${r1}`, value: 'manager', version: 1, input: 'carol@example.com' }));
    expect(texts(cardOf(res.body))).toContain('You handed your place on.');
    await s.dispatch();
    const carols = cardIn(carol.chat, `request:${r1}`);
    expect(titles(carols)).toContain('Approve');
    const approved = await postActivity(s.url, cardAction(carol, 'request.approve', { subject: `request:${r1}`, value: 'manager', version: 2 }));
    expect(texts(cardOf(approved.body))).toContain('You approved it.');
    const r = (await store().getRequest(r1))!;
    expect(r.status).toBe('approved');
    expect(r.steps[0]!.slots.find((x) => x.decision)!.decision!.by).toBe('carol@example.com');
  });

  it('Ann brings Dave into C-1; Dave and a watcher are told of the next status change; the owner\'s card has no Take', async () => {
    const id = await openProject();
    await say(users.ann, `case ${id} member add dave@example.com`);
    await say(users.sara, `case ${id} watch`);
    expect(await store().getCase(id)).toMatchObject({ members: ['dave@example.com'], watchers: ['sara@example.com'] });
    await s.dispatch();
    const before = { dave: textsIn(dave.chat).length, sara: textsIn(users.sara.chat).length };
    await say(users.ann, `case ${id} status active`);
    await s.dispatch();
    const said = `${id} · Website relaunch: Ann Smith changed the status from new to active.`;
    expect(textsIn(dave.chat).slice(before.dave).filter((t) => t.includes('changed the status'))).toEqual([said]);
    expect(textsIn(users.sara.chat).slice(before.sara).filter((t) => t.includes('changed the status'))).toEqual([said]);

    // each person's own copy of the case card (Teams refreshes it per reader)
    const ann = cardOf((await postActivity(s.url, cardAction(users.ann, 'refresh', { subject: `case:${id}` }))).body);
    expect(titles(ann)).not.toContain('Take ownership');
    expect(titles(ann)).toEqual(expect.arrayContaining(['Status', 'Resolve', 'Add member']));
    const sara = cardOf((await postActivity(s.url, cardAction(users.sara, 'refresh', { subject: `case:${id}` }))).body);
    // a watcher who only follows it gets no owner tools
    expect(titles(sara)).not.toContain('Resolve');
    expect(titles(sara)).not.toContain('Status');
    expect(titles(sara)).toContain('Stop watching');
  });

  it('a task due in the past reminds its assignee once, with a date picker to set it', async () => {
    const id = await openProject();
    await say(users.ann, `case ${id} task add Draft the brief`);
    await say(users.ann, `case ${id} task assign T1 dave@example.com`);
    const ann = cardOf((await postActivity(s.url, cardAction(users.ann, 'refresh', { subject: `case:${id}` }))).body);
    expect(FakeTeams.elements(ann).find((e) => e.type === 'Input.Date')).toBeDefined();
    const due = await postActivity(s.url, cardAction(users.ann, 'case.set_task_due', { subject: `case:${id}`, input: '2026-11-29', pick: 'T1' }));
    expect(texts(cardOf(due.body))).toContain('Due date set.');
    expect((await store().getCase(id))!.tasks[0]).toMatchObject({ assignee: 'dave@example.com', due: '2026-11-29T22:59:59.000Z' });
    await s.dispatch();
    const reminders = () => textsIn(dave.chat).filter((t) => t.startsWith('Task T1 on case'));
    expect(reminders()).toEqual([]);
    s.setNow(new Date('2026-11-30T09:05:00Z'));
    await s.running.clock.timers.runDue();
    await s.dispatch();
    s.setNow(new Date('2026-11-30T09:10:00Z'));
    await s.running.clock.timers.runDue();
    await s.dispatch();
    expect(reminders()).toHaveLength(1);
  });

  it('"inbox" lists what waits on Fiona; she approves five at once and one Frank decided first is reported', async () => {
    const ids: string[] = [];
    for (const what of ['Taxi', 'Hotel', 'Train', 'Dinner', 'Books']) ids.push(await submit('ann@example.com', 'expense', { what }));
    await say(users.fiona, 'inbox');
    const inbox = FakeTeams.card(s.fake.in(users.fiona.chat).at(-1)!.current)!;
    expect(texts(inbox)).toEqual(expect.arrayContaining(['Waiting on me \\(5\\)', 'My requests \\(0\\)', 'My cases \\(0\\)']));
    const select = FakeTeams.elements(inbox).find((e) => e.id === 'selected')!;
    expect(select).toMatchObject({ type: 'Input.ChoiceSet', isMultiSelect: true });
    const values = (select.choices as { value: string }[]).map((c) => c.value);
    expect(values.sort()).toEqual(ids.map((id) => `${id}@finance`).sort());
    expect(inbox.refresh).toMatchObject({ action: { verb: 'inbox.refresh' }, userIds: [users.fiona.id] });
    expect((await s.running.engine.execute({ actor: 'frank@example.com', command: { type: 'request.approve', request: ids[2]! } })).ok).toBe(true);
    const res = await postActivity(s.url, cardAction(users.fiona, 'inbox.approve', { selected: values.join(',') }));
    const banner = texts(cardOf(res.body))[0]!;
    const others = ids.filter((id) => id !== ids[2]).sort();
    expect(banner).toContain('4 approved');
    for (const id of others) expect(banner).toContain(id);
    expect(banner).toContain(`Not decided: ${ids[2]} — Finance review was already decided: Frank Moreau approved it.`);
    for (const id of ids) expect((await store().timeline(`request:${id}`)).filter((e) => e.type === 'request.approved_by')).toHaveLength(1);
    // the refreshed inbox has nothing left to decide
    expect(texts(cardOf(res.body))).toContain('Waiting on me \\(0\\)');
  });
});
