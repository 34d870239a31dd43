// The composition root's seams, seen from outside over signed HTTP: a click commits through the
// command queue, and the queue's commit wakes the outbox dispatcher (no waiting for its poll);
// /metrics counts each command once, whether it came through the queue (people) or the engine
// itself (the clock).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buttonsOf } from './support/fake-slack.ts';
import { blockAction, input, type SlackHarness, slackServer, U, viewSubmission } from './support/slack-server.ts';

let h: SlackHarness;
beforeEach(async () => {
  h = await slackServer();
});
afterEach(async () => {
  await h.close();
});

async function raise(): Promise<void> {
  await h.command('/request', U.ann, 'purchase');
  await h.idle();
  const opened = h.slack.of('views.open').at(-1)!;
  const values = {
    'field:item': input.text('Standing desks'),
    'field:total': input.number('7200'),
    'field:total:currency': input.select('EUR'),
    'field:category': input.select('hardware'),
    'field:justification': input.text('The old one broke and the team needs it for the launch.'),
  };
  const res = await h.interaction(viewSubmission({ user: U.ann, callbackId: opened.view.callback_id, metadata: JSON.parse(opened.view.private_metadata), values }));
  expect(res.status).toBe(200);
}

const metric = (text: string, type: string) =>
  [...text.matchAll(new RegExp(`^docket_commands_total\\{type="${type.replace('.', '\\.')}",outcome="[a-z]+"\\} (\\d+)$`, 'gm'))].reduce((n, m) => n + Number(m[1]), 0);

describe('composition root: queue, dispatcher, metrics', () => {
  it('a Slack click updates the cards at once: the queue wakes the dispatcher, whose poll is a minute away', async () => {
    await raise();
    await h.deliver();
    const bobs = h.slack.in(h.slack.dmOf(U.bob))[0]!;
    const approve = buttonsOf(bobs.blocks).find((b) => b.action_id === 'request.approve')!;
    const outbox = h.running.clock.outbox!;
    // the poll would not come for a minute: only a wake delivers within the test's wait
    outbox.start(60_000);
    await new Promise((r) => setTimeout(r, 50));
    const updatesBefore = h.slack.of('chat.update').length;
    const res = await h.interaction(blockAction({ user: U.bob, actionId: 'request.approve', value: approve.value, message: { channel: bobs.channel, ts: bobs.ts } }));
    expect(res.status).toBe(200);
    await h.idle();
    const deadline = Date.now() + 2_000;
    while (h.slack.of('chat.update').length === updatesBefore && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    await outbox.stop();
    expect(h.slack.of('chat.update').length).toBeGreaterThan(updatesBefore);
    // the queue is an Engine too: metered once, not again through the engine it extends
    const text = await (await fetch(`${h.url}/metrics`)).text();
    expect(metric(text, 'request.approve')).toBe(1);
  });

  it('docket_commands_total counts a Slack command and a clock command once each', async () => {
    await raise();
    await h.deliver();
    // days later: reminders and escalations come due and the clock fires them through the engine
    h.clock.now = new Date(h.clock.now.getTime() + 5 * 24 * 3600_000);
    const report = await h.running.clock.timers.runDue();
    expect(report.fired + report.skipped).toBeGreaterThan(0);
    const text = await (await fetch(`${h.url}/metrics`)).text();
    expect(metric(text, 'request.submit')).toBe(1);
    expect(metric(text, 'clock.fire')).toBe(report.fired + report.skipped + report.errors);
  });
});
