// The parity scenarios in Slack, over signed HTTP: handing one's place on a request to a colleague,
// bringing someone into a case and them hearing of it, a watcher told, a task reminder that comes
// once, approving several requests in one go, and cards that offer only what their reader may do.
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buttonsOf, textsOf } from './support/fake-slack.ts';
import { blockAction, input, type SlackHarness, slackServer, U, viewSubmission } from './support/slack-server.ts';

const FLOWS = fileURLToPath(new URL('../fixtures/parity/flows/', import.meta.url));
const PROJECTS = 'C0PROJECTS';
let h: SlackHarness;
beforeEach(async () => {
  h = await slackServer({ flowsDir: FLOWS });
});
afterEach(async () => {
  await h.close();
});

const engine = () => h.running.engine;
const store = () => h.running.engine.deps.store;
const dmTexts = (user: string) => h.slack.in(h.slack.dmOf(user)).map((m) => String(m.text));
const cardIn = (user: string, subject: string) => {
  const copy = h.slack.in(h.slack.dmOf(user)).find((m) => JSON.stringify(m.blocks ?? []).includes(subject));
  if (!copy) throw new Error(`no card of ${subject} in the DM of ${user}`);
  return copy;
};
const button = (blocks: unknown, actionId: string) => {
  const b = buttonsOf(blocks).find((x) => x.action_id === actionId);
  if (!b) throw new Error(`no ${actionId} button`);
  return b;
};
async function submit(actor: string, flow: string, form: Record<string, unknown>): Promise<string> {
  const outcome = await engine().execute({ actor, command: { type: 'request.submit', flow, form } });
  if (!outcome.ok) throw new Error(outcome.code);
  return outcome.subject.replace('request:', '');
}

describe('Slack: parity scenarios', () => {
  it('Bob hands his place on R-1 to Carol with a people picker; Carol approves; Ann\'s card never offers Approve', async () => {
    const r1 = await submit('ann@example.com', 'time-off', { from: '2026-03-16', to: '2026-03-17', days: 2, type: 'vacation' });
    await h.deliver();
    expect(buttonsOf(cardIn(U.ann, `request:${r1}`).blocks).map((b) => b.action_id)).not.toContain('request.approve');
    const bobs = cardIn(U.bob, `request:${r1}`);
    const click = await h.interaction(blockAction({ user: U.bob, actionId: 'request.reassign', value: button(bobs.blocks, 'request.reassign').value, message: { channel: bobs.channel, ts: bobs.ts } }));
    expect(click.status).toBe(200);
    await h.idle();
    const modal = h.slack.of('views.open').at(-1)!.view;
    expect(modal.blocks.at(-1).element).toMatchObject({ type: 'users_select' });
    const answered = await h.interaction(viewSubmission({ user: U.bob, callbackId: modal.callback_id, metadata: JSON.parse(modal.private_metadata), values: { 'input:answer': input.user(U.carol) } }));
    expect(await answered.text()).toBe('');
    await h.deliver();
    const step = (await store().getRequest(r1))!.steps[0]!;
    expect(step.slots.map((s) => [s.email, s.replacedBy ?? null])).toEqual([['bob@example.com', 'carol@example.com'], ['carol@example.com', null]]);
    // Bob's copy no longer offers a decision; Carol's card does, and her click decides the step
    expect(buttonsOf(cardIn(U.bob, `request:${r1}`).blocks).map((b) => b.action_id)).not.toContain('request.approve');
    const carols = cardIn(U.carol, `request:${r1}`);
    expect((await h.interaction(blockAction({ user: U.carol, actionId: 'request.approve', value: button(carols.blocks, 'request.approve').value, message: { channel: carols.channel, ts: carols.ts } }))).status).toBe(200);
    await h.idle();
    const after = (await store().getRequest(r1))!;
    expect(after.status).toBe('approved');
    expect(after.steps[0]!.slots.find((s) => s.decision)!.decision!.by).toBe('carol@example.com');
  });

  it('a refused click by someone who may not see the request redraws nothing for them', async () => {
    const r1 = await submit('ann@example.com', 'time-off', { from: '2026-03-16', to: '2026-03-17', days: 2, type: 'vacation' });
    await h.deliver();
    const bobs = cardIn(U.bob, `request:${r1}`);
    const updates = h.slack.of('chat.update').length;
    // Sara clicks a copy of Bob's button (a forwarded message): refused, and she is shown nothing of R-1
    await h.interaction(blockAction({ user: U.sara, actionId: 'request.approve', value: button(bobs.blocks, 'request.approve').value, message: { channel: bobs.channel, ts: bobs.ts } }));
    await h.idle();
    expect(h.slack.responses.at(-1)!.body.text).toBe(`You are not an approver of Manager approval on request ${r1}.`);
    expect(h.slack.of('chat.update')).toHaveLength(updates);
    // Ann, who may see it, gets her copy redrawn after her refused click
    const anns = cardIn(U.ann, `request:${r1}`);
    await h.interaction(blockAction({ user: U.ann, actionId: 'request.approve', value: button(bobs.blocks, 'request.approve').value, message: { channel: anns.channel, ts: anns.ts } }));
    await h.idle();
    expect(h.slack.of('chat.update')).toHaveLength(updates + 1);
  });

  it('Ann brings Dave into C-1 and a watcher asks in; both are told of the next status change, a muted one is not', async () => {
    const opened = await (await h.command('/case', U.ann, 'open Website relaunch', { channel_id: PROJECTS })).status;
    expect(opened).toBe(200);
    await h.idle();
    const [c] = await store().openCasesOfFlow('project', 1);
    const id = c!.id;
    expect(c!.owner).toBe('ann@example.com');
    await h.command('/case', U.ann, `${id} member add <@${U.dave}|dave>`);
    await h.command('/case', U.sara, `${id} watch`);
    await h.command('/case', U.omar, `${id} watch`);
    await h.command('/case', U.omar, `${id} mute`);
    await h.idle();
    expect((await store().getCase(id))).toMatchObject({ members: ['dave@example.com'], watchers: ['sara@example.com', 'omar@example.com'], muted: ['omar@example.com'] });
    await h.deliver();
    const before = { dave: dmTexts(U.dave).length, sara: dmTexts(U.sara).length, omar: dmTexts(U.omar).length };
    await h.command('/case', U.ann, `${id} status active`);
    await h.idle();
    await h.deliver();
    const said = `${id} · Website relaunch: Ann Smith changed the status from new to active.`;
    expect(dmTexts(U.dave).slice(before.dave)).toEqual([said]);
    expect(dmTexts(U.sara).slice(before.sara)).toEqual([said]);
    expect(dmTexts(U.omar).slice(before.omar)).toEqual([]);
    // Ann made the change: she is not told of it
    expect(dmTexts(U.ann).filter((t) => t.includes('changed the status'))).toEqual([]);
  });

  it('a task due in the past reminds its assignee once, and the owner\'s card has no Take while the channel\'s does', async () => {
    await h.command('/case', U.ann, 'open Website relaunch', { channel_id: PROJECTS });
    await h.idle();
    const [c] = await store().openCasesOfFlow('project', 1);
    const id = c!.id;
    await h.command('/case', U.ann, `${id} member add dave@example.com`);
    await h.command('/case', U.ann, `${id} task add Draft the brief`);
    await h.command('/case', U.ann, `${id} task assign T1 <@${U.dave}|dave>`);
    await h.command('/case', U.ann, `${id} task due T1 2026-03-01`);
    await h.idle();
    expect((await store().getCase(id))!.tasks[0]).toMatchObject({ assignee: 'dave@example.com', due: '2026-03-01T22:59:59.000Z' }); // the end of 1 March in Ann's Berlin
    await h.deliver();
    const reminders = () => dmTexts(U.dave).filter((t) => t.startsWith('Task T1 on case'));
    expect(reminders()).toEqual([]);
    await h.running.clock.timers.runDue();
    await h.deliver();
    await h.running.clock.timers.runDue();
    await h.deliver();
    expect(reminders()).toHaveLength(1);
    expect(reminders()[0]).toBe(`Task T1 on case ${id} is due now (due Sun 1 Mar 23:59 GMT+1): Draft the brief`);

    // the channel's root card is everyone's; Ann's own copy (her Home) has no Take ownership
    const root = h.slack.in(PROJECTS)[0]!;
    expect(buttonsOf(root.blocks).map((b) => b.action_id)).toContain('case.take');
    await h.event({ type: 'app_home_opened', user: U.ann, channel: 'D0ANN', tab: 'home', event_ts: '1.0' });
    await h.idle();
    const home = h.slack.of('views.publish').at(-1)!.view;
    const mine = buttonsOf(home.blocks).filter((b) => b.value?.includes(`case:${id}`)).map((b) => b.action_id);
    expect(mine).toEqual(expect.arrayContaining(['case.set_status', 'case.resolve', 'case.add_member']));
    expect(mine).not.toContain('case.take');
    // the shared card still shows Take to everyone; the engine says no to the owner herself
    const click = await h.interaction(blockAction({ user: U.ann, actionId: 'case.take', value: button(root.blocks, 'case.take').value, message: { channel: root.channel, ts: root.ts } }));
    expect(click.status).toBe(200);
    await h.idle();
    expect(h.slack.responses.at(-1)!.body.text).toBe(`Ann Smith already owns case ${id}.`);
  });

  it('Fiona approves five requests in one go from her Home; one Frank decided first is reported, four are decided', async () => {
    const ids: string[] = [];
    for (const what of ['Taxi', 'Hotel', 'Train', 'Dinner', 'Books']) ids.push(await submit('ann@example.com', 'expense', { what }));
    await h.event({ type: 'app_home_opened', user: U.fiona, channel: 'D0FIONA', tab: 'home', event_ts: '1.0' });
    await h.idle();
    const home = h.slack.of('views.publish').at(-1)!.view;
    const boxes = home.blocks.filter((b: any) => b.type === 'actions' && b.elements[0].type === 'checkboxes');
    expect(boxes).toHaveLength(1);
    const options = boxes[0].elements[0].options as { value: string }[];
    expect(options.map((o) => o.value)).toEqual(expect.arrayContaining(ids.map((id) => `${id}@finance`)));
    expect(textsOf(home.blocks)).toContain('Waiting on me (5)');
    // Frank decides one of them first, from his own card
    expect((await engine().execute({ actor: 'frank@example.com', command: { type: 'request.approve', request: ids[2]! } })).ok).toBe(true);
    // Fiona ticks all five and presses Approve selected
    const payload = blockAction({ user: U.fiona, actionId: 'docket.bulk_approve', home: true });
    (payload.view as Record<string, unknown>).state = { values: { [boxes[0].block_id]: { 'docket.bulk_select': { type: 'checkboxes', selected_options: options } } } };
    expect((await h.interaction(payload)).status).toBe(200);
    await h.idle();
    const decided = await Promise.all(ids.map(async (id) => (await store().getRequest(id))!));
    expect(decided.map((r) => r.status)).toEqual(['approved', 'approved', 'approved', 'approved', 'approved']);
    expect(decided.map((r) => r.steps[0]!.slots.find((s) => s.decision)!.decision!.by)).toEqual(['fiona@example.com', 'fiona@example.com', 'frank@example.com', 'fiona@example.com', 'fiona@example.com']);
    // each one its own audit event
    for (const id of ids) expect((await store().timeline(`request:${id}`)).filter((e) => e.type === 'request.approved_by')).toHaveLength(1);
    const notice = textsOf(h.slack.of('views.publish').at(-1)!.view.blocks).find((t) => t.startsWith(':information_source:'))!;
    const others = ids.filter((id) => id !== ids[2]);
    expect(notice).toBe(`:information_source: 4 approved (${others.join(', ')}). Not decided: ${ids[2]} — Finance review was already decided: Frank Moreau approved it.`);
    // pressing it again (a retry) decides nothing twice
    const again = blockAction({ user: U.fiona, actionId: 'docket.bulk_approve', home: true, actionTs: (payload.actions as { action_ts: string }[])[0]!.action_ts });
    (again.view as Record<string, unknown>).state = (payload.view as Record<string, unknown>).state;
    await h.interaction(again);
    await h.idle();
    for (const id of ids) expect((await store().timeline(`request:${id}`)).filter((e) => e.type === 'request.approved_by')).toHaveLength(1);
  });

  it('Reject selected asks for one reason and rejects each ticked request with it', async () => {
    const ids = [await submit('ann@example.com', 'expense', { what: 'Spa' }), await submit('ann@example.com', 'expense', { what: 'Golf' })];
    await h.event({ type: 'app_home_opened', user: U.fiona, channel: 'D0FIONA', tab: 'home', event_ts: '1.0' });
    await h.idle();
    const home = h.slack.of('views.publish').at(-1)!.view;
    const box = home.blocks.find((b: any) => b.type === 'actions' && b.elements[0].type === 'checkboxes');
    const payload = blockAction({ user: U.fiona, actionId: 'docket.bulk_reject', home: true });
    (payload.view as Record<string, unknown>).state = { values: { [box.block_id]: { 'docket.bulk_select': { type: 'checkboxes', selected_options: box.elements[0].options } } } };
    await h.interaction(payload);
    await h.idle();
    const modal = h.slack.of('views.open').at(-1)!.view;
    const empty = await h.interaction(viewSubmission({ user: U.fiona, callbackId: modal.callback_id, metadata: JSON.parse(modal.private_metadata), values: { 'input:answer': input.text('  ') } }));
    expect(await empty.json()).toEqual({ response_action: 'errors', errors: { 'input:answer': 'Please give a reason.' } });
    const sent = await h.interaction(viewSubmission({ user: U.fiona, callbackId: modal.callback_id, metadata: JSON.parse(modal.private_metadata), values: { 'input:answer': input.text('Not a business expense') } }));
    expect(await sent.text()).toBe('');
    for (const id of ids) expect((await store().getRequest(id))!).toMatchObject({ status: 'rejected', rejection: { by: 'fiona@example.com', reason: 'Not a business expense' } });
  });
});
