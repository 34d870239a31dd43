// Requests and approvals in Slack, end to end over signed HTTP: /request → the form modal →
// cards to requester and approvers → clicks → every copy updated, the next step's cards, the
// requester told in the thread. Slack's Web API is FakeSlack (nock at SLACK_API_URL).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FlowFile } from '../../src/flows/model.ts';
import { compileFlow } from '../../src/flows/registry.ts';
import { buttonsOf, textsOf } from './support/fake-slack.ts';
import { blockAction, input, type SlackHarness, slackServer, U, viewSubmission } from './support/slack-server.ts';

let h: SlackHarness;
beforeEach(async () => {
  h = await slackServer();
});
afterEach(async () => {
  await h.close();
});

const purchaseValues = (item: string, amount: string, justification = 'The old one broke and the team needs it for the launch.') => ({
  'field:item': input.text(item),
  'field:total': input.number(amount),
  'field:total:currency': input.select('EUR'),
  'field:category': input.select('hardware'),
  'field:justification': input.text(justification),
});

/** Ann (or someone) runs `/request purchase` and submits the form; returns the new request's id */
async function raise(user: string, item: string, amount: string): Promise<string> {
  const res = await h.command('/request', user, 'purchase');
  expect(res.status).toBe(200);
  await h.idle();
  const opened = h.slack.of('views.open').at(-1)!;
  const submitted = await h.interaction(viewSubmission({ user, callbackId: opened.view.callback_id, metadata: JSON.parse(opened.view.private_metadata), values: purchaseValues(item, amount) }));
  expect(submitted.status).toBe(200);
  expect(await submitted.text()).toBe('');
  const [mine] = await h.running.engine.deps.store.requestsBy(`${user === U.ann ? 'ann' : 'sam'}@example.com`, { limit: 1 });
  return mine!.id;
}

/** the card copy in someone's DM, and the button they would click on it */
function cardIn(user: string, index = 0) {
  const copy = h.slack.in(h.slack.dmOf(user))[index];
  if (!copy) throw new Error(`no card in the DM of ${user}`);
  return copy;
}
const button = (blocks: unknown, actionId: string) => {
  const b = buttonsOf(blocks).find((x) => x.action_id === actionId);
  if (!b) throw new Error(`no ${actionId} button`);
  return b;
};
const click = (user: string, actionId: string, copy: ReturnType<typeof cardIn>, actionTs?: string) =>
  h.interaction(blockAction({ user, actionId, value: button(copy.blocks, actionId).value, message: { channel: copy.channel, ts: copy.ts }, ...(actionTs ? { actionTs } : {}) }));

describe('Slack: requests and approvals', () => {
  it('/request purchase opens the form modal with typed inputs', async () => {
    const res = await h.command('/request', U.ann, 'purch', { trigger_id: 'trigger.ann.1' });
    expect(res.status).toBe(200);
    await h.idle();
    const [opened] = h.slack.of('views.open');
    expect(opened!.trigger_id).toBe('trigger.ann.1');
    const view = opened!.view;
    expect(view.callback_id).toBe('docket.request_form');
    expect(JSON.parse(view.private_metadata)).toEqual({ kind: 'request', flow: 'purchase', channel: 'C0GENERAL1' });
    const element = (block: string) => view.blocks.find((b: any) => b.block_id === block)?.element;
    expect(element('field:item')).toMatchObject({ type: 'plain_text_input', max_length: 120 });
    expect(element('field:total')).toMatchObject({ type: 'number_input', is_decimal_allowed: true, min_value: '0' });
    expect(element('field:total:currency').options.map((o: any) => o.value)).toEqual(['EUR', 'USD']);
    expect(element('field:category')).toMatchObject({ type: 'static_select' });
    expect(element('field:category').options).toHaveLength(4);
    expect(element('field:needed_by')).toMatchObject({ type: 'datepicker' });
    expect(element('field:justification')).toMatchObject({ type: 'plain_text_input', multiline: true });
    expect(view.blocks.find((b: any) => b.block_id === 'field:needed_by').optional).toBe(true);
  });

  it('/request alone answers with an ephemeral picker of request types; /request help lists them', async () => {
    const picker = (await (await h.command('/request', U.ann, '')).json()) as any;
    expect(picker.response_type).toBe('ephemeral');
    expect(buttonsOf(picker.blocks).map((b) => b.value).sort()).toEqual(['access', 'purchase', 'time-off']);
    const help = (await (await h.command('/request', U.ann, 'help')).json()) as any;
    expect(help.text).toContain('`/request <type>`');
    expect(help.text).toContain('`purchase` — Purchase request');
    const unknown = (await (await h.command('/request', U.ann, 'yacht')).json()) as any;
    expect(unknown.text).toBe('There is no request type "yacht". Pick one:');
  });

  it('an invalid form comes back with the engine\'s messages under each field, and nothing is created', async () => {
    const res = await h.interaction(
      viewSubmission({ user: U.ann, callbackId: 'docket.request_form', metadata: { kind: 'request', flow: 'purchase' }, values: { ...purchaseValues('Desk', ''), 'field:justification': input.text('too short') } }),
    );
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      response_action: 'errors',
      errors: { 'field:total': 'Required.', 'field:justification': 'Use at least 20 characters.' },
    });
    expect(await h.running.engine.deps.store.requestsBy('ann@example.com')).toEqual([]);
    expect(await h.db()('outbox').count<{ n: number }[]>({ n: '*' })).toEqual([{ n: 0 }]);
  });

  it('Ann raises a purchase of 7,200 EUR; her manager approves; finance approves; Ann is told in the thread', async () => {
    const id = await raise(U.ann, 'Standing desks', '7200');
    await h.deliver();

    // the requester's card (a DM with the bot, the thread root) and the manager's card
    const anns = cardIn(U.ann);
    expect(textsOf(anns.blocks)).toContain('Standing desks (7,200.00 EUR)');
    // the requester's card never offers Approve (the guard the engine refuses with draws it)
    expect(buttonsOf(anns.blocks).map((b) => b.action_id)).toEqual(['request.recall', 'request.comment']);
    const bobs = cardIn(U.bob);
    expect(buttonsOf(bobs.blocks).map((b) => b.action_id)).toEqual(['request.approve', 'request.reject', 'request.send_back', 'request.reassign', 'request.add_approver', 'request.comment']);
    expect(textsOf(bobs.blocks).join('\n')).toContain('*Why you are asked:*');
    expect(h.slack.in(h.slack.dmOf(U.fiona))).toEqual([]);

    // Bob approves: every copy is updated, finance gets its cards, Ann hears it in her thread
    expect((await click(U.bob, 'request.approve', bobs)).status).toBe(200);
    await h.idle();
    await h.deliver();
    expect((await h.running.engine.deps.store.getRequest(id))!.steps.map((s) => s.status)).toEqual(['approved', 'active', 'waiting']);
    expect(cardIn(U.ann).updates).toBeGreaterThan(0);
    expect(cardIn(U.bob).updates).toBeGreaterThan(0);
    expect(buttonsOf(cardIn(U.bob).blocks).map((b) => b.action_id)).toEqual(['request.comment']);
    for (const approver of [U.fiona, U.frank, U.victor]) expect(buttonsOf(cardIn(approver).blocks).map((b) => b.action_id)).toContain('request.approve');
    expect(cardIn(U.ann).replies.map((r) => r.text)).toContain('Manager approval: approved by Bob Baker.');

    // Fiona approves for finance: the request is approved and Ann is told so in the thread
    expect((await click(U.fiona, 'request.approve', cardIn(U.fiona))).status).toBe(200);
    await h.idle();
    await h.deliver();
    const done = (await h.running.engine.deps.store.getRequest(id))!;
    expect(done.status).toBe('approved');
    expect(done.steps.map((s) => s.status)).toEqual(['approved', 'approved', 'skipped']);
    // each decision's replies arrive as one message, a line each
    const thread = cardIn(U.ann).replies.flatMap((r) => r.text.split('\n'));
    expect(thread).toEqual(expect.arrayContaining(['Finance review: approved by Fiona Walsh.', 'Your request is approved. 🎉']));
    for (const user of [U.ann, U.bob, U.fiona, U.frank, U.victor]) {
      expect(textsOf(cardIn(user).blocks).join('\n')).toContain('*Approved*');
      expect(buttonsOf(cardIn(user).blocks)).toEqual([]);
    }
    // the thread replies went under Ann's card, not as new messages
    expect(h.slack.in(h.slack.dmOf(U.ann))).toHaveLength(1);
  });

  it('the requester approving her own request is refused ephemerally, and her card is redrawn', async () => {
    const id = await raise(U.ann, 'Monitor', '300');
    await h.deliver();
    const anns = cardIn(U.ann);
    const bobsValue = button(cardIn(U.bob).blocks, 'request.approve').value;
    const updatesBefore = anns.updates;
    // a forged or stale click: Ann's card has no Approve button, so she sends Bob's value
    const res = await h.interaction(blockAction({ user: U.ann, actionId: 'request.approve', value: bobsValue, message: { channel: anns.channel, ts: anns.ts } }));
    expect(res.status).toBe(200);
    await h.idle();
    expect(h.slack.responses.map((r) => r.body)).toEqual([{ response_type: 'ephemeral', replace_original: false, text: 'You cannot decide your own request.' }]);
    expect(cardIn(U.ann).updates).toBe(updatesBefore + 1);
    expect((await h.running.engine.deps.store.getRequest(id))!.steps[0]!.status).toBe('active');
  });

  it('two approvers clicking at once make one decision; the other is told who won', async () => {
    const id = await raise(U.ann, 'Laptops', '7200');
    await h.deliver();
    await click(U.bob, 'request.approve', cardIn(U.bob));
    await h.idle();
    await h.deliver();
    const [a, b] = await Promise.all([click(U.fiona, 'request.approve', cardIn(U.fiona)), click(U.frank, 'request.approve', cardIn(U.frank))]);
    expect([a.status, b.status]).toEqual([200, 200]);
    await h.idle();
    const decided = (await h.running.engine.deps.store.timeline(`request:${id}`)).filter((e) => e.type === 'request.step_approved' && e.data.step === 'finance');
    expect(decided).toHaveLength(1);
    const winner = decided[0]!.actor;
    expect(['fiona@example.com', 'frank@example.com']).toContain(winner);
    const winnerName = winner.startsWith('fiona') ? 'Fiona Walsh' : 'Frank Moreau';
    expect(h.slack.responses.map((r) => r.body.text)).toEqual([`Finance review was already decided: ${winnerName} approved it.`]);
  });

  it('the same click delivered twice (a Slack retry, a double click) makes one decision', async () => {
    const id = await raise(U.ann, 'Chairs', '900');
    await h.deliver();
    const bobs = cardIn(U.bob);
    const first = await click(U.bob, 'request.approve', bobs, '1718012400.555555');
    const again = await click(U.bob, 'request.approve', bobs, '1718012400.555555');
    expect([first.status, again.status]).toEqual([200, 200]);
    await h.idle();
    const timeline = await h.running.engine.deps.store.timeline(`request:${id}`);
    expect(timeline.filter((e) => e.type === 'request.step_approved')).toHaveLength(1);
    expect((await h.running.engine.deps.store.getRequest(id))!.status).toBe('approved');
    expect(h.slack.responses).toEqual([]);
  });

  it('Reject opens a modal for the reason; the reason comes back on the request', async () => {
    const id = await raise(U.ann, 'Espresso machine', '450');
    await h.deliver();
    await click(U.bob, 'request.reject', cardIn(U.bob));
    await h.idle();
    const modal = h.slack.of('views.open').at(-1)!.view;
    expect(modal.callback_id).toBe('docket.action_input');
    expect(modal.blocks[0]).toMatchObject({ block_id: 'input:answer', label: { text: 'Why are you rejecting it?' }, optional: false });
    const empty = await h.interaction(viewSubmission({ user: U.bob, callbackId: modal.callback_id, metadata: JSON.parse(modal.private_metadata), values: { 'input:answer': input.text('  ') } }));
    expect(await empty.json()).toEqual({ response_action: 'errors', errors: { 'input:answer': 'Please give a reason.' } });
    const res = await h.interaction(viewSubmission({ user: U.bob, callbackId: modal.callback_id, metadata: JSON.parse(modal.private_metadata), values: { 'input:answer': input.text('Not in this quarter\'s budget') } }));
    expect(await res.text()).toBe('');
    const r = (await h.running.engine.deps.store.getRequest(id))!;
    expect(r.status).toBe('rejected');
    expect(r.rejection?.reason).toBe('Not in this quarter\'s budget');
  });

  it('Send back asks what should change; the requester edits the filled-in form and resubmits', async () => {
    const id = await raise(U.ann, 'Webcam', '80');
    await h.deliver();
    await click(U.bob, 'request.send_back', cardIn(U.bob));
    await h.idle();
    const ask = h.slack.of('views.open').at(-1)!.view;
    expect(ask.blocks[0].label.text).toBe('What should change?');
    await h.interaction(viewSubmission({ user: U.bob, callbackId: ask.callback_id, metadata: JSON.parse(ask.private_metadata), values: { 'input:answer': input.text('Add the model number') } }));
    expect((await h.running.engine.deps.store.getRequest(id))!.status).toBe('changes_requested');
    await h.deliver();
    expect(cardIn(U.ann).replies.map((r) => r.text)).toContain('Bob Baker sent it back for changes: Add the model number');

    await click(U.ann, 'request.resubmit', cardIn(U.ann));
    await h.idle();
    const form = h.slack.of('views.open').at(-1)!.view;
    expect(JSON.parse(form.private_metadata)).toEqual({ kind: 'request', flow: 'purchase', request: id });
    expect(form.submit.text).toBe('Resubmit');
    expect(form.blocks.find((b: any) => b.block_id === 'field:item').element.initial_value).toBe('Webcam');
    expect(form.blocks.find((b: any) => b.block_id === 'field:total').element.initial_value).toBe('80');
    const res = await h.interaction(viewSubmission({ user: U.ann, callbackId: form.callback_id, metadata: JSON.parse(form.private_metadata), values: purchaseValues('Webcam C920', '80') }));
    expect(await res.text()).toBe('');
    const r = (await h.running.engine.deps.store.getRequest(id))!;
    expect([r.status, r.form.item]).toEqual(['pending', 'Webcam C920']);
  });

  it('a resubmitted form is read with the flow version its request is on, though the flow changed since', async () => {
    const id = await raise(U.ann, 'Webcam', '80');
    await h.deliver();
    await click(U.bob, 'request.send_back', cardIn(U.bob));
    await h.idle();
    const ask = h.slack.of('views.open').at(-1)!.view;
    await h.interaction(viewSubmission({ user: U.bob, callbackId: ask.callback_id, metadata: JSON.parse(ask.private_metadata), values: { 'input:answer': input.text('Add the model number') } }));
    await h.deliver();

    // an admin renames a field: new purchases ask for `reason`, this request stays on `justification`
    const { flows } = h.running.engine.deps;
    const edited = JSON.parse(JSON.stringify(flows.requestFlow('purchase')!.def));
    edited.form = edited.form.map((f: { id: string }) => (f.id === 'justification' ? { ...f, id: 'reason' } : f));
    const compiled = compileFlow(FlowFile.parse(edited), 'edited');
    if (Array.isArray(compiled)) throw new Error(compiled.map((p) => p.message).join('; '));
    flows.add(compiled);

    await click(U.ann, 'request.resubmit', cardIn(U.ann));
    await h.idle();
    const form = h.slack.of('views.open').at(-1)!.view;
    expect(form.blocks.map((b: any) => b.block_id)).toContain('field:justification');
    const res = await h.interaction(viewSubmission({ user: U.ann, callbackId: form.callback_id, metadata: JSON.parse(form.private_metadata), values: purchaseValues('Webcam C920', '80') }));
    expect(await res.text()).toBe('');
    const r = (await h.running.engine.deps.store.getRequest(id))!;
    expect([r.status, r.form.item, r.flowVersion === compiled.version]).toEqual(['pending', 'Webcam C920', false]);
  });

  it('user text is escaped: a title with <!channel> and a mention shows as text, pinging nobody', async () => {
    await raise(U.ann, '<!channel> free pizza & <@U0BOB00001>', '10');
    await h.deliver();
    const copy = cardIn(U.bob);
    const mrkdwn = JSON.stringify(copy.blocks.filter((b: any) => b.type !== 'header'));
    expect(mrkdwn).not.toContain('<!channel>');
    expect(mrkdwn).not.toContain('<@U0BOB00001>');
    expect(textsOf(copy.blocks).join('\n')).toContain('&lt;!channel&gt; free pizza &amp; &lt;@U0BOB00001&gt;');
    // the notification text is mrkdwn too
    expect(copy.text).toContain('&lt;!channel&gt;');
    expect(copy.text).not.toContain('<!channel>');
  });
});
