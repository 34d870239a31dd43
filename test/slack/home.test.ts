// The App Home tab and identity mapping over signed HTTP: the Home shows what waits on a person
// with the buttons right there; people are found by org.yaml slackId, else by their Slack email
// (cached); someone with no person behind them gets a friendly answer, never a crash.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buttonsOf, textsOf } from './support/fake-slack.ts';
import { blockAction, input, type SlackHarness, slackServer, U, viewSubmission } from './support/slack-server.ts';

let h: SlackHarness;
beforeEach(async () => {
  h = await slackServer();
});
afterEach(async () => {
  await h.close();
});

async function submitTimeOff(user: string, days = '3') {
  const res = await h.interaction(
    viewSubmission({
      user,
      callbackId: 'docket.request_form',
      metadata: { kind: 'request', flow: 'time-off' },
      values: { 'field:from': input.date('2026-03-10'), 'field:to': input.date('2026-03-12'), 'field:days': input.number(days), 'field:type': input.select('vacation') },
    }),
  );
  return res;
}

const homeOpened = (user: string) => h.event({ type: 'app_home_opened', user, channel: `D${user}`, tab: 'home', event_ts: '1718013000.000200' });

describe('Slack: the App Home tab', () => {
  it('shows what waits on me, with Approve and Reject right there; a click there decides and redraws it', async () => {
    expect(await (await submitTimeOff(U.ann)).text()).toBe('');
    expect((await homeOpened(U.bob)).status).toBe(200);
    await h.idle();
    const [published] = h.slack.of('views.publish');
    expect(published!.user_id).toBe(U.bob);
    expect(published!.view.type).toBe('home');
    const texts = textsOf(published!.view.blocks);
    expect(texts).toEqual(expect.arrayContaining(['Docket for Bob Baker', 'Waiting on me (1)', 'My requests (0)', 'My cases (0)']));
    expect(texts.join('\n')).toContain('*vacation: 2026-03-10 to 2026-03-12*  ·  Time off · R-1 · raised by Ann Smith');
    const approve = buttonsOf(published!.view.blocks).find((b) => b.action_id === 'request.approve')!;
    expect(JSON.parse(approve.value)).toMatchObject({ subject: 'request:R-1', value: 'manager' });

    await h.interaction(blockAction({ user: U.bob, actionId: 'request.approve', value: approve.value, home: true }));
    await h.idle();
    expect((await h.running.engine.deps.store.getRequest('R-1'))!.status).toBe('approved');
    const again = h.slack.of('views.publish').at(-1)!;
    expect(textsOf(again.view.blocks)).toEqual(expect.arrayContaining(['Waiting on me (0)']));
    expect(textsOf(again.view.blocks).join('\n')).toContain('Done: approve on R-1.');
  });

  it('shows my requests and a refusal on top of the Home when a click there is refused', async () => {
    await submitTimeOff(U.ann);
    await homeOpened(U.ann);
    await h.idle();
    const mine = h.slack.of('views.publish')[0]!;
    expect(textsOf(mine.view.blocks)).toEqual(expect.arrayContaining(['Waiting on me (0)', 'My requests (1)']));
    const value = JSON.stringify({ subject: 'request:R-1', value: 'manager', version: 1 });
    await h.interaction(blockAction({ user: U.ann, actionId: 'request.approve', value, home: true }));
    await h.idle();
    expect(textsOf(h.slack.of('views.publish').at(-1)!.view.blocks).join('\n')).toContain('You cannot decide your own request.');
  });

  it('a Slack user with no person behind them gets a friendly Home and friendly refusals', async () => {
    await homeOpened(U.stranger);
    const submitted = await submitTimeOff(U.stranger);
    await h.idle();
    expect(textsOf(h.slack.of('views.publish')[0]!.view.blocks).join('\n')).toContain('You are not in the Docket directory yet');
    expect(await submitted.json()).toEqual({
      response_action: 'errors',
      errors: { 'field:from': 'You are not in the Docket directory yet (Slack user U0STRANGER). Ask an admin to add you to org.yaml.' },
    });
    await h.interaction(blockAction({ user: U.stranger, actionId: 'request.approve', value: JSON.stringify({ subject: 'request:R-1', version: 1 }), message: { channel: 'D0X', ts: '1.1' } }));
    await h.idle();
    expect(h.slack.responses.at(-1)!.body.text).toContain('You are not in the Docket directory yet');
  });
});

describe('Slack: who is who', () => {
  it('a person without a slackId is found by their Slack email, remembered, and reached by DM', async () => {
    // Lee Park has no slackId in org.yaml; Tess (her manager) does
    expect(await (await submitTimeOff(U.lee)).text()).toBe('');
    const [r] = await h.running.engine.deps.store.requestsBy('lee@example.com');
    expect(r!.requester).toBe('lee@example.com');
    expect(await h.db()('platform_identities').select('platform', 'platform_user_id', 'email')).toEqual([{ platform: 'slack', platform_user_id: U.lee, email: 'lee@example.com' }]);
    await h.deliver();
    // the cache, not users.lookupByEmail, names the DM to open
    expect(h.slack.of('users.lookupByEmail')).toEqual([]);
    expect(h.slack.of('conversations.open').map((a) => a.users)).toEqual(expect.arrayContaining([U.lee, 'U0TESS0001']));
  });

  it('an explicit slackId in org.yaml wins over a Slack account that shows the same email', async () => {
    h.slack.addUser({ id: 'U0IMPOSTER', email: 'bob@example.com', name: 'Not Bob' });
    const res = await submitTimeOff('U0IMPOSTER');
    expect(((await res.json()) as { errors: Record<string, string> }).errors['field:from']).toContain('You are not in the Docket directory yet');
    expect(await h.running.engine.deps.store.requestsBy('bob@example.com')).toEqual([]);
  });

  it('a person field chosen with users_select reaches the engine as that person\'s email', async () => {
    const res = await h.interaction(
      viewSubmission({
        user: U.ann,
        callbackId: 'docket.case_form',
        metadata: { kind: 'case', flow: 'customer-complaint' },
        values: {
          'case:title': input.text('Late delivery'),
          'case:priority': input.select('high'),
          'field:customer': input.text('Acme'),
          'field:summary': input.text('The order came two weeks late'),
          'field:account_manager': input.user(U.bob),
        },
      }),
    );
    expect(await res.text()).toBe('');
    const [c] = await h.running.engine.deps.store.openCasesOfFlow('customer-complaint');
    expect(c!.fields.account_manager).toBe('bob@example.com');

    const unknown = await h.interaction(
      viewSubmission({
        user: U.ann,
        callbackId: 'docket.case_form',
        metadata: { kind: 'case', flow: 'customer-complaint' },
        values: { 'case:title': input.text('Another'), 'field:customer': input.text('Acme'), 'field:summary': input.text('Again late'), 'field:account_manager': input.user(U.stranger) },
      }),
    );
    expect(await unknown.json()).toEqual({ response_action: 'errors', errors: { 'field:account_manager': 'Slack user U0STRANGER is not in the Docket directory.' } });
  });
});
