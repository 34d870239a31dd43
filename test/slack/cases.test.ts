// Cases in Slack over signed HTTP: /case opens the form, the root card is posted in the case
// type's channel, replies in its thread land on the timeline (once, even when Slack retries),
// and /case commands and the card's buttons run the case.
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buttonsOf, textsOf } from './support/fake-slack.ts';
import { blockAction, input, nextId, type SlackHarness, slackServer, U, viewSubmission } from './support/slack-server.ts';

const CHANNEL = 'C0ITINCDNT';
let h: SlackHarness;
beforeEach(async () => {
  h = await slackServer();
});
afterEach(async () => {
  await h.close();
});

/** `/case open <title>` in the incident channel, then the form submitted: the root card posted */
async function openIncident(title = 'Printer on fire') {
  await h.command('/case', U.ann, `open ${title}`, { channel_id: CHANNEL });
  await h.idle();
  const view = h.slack.of('views.open').at(-1)!.view;
  const res = await h.interaction(
    viewSubmission({
      user: U.ann,
      callbackId: view.callback_id,
      metadata: JSON.parse(view.private_metadata),
      values: {
        'case:title': input.text(title),
        'case:priority': input.select('p2'),
        'case:description': input.text('Smoke from the second floor printer'),
        'field:service': input.text('Printing'),
        'field:impact': input.text('Nobody can print the contracts'),
      },
    }),
  );
  expect(await res.text()).toBe('');
  await h.deliver();
  const root = h.slack.in(CHANNEL)[0]!;
  const [c] = await h.running.engine.deps.store.openCasesOfFlow('it-incident', 1);
  return { root, id: c!.id };
}

const reply = (user: string, threadTs: string, text: string, extra: Record<string, unknown> = {}) =>
  h.event({ type: 'message', channel: CHANNEL, user, text, ts: nextId('1718014000.'), thread_ts: threadTs, channel_type: 'channel', event_ts: '1718014000.1', ...extra });

describe('Slack: cases', () => {
  it('/case open <title> in a case channel opens that type\'s form with the title filled in', async () => {
    const res = await h.command('/case', U.ann, 'open Printer on fire', { channel_id: CHANNEL, trigger_id: 'trigger.case.1' });
    expect(res.status).toBe(200);
    await h.idle();
    const [opened] = h.slack.of('views.open');
    expect(opened!.trigger_id).toBe('trigger.case.1');
    const blocks = opened!.view.blocks as any[];
    expect(JSON.parse(opened!.view.private_metadata)).toEqual({ kind: 'case', flow: 'it-incident', channel: CHANNEL });
    expect(blocks.find((b) => b.block_id === 'case:title').element.initial_value).toBe('Printer on fire');
    expect(blocks.find((b) => b.block_id === 'case:priority').element.initial_option.value).toBe('p3');
    expect(blocks.map((b) => b.block_id)).toEqual(['case:title', 'case:priority', 'case:description', 'field:service', 'field:impact', 'field:users_affected', 'field:workaround']);
    expect(blocks.find((b) => b.block_id === 'field:workaround').element.type).toBe('radio_buttons');
  });

  it('/case open <a very long title> keeps the modal within Slack\'s 3000 characters of private_metadata', async () => {
    const title = `Printer on fire ${'and the smoke alarm keeps going off '.repeat(100)}`.trim();
    await h.command('/case', U.ann, `open ${title}`);
    await h.idle();
    expect(h.slack.responses).toEqual([]);
    const [picker] = h.slack.of('views.open');
    expect(picker!.view.callback_id).toBe('docket.pick_type');
    expect(picker!.view.private_metadata.length).toBeLessThanOrEqual(3000);
    const meta = JSON.parse(picker!.view.private_metadata);
    expect(meta).toEqual({ kind: 'case', title: title.slice(0, 200), channel: 'C0GENERAL1' });
    const res = await h.interaction(viewSubmission({ user: U.ann, callbackId: picker!.view.callback_id, metadata: meta, values: { 'pick:type': input.select('it-incident') } }));
    const next = (await res.json()) as any;
    expect(next.view.blocks.find((b: any) => b.block_id === 'case:title').element.initial_value).toBe(title.slice(0, 200));
  });

  it('/case alone outside a case channel asks for the type first, then swaps in its form', async () => {
    await h.command('/case', U.ann, '');
    await h.idle();
    const picker = h.slack.of('views.open')[0]!.view;
    expect(picker.callback_id).toBe('docket.pick_type');
    const res = await h.interaction(viewSubmission({ user: U.ann, callbackId: picker.callback_id, metadata: JSON.parse(picker.private_metadata), values: { 'pick:type': input.select('customer-complaint') } }));
    const next = (await res.json()) as any;
    expect(next.response_action).toBe('update');
    expect(next.view.callback_id).toBe('docket.case_form');
    expect(JSON.parse(next.view.private_metadata)).toEqual({ kind: 'case', flow: 'customer-complaint', channel: 'C0GENERAL1' });
  });

  it('a submitted case form posts the root card in the case channel; missing intake fields come back inline', async () => {
    const bad = await h.interaction(viewSubmission({ user: U.ann, callbackId: 'docket.case_form', metadata: { kind: 'case', flow: 'it-incident' }, values: { 'case:title': input.text('No service') } }));
    expect(await bad.json()).toEqual({ response_action: 'errors', errors: { 'field:service': 'Required.', 'field:impact': 'Required.' } });
    expect(await h.running.engine.deps.store.openCasesOfFlow('it-incident')).toEqual([]);

    const { root, id } = await openIncident();
    expect(id).toMatch(/^C-\d+$/);
    expect(textsOf(root.blocks)).toContain('Printer on fire');
    expect(textsOf(root.blocks).join('\n')).toContain('P2 - high');
    expect(buttonsOf(root.blocks).map((b) => b.action_id)).toEqual(expect.arrayContaining(['case.take', 'case.set_status', 'case.set_priority', 'case.add_task', 'case.resolve']));
    // task templates arrive as "Done: …" buttons with distinct action ids
    const done = buttonsOf(root.blocks).filter((b) => b.action_id.startsWith('case.complete_task'));
    expect(done.map((b) => b.action_id)).toEqual(['case.complete_task', 'case.complete_task:1', 'case.complete_task:2']);
    expect(h.slack.in(CHANNEL)).toHaveLength(1);
  });

  it('a reply in the case thread is on the timeline, once, even when Slack retries the event', async () => {
    const { root, id } = await openIncident();
    const ts = '1718014999.000001';
    const event = { type: 'message', channel: CHANNEL, user: U.bob, text: 'Still smoking &amp; <@U0ANN00001> is on it', ts, thread_ts: root.ts, channel_type: 'channel', event_ts: ts };
    expect((await h.event(event, 'EvRETRY0001')).status).toBe(200);
    expect((await h.event(event, 'EvRETRY0001', { 'X-Slack-Retry-Num': '1', 'X-Slack-Retry-Reason': 'http_timeout' })).status).toBe(200);
    await h.idle();
    const notes = (await h.running.engine.deps.store.timeline(`case:${id}`)).filter((e) => e.type === 'case.note_added');
    expect(notes.map((n) => [n.actor, n.data])).toEqual([['bob@example.com', { text: 'Still smoking & @Ann Smith is on it', source: 'thread' }]]);
  });

  it('ignores the bot\'s own thread lines, edits, root messages and threads that are not cases', async () => {
    const { root, id } = await openIncident();
    await reply(U.bob, root.ts, 'from the bot', { bot_id: 'B0DOCKET' });
    await reply(U.bob, root.ts, 'edited', { subtype: 'message_changed' });
    await h.event({ type: 'message', channel: CHANNEL, user: U.bob, text: 'a new root', ts: '1718015000.000001', channel_type: 'channel' });
    await reply(U.bob, '1600000000.000001', 'in some other thread');
    await h.idle();
    expect((await h.running.engine.deps.store.timeline(`case:${id}`)).filter((e) => e.type === 'case.note_added')).toEqual([]);
  });

  it('someone Slack knows but org.yaml does not is told so in the thread, and nothing is recorded', async () => {
    const { root, id } = await openIncident();
    await reply(U.stranger, root.ts, 'hello?');
    await h.idle();
    expect((await h.running.engine.deps.store.timeline(`case:${id}`)).filter((e) => e.type === 'case.note_added')).toEqual([]);
    const [told] = h.slack.of('chat.postEphemeral');
    expect(told).toMatchObject({ channel: CHANNEL, user: U.stranger, thread_ts: root.ts });
    expect(told!.text).toContain('You are not in the Docket directory yet (Slack user U0STRANGER)');
  });

  it('/case <id> status, assign and task add run the case; in the case channel the id may be left out', async () => {
    const { id } = await openIncident();
    const owner = (await h.running.engine.deps.store.getCase(id))!.owner!;
    const ownerSlack = owner.startsWith('sara') ? U.sara : U.omar;
    const other = owner.startsWith('sara') ? U.omar : U.sara;

    await h.command('/case', ownerSlack, `${id} status investigating`);
    await h.command('/case', ownerSlack, 'task add Call the vendor', { channel_id: CHANNEL });
    await h.command('/case', ownerSlack, `${id.toLowerCase()} assign <@${other}|someone>`);
    await h.idle();
    const c = (await h.running.engine.deps.store.getCase(id))!;
    expect(c.status).toBe('investigating');
    expect(c.tasks.map((t) => t.title)).toContain('Call the vendor');
    expect(c.owner).toBe(other === U.sara ? 'sara@example.com' : 'omar@example.com');
    expect(h.slack.responses.map((r) => r.body.text)).toEqual([`${id}: status changed to investigating.`, `${id}: task added (Call the vendor).`, `${id}: owner changed.`]);

    // outside a case channel, Slack gives no thread: Docket asks for the id
    await h.command('/case', other, 'status waiting', { channel_id: 'C0GENERAL1' });
    await h.idle();
    expect(h.slack.responses.at(-1)!.body.text).toContain('name the case, e.g. "/case C-12 status investigating".');
  });

  it('a refused /case command says why; a stranger is told they are not in the directory, asked once', async () => {
    const { id } = await openIncident();
    await h.command('/case', U.ann, `${id} status investigating`);
    await h.idle();
    expect(h.slack.responses.at(-1)!.body.text).toBe(`Only the owner, members or an admin can do that on case ${id}.`);
    await h.command('/case', U.ian, `${id} status closed`);
    await h.idle();
    expect(h.slack.responses.at(-1)!.body.text).toBe(`Case ${id} cannot move from new to closed. Allowed: investigating, waiting, resolved.`);
    await h.command('/case', U.stranger, `${id} task add x`);
    await h.command('/case', U.stranger, `${id} task add y`);
    await h.idle();
    expect(h.slack.responses.at(-1)!.body.text).toBe('You are not in the Docket directory yet (Slack user U0STRANGER). Ask an admin to add you to org.yaml.');
    // the users.info answer is cached in platform_identities
    expect(h.slack.of('users.info').filter((a) => a.user === U.stranger)).toHaveLength(1);
  });

  it('the card\'s buttons: Take ownership updates the root card; Status asks with the flow\'s statuses', async () => {
    const { root, id } = await openIncident();
    const take = buttonsOf(root.blocks).find((b) => b.action_id === 'case.take')!;
    await h.interaction(blockAction({ user: U.ian, actionId: 'case.take', value: take.value, message: { channel: CHANNEL, ts: root.ts } }));
    await h.idle();
    expect((await h.running.engine.deps.store.getCase(id))!.owner).toBe('ian@example.com');
    await h.deliver();
    expect(h.slack.in(CHANNEL)[0]!.updates).toBeGreaterThan(0);
    expect(textsOf(h.slack.in(CHANNEL)[0]!.blocks).join('\n')).toContain('Ian Novak');
    expect(h.slack.in(CHANNEL)[0]!.replies.map((r) => r.text)).toContain('Ian Novak made Ian Novak the owner.');

    const status = buttonsOf(h.slack.in(CHANNEL)[0]!.blocks).find((b) => b.action_id === 'case.set_status')!;
    await h.interaction(blockAction({ user: U.ian, actionId: 'case.set_status', value: status.value, message: { channel: CHANNEL, ts: root.ts } }));
    await h.idle();
    const modal = h.slack.of('views.open').at(-1)!.view;
    expect(modal.blocks[0].element.options.map((o: any) => o.value)).toEqual(['new', 'investigating', 'waiting']);
    await h.interaction(viewSubmission({ user: U.ian, callbackId: modal.callback_id, metadata: JSON.parse(modal.private_metadata), values: { 'input:answer': input.select('waiting') } }));
    expect((await h.running.engine.deps.store.getCase(id))!.status).toBe('waiting');
  });
});

describe('Slack: /case open <title> for a case type without required fields', () => {
  it('opens the case at once in the channel\'s type, posts its root card there, and says so', async () => {
    await h.close();
    h = await slackServer({ flowsDir: fileURLToPath(new URL('../fixtures/slack/flows/', import.meta.url)) });
    const res = await h.command('/case', U.ann, 'open Broken chair in <room> 4 &amp; 5', { channel_id: 'C0FACILITY' });
    expect(res.status).toBe(200);
    await h.idle();
    expect(h.slack.of('views.open')).toEqual([]);
    const [c] = await h.running.engine.deps.store.openCasesOfFlow('facilities');
    expect(c).toMatchObject({ title: 'Broken chair in <room> 4 & 5', openedBy: 'ann@example.com', owner: 'bob@example.com' });
    expect(h.slack.responses.map((r) => r.body.text)).toEqual([`Opened ${c!.id}: Broken chair in &lt;room&gt; 4 &amp; 5. Its card is posted in #facilities; work on it in that thread.`]);
    await h.deliver();
    expect(textsOf(h.slack.in('C0FACILITY')[0]!.blocks)).toContain('Broken chair in <room> 4 & 5');
    expect(h.slack.in('C0PARKING1')).toEqual([]);

    // outside both channels the type is named first, or asked for
    await h.command('/case', U.ann, 'open parking Blocked exit');
    await h.command('/case', U.ann, 'open Something', { channel_id: 'C0GENERAL1' });
    await h.idle();
    expect((await h.running.engine.deps.store.openCasesOfFlow('parking')).map((x) => x.title)).toEqual(['Blocked exit']);
    expect(h.slack.of('views.open').map((a) => a.view.callback_id)).toEqual(['docket.pick_type']);
  });
});
