// A request started from a case's card in a case channel, over signed HTTP, when the case type
// may only be worked in its channel (governance's `where: [case-channel]`): the channel must
// travel through the action modal and the request form's metadata beside `case` (parity), or
// the engine sees no place and refuses, as a place rule fails closed.
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buttonsOf } from './support/fake-slack.ts';
import { blockAction, FLOWS, input, type SlackHarness, slackServer, U, viewSubmission } from './support/slack-server.ts';

const CHANNEL = 'C0ITINCDNT';
let h: SlackHarness;
let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'docket-flows-'));
  await cp(FLOWS, dir, { recursive: true });
  const file = path.join(dir, 'cases', 'it-incident.yaml');
  await writeFile(file, `${await readFile(file, 'utf8')}\nwhere: [case-channel]\n`);
  h = await slackServer({ flowsDir: dir });
});
afterEach(async () => {
  await h.close();
  await rm(dir, { recursive: true, force: true });
});

async function openIncident() {
  await h.command('/case', U.ann, 'open Printer on fire', { channel_id: CHANNEL });
  await h.idle();
  const view = h.slack.of('views.open').at(-1)!.view;
  const values = {
    'case:title': input.text('Printer on fire'),
    'case:priority': input.select('p2'),
    'case:description': input.text('Smoke from the second floor printer'),
    'field:service': input.text('Printing'),
    'field:impact': input.text('Nobody can print the contracts'),
  };
  expect(await (await h.interaction(viewSubmission({ user: U.ann, callbackId: view.callback_id, metadata: JSON.parse(view.private_metadata), values }))).text()).toBe('');
  await h.deliver();
  const [c] = await h.running.engine.deps.store.openCasesOfFlow('it-incident', 1);
  // the owner (one of the on-call engineers) may start requests from it
  const owner = c!.owner!.startsWith('sara') ? { slack: U.sara, email: 'sara@example.com' } : { slack: U.omar, email: 'omar@example.com' };
  return { root: h.slack.in(CHANNEL)[0]!, id: c!.id, owner };
}

const purchase = {
  'field:item': input.text('A spare printer'),
  'field:total': input.number('400'),
  'field:total:currency': input.select('EUR'),
  'field:category': input.select('hardware'),
  'field:justification': input.text('The old one is on fire and the contracts must go out.'),
};

describe('Slack: a request started from a case in its channel', () => {
  it("the case card's button: the request is raised, linked to the case, with the case channel as its place", async () => {
    const { root, id, owner } = await openIncident();
    const start = buttonsOf(root.blocks).find((b) => b.action_id === 'case.start_request')!;
    await h.interaction(blockAction({ user: owner.slack, actionId: 'case.start_request', value: start.value, message: { channel: CHANNEL, ts: root.ts } }));
    await h.idle();
    const ask = h.slack.of('views.open').at(-1)!.view;
    const swapped = (await (await h.interaction(viewSubmission({ user: owner.slack, callbackId: ask.callback_id, metadata: JSON.parse(ask.private_metadata), values: { 'input:answer': input.select('purchase') } }))).json()) as any;
    expect(JSON.parse(swapped.view.private_metadata)).toEqual({ kind: 'request', flow: 'purchase', case: id, channel: CHANNEL });
    const res = await h.interaction(viewSubmission({ user: owner.slack, callbackId: swapped.view.callback_id, metadata: JSON.parse(swapped.view.private_metadata), values: purchase }));
    expect(await res.text()).toBe('');
    const [request] = await h.running.engine.deps.store.requestsBy(owner.email, { limit: 1 });
    expect(request).toBeDefined();
    const c = await h.running.engine.deps.store.getCase(id);
    expect(JSON.stringify(c)).toContain(`request:${request!.id}`);
  });

  it('/case <id> request purchase in the case channel: the form carries the channel too', async () => {
    const { id, owner } = await openIncident();
    await h.command('/case', owner.slack, `${id} request purchase`, { channel_id: CHANNEL });
    await h.idle();
    const form = h.slack.of('views.open').at(-1)!.view;
    expect(JSON.parse(form.private_metadata)).toEqual({ kind: 'request', flow: 'purchase', case: id, channel: CHANNEL });
    const res = await h.interaction(viewSubmission({ user: owner.slack, callbackId: form.callback_id, metadata: JSON.parse(form.private_metadata), values: purchase }));
    expect(await res.text()).toBe('');
    expect(await h.running.engine.deps.store.requestsBy(owner.email, { limit: 1 })).toHaveLength(1);
  });
});
