// "@docket help" and direct messages over signed HTTP: both answer with what Docket can do; a
// mention in its thread, a DM in the DM. Our own posts, thread replies under a card in the DM,
// and message edits get no answer.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type SlackHarness, slackServer, U } from './support/slack-server.ts';

let h: SlackHarness;
beforeEach(async () => {
  h = await slackServer();
});
afterEach(async () => {
  await h.close();
});

describe('Slack: mentions and direct messages', () => {
  it('answers "@docket help" in the thread of the mention', async () => {
    const res = await h.event({ type: 'app_mention', user: U.ann, text: '<@U0DOCKETBOT> help', ts: '1718013000.000100', channel: 'C0GENERAL1', event_ts: '1718013000.000100' });
    expect(res.status).toBe(200);
    await h.idle();
    const [posted] = h.slack.of('chat.postMessage');
    expect(posted).toMatchObject({ channel: 'C0GENERAL1', thread_ts: '1718013000.000100' });
    expect(posted!.text).toContain('I am Docket');
    expect(posted!.text).toContain('`/request purchase`');
    expect(posted!.text).toContain('*Cases with Docket*');
  });

  it('answers a mention inside a thread in that thread', async () => {
    await h.event({ type: 'app_mention', user: U.bob, text: '<@U0DOCKETBOT>', ts: '1718013000.000300', thread_ts: '1718013000.000200', channel: 'C0GENERAL1', event_ts: '1718013000.000300' });
    await h.idle();
    expect(h.slack.of('chat.postMessage')[0]).toMatchObject({ thread_ts: '1718013000.000200' });
  });

  it('answers a direct message in the DM, and nothing else there', async () => {
    const dm = { type: 'message', channel_type: 'im', channel: 'D0ANN00001', event_ts: '1718013000.000400' };
    await h.event({ ...dm, user: U.ann, text: 'hello?', ts: '1718013000.000400' });
    await h.idle();
    const answers = h.slack.of('chat.postMessage');
    expect(answers).toHaveLength(1);
    expect(answers[0]).toMatchObject({ channel: 'D0ANN00001' });
    expect(answers[0]!.thread_ts).toBeUndefined();
    expect(answers[0]!.text).toContain('*Requests with Docket*');

    // our own post, an edit, a reply under a card in the DM: no answer
    await h.event({ ...dm, bot_id: 'B0DOCKET', text: 'a card', ts: '1718013000.000500' });
    await h.event({ ...dm, user: U.ann, subtype: 'message_changed', ts: '1718013000.000600' });
    await h.event({ ...dm, user: U.ann, text: 'thanks', ts: '1718013000.000700', thread_ts: '1718013000.000500' });
    await h.event({ type: 'app_mention', bot_id: 'B0OTHER', channel: 'C0GENERAL1', ts: '1718013000.000800', text: '<@U0DOCKETBOT>' });
    await h.idle();
    expect(h.slack.of('chat.postMessage')).toHaveLength(1);
  });

  it('refuses an unsigned mention like any other event', async () => {
    const res = await h.event({ type: 'app_mention', user: U.ann, text: '<@U0DOCKETBOT> help', ts: '1', channel: 'C0GENERAL1' }, undefined, { 'X-Slack-Signature': 'v0=' + '0'.repeat(64) });
    expect(res.status).toBe(401);
    await h.idle();
    expect(h.slack.of('chat.postMessage')).toHaveLength(0);
  });
});
