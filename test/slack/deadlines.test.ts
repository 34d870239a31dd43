// Slack's three seconds: lookups made before an ack fail fast instead of sleeping through a
// Retry-After, a failure while answering a modal keeps it open with a plain sentence, and when
// the answer comes too late anyway the person is told the outcome in a DM.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { encodeActionValue } from '../../adapters/slack/action-value.ts';
import type { HttpReceiver } from '../../adapters/slack/receiver.ts';
import { blockAction, input, type SlackHarness, slackServer, U, viewSubmission } from './support/slack-server.ts';

let h: SlackHarness;
beforeEach(async () => {
  h = await slackServer();
});
afterEach(async () => {
  vi.restoreAllMocks();
  await h.close();
});

const AGAIN = 'Something went wrong, please submit again.';

// Lee has no slackId in org.yaml: who he is costs a users.info call before the ack
const timeOff = (user: string) =>
  viewSubmission({
    user,
    callbackId: 'docket.request_form',
    metadata: { kind: 'request', flow: 'time-off' },
    values: { 'field:from': input.date('2026-03-10'), 'field:to': input.date('2026-03-12'), 'field:days': input.number('3'), 'field:type': input.select('vacation') },
  });

describe('Slack: answering within the deadline', () => {
  it('a rate-limited users.info before the ack fails at once: the modal stays open and says to submit again', async () => {
    h.slack.failNext({ method: 'users.info', status: 429, headers: { 'Retry-After': '4' }, body: { ok: false, error: 'ratelimited' } });
    const res = await h.interaction(timeOff(U.lee));
    expect(await res.json()).toEqual({ response_action: 'errors', errors: { 'field:from': AGAIN } });
    await h.idle();
    expect(await h.running.engine.deps.store.requestsBy('lee@example.com')).toEqual([]);
    // submitted again once Slack has calmed down: it goes through
    expect(await (await h.interaction(timeOff(U.lee))).text()).toBe('');
    expect(await h.running.engine.deps.store.requestsBy('lee@example.com')).toHaveLength(1);
  });

  it('an exception while opening a case keeps the form open with a plain sentence, no internals', async () => {
    vi.spyOn(h.running.engine, 'execute').mockRejectedValueOnce(new Error('connection terminated unexpectedly'));
    const res = await h.interaction(
      viewSubmission({
        user: U.ann,
        callbackId: 'docket.case_form',
        metadata: { kind: 'case', flow: 'it-incident' },
        values: { 'case:title': input.text('VPN down'), 'field:service': input.text('VPN'), 'field:impact': input.text('Nobody can work from home') },
      }),
    );
    expect(await res.json()).toEqual({ response_action: 'errors', errors: { 'case:title': AGAIN } });
  });

  it('when the deadline answers for a slow submission, the person is told the outcome in a DM', async () => {
    (h.running.slack.receiver as HttpReceiver).ackDeadlineMs = 20;
    const release = h.slack.hold('users.info');
    const res = await h.interaction(timeOff(U.lee));
    // the deadline answered empty (Slack closes the modal); only now does Slack answer users.info
    expect(await res.text()).toBe('');
    release();
    await h.idle();
    const [r] = await h.running.engine.deps.store.requestsBy('lee@example.com');
    expect(r).toBeDefined();
    const dm = h.slack.in(h.slack.dmOf(U.lee));
    expect(dm.map((m) => m.text)).toEqual([expect.stringContaining(`${r!.id} was submitted`)]);
  });

  it('a late refusal is told in a DM too, with the reasons the modal would have shown', async () => {
    (h.running.slack.receiver as HttpReceiver).ackDeadlineMs = 20;
    const release = h.slack.hold('users.info');
    const res = await h.interaction(viewSubmission({ user: U.lee, callbackId: 'docket.request_form', metadata: { kind: 'request', flow: 'time-off' }, values: { 'field:from': input.date('2026-03-10') } }));
    expect(await res.text()).toBe('');
    release();
    await h.idle();
    expect(await h.running.engine.deps.store.requestsBy('lee@example.com')).toEqual([]);
    const [told] = h.slack.in(h.slack.dmOf(U.lee));
    expect(told!.text).toContain('was not submitted');
    expect(told!.text).toContain('Required.');
  });

  it('a click whose users.info is rate limited is answered at once with a failure, and opens no modal', async () => {
    h.slack.failNext({ method: 'users.info', status: 429, headers: { 'Retry-After': '4' }, body: { ok: false, error: 'ratelimited' } });
    const res = await h.interaction(blockAction({ user: U.lee, actionId: 'request.reject', value: encodeActionValue({ subject: 'request:R-1', value: 'manager' }) }));
    expect(res.status).toBe(200);
    await h.idle();
    expect(h.slack.responses.map((r) => r.body.text)).toEqual(['Something went wrong on our side; it has been logged. Please try again in a moment.']);
    expect(h.slack.of('views.open')).toEqual([]);
  });
});
