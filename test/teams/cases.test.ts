// Cases in Teams: the root card is posted in the case type's channel (a new thread), its reply
// chain is the case's timeline, and the case commands work by @mention in the thread or by id
// in a personal chat.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cardAction, channelMessage, INCIDENTS, personalInstall, personalMessage, postActivity, TEAM, teamInstall, users } from './activities.ts';
import { FakeTeams } from './fake-teams.ts';
import { teamsServer, type TeamsServer } from './server.ts';

type Card = Record<string, unknown>;
let s: TeamsServer;
let C = '';
let root = '';

beforeAll(async () => {
  s = await teamsServer();
  s.fake.channels.set(TEAM, [{ id: TEAM, name: 'General' }, { id: INCIDENTS, name: 'it-incidents' }]);
  for (const who of [users.ian, users.sara, users.omar]) await postActivity(s.url, personalInstall(who));
});
afterAll(() => s.close());

const texts = (card: unknown) => FakeTeams.texts(card);
const incidentForm = {
  flow: 'it-incident',
  'case:title': 'Printer on fire',
  'case:priority': 'p3',
  'field:service': 'Printing',
  'field:impact': 'The second floor printer is smoking.',
  'field:workaround': 'false',
};

describe('cases in a Teams channel', () => {
  it('remembers every channel of a team when the bot is added to it', async () => {
    expect((await postActivity(s.url, teamInstall(users.ian))).status).toBe(200);
    expect(s.fake.calls).toContain(`GET channels ${TEAM}`);
    expect(s.logs().filter((l) => l.msg === 'teams: conversation remembered').map((l) => l.key)).toEqual(expect.arrayContaining([`channel:${TEAM}`, `channel:${INCIDENTS}`]));
  });

  it('"case open <title>" in the case channel asks for the intake fields the flow requires, on a card', async () => {
    await postActivity(s.url, channelMessage(users.ian, INCIDENTS, 'case open Printer on fire', { mention: true }));
    const reply = s.fake.posts.find((p) => p.conversationId === INCIDENTS)?.replies.at(-1);
    const card = FakeTeams.card(reply!)!;
    expect(texts(card)).toEqual(expect.arrayContaining(['A few more details, please.', 'Open a case: IT incident', 'Required.']));
    const title = FakeTeams.elements(card).find((e) => e.id === 'case:title');
    expect(title).toMatchObject({ type: 'Input.Text', value: 'Printer on fire' });
    expect(FakeTeams.elements(card).find((e) => e.id === 'field:workaround')).toMatchObject({ type: 'Input.Toggle' });
  });

  it('opening it posts the root card in the case channel through the outbox', async () => {
    const res = await postActivity(s.url, cardAction(users.ian, 'case.open', incidentForm, { conversationId: `${INCIDENTS};messageid=x` }));
    const receipt = texts((res.body as { value: Card }).value);
    C = /^(C-\d+) opened\.$/.exec(receipt[0]!)![1]!;
    await s.dispatch();
    const rootPost = s.fake.in(INCIDENTS).find((p) => texts(FakeTeams.card(p.activity)).includes('Printer on fire'))!;
    expect(rootPost).toBeDefined();
    root = rootPost.id;
    const card = FakeTeams.card(rootPost.activity)!;
    expect(texts(card)).toEqual(expect.arrayContaining([`IT incident · ${C}`, 'New']));
    const titles = (card.actions as Card[]).map((a) => a.title);
    expect(titles).toEqual(['Take ownership', 'Status', 'Priority', 'Add task', 'Note', 'Resolve']);
    // task check-offs sit in the body next to the tasks
    expect(FakeTeams.elements(card).filter((e) => e.verb === 'case.complete_task').map((e) => e.title)).toEqual(['Done: Confirm impact and scope', 'Done: Post a status update', 'Done: Write the post-incident review']);
  });

  it('records a reply in the case thread on the timeline, as it was written', async () => {
    const thread = s.fake.in(INCIDENTS).find((p) => p.id === root)!;
    const repliesBefore = thread.replies.length;
    const res = await postActivity(s.url, channelMessage(users.lee, INCIDENTS, 'Rebooted the print server; *smoke* gone?', { root }));
    expect(res.status).toBe(200);
    const notes = (await s.running.engine.deps.store.timeline(`case:${C}`)).filter((e) => e.type === 'case.note_added');
    expect(notes.map((n) => [n.actor, n.data])).toEqual([['lee@example.com', { text: 'Rebooted the print server; *smoke* gone?', source: 'thread' }]]);
    // the bot does not answer chatter in the thread
    expect(thread.replies).toHaveLength(repliesBefore);
  });

  it('takes commands by @mention in the thread, for the thread\'s case, and its line arrives in the thread', async () => {
    await postActivity(s.url, channelMessage(users.ian, INCIDENTS, 'status investigating', { root, mention: true }));
    expect((await s.running.engine.deps.store.getCase(C))!.status).toBe('investigating');
    await s.dispatch();
    const thread = s.fake.in(INCIDENTS).find((p) => p.id === root)!;
    expect(thread.replies.map((r) => r.text)).toContain('Ian Novak changed the status from new to investigating.');
    expect(texts(FakeTeams.card(thread.current))).toContain('Investigating');
  });

  it('a card button in the channel is answered with the updated card, and a refusal with a banner', async () => {
    const take = await postActivity(s.url, cardAction(users.ian, 'case.take', { subject: `case:${C}`, version: 2 }, { conversationId: `${INCIDENTS};messageid=${root}` }));
    expect(texts((take.body as { value: Card }).value)).toEqual(expect.arrayContaining(['You own this case now.', 'Owner: Ian Novak']));
    const lee = await postActivity(s.url, cardAction(users.lee, 'case.resolve', { subject: `case:${C}`, version: 3, input: 'done' }, { conversationId: `${INCIDENTS};messageid=${root}` }));
    const banner = ((lee.body as { value: Card }).value.body as Card[])[0]!;
    expect(banner).toMatchObject({ style: 'attention' });
    expect(texts(banner)).toEqual([`Only the owner, members or an admin can do that on case ${C}.`]);
  });

  it('case commands work from a personal chat with the case id', async () => {
    await postActivity(s.url, personalMessage(users.ian, `case ${C} task add Order a new fuser`));
    const said = s.fake.in(users.ian.chat).map((p) => p.activity.text);
    expect(said).toContain(`Task added to ${C}.`);
    expect((await s.running.engine.deps.store.getCase(C))!.tasks.map((t) => t.title)).toContain('Order a new fuser');
    await postActivity(s.url, personalMessage(users.ian, 'case status investigating'));
    expect(s.fake.in(users.ian.chat).at(-1)!.activity.text).toBe("Which case? Name it \\(case C-3 status investigating\\), or write in the case's thread.");
  });
});
