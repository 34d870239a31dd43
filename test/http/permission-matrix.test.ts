// One table of permission cases, run against every surface: Slack (signed HTTP to /slack/events),
// Teams (/api/messages), and the web console. Each surface must refuse the same things in the
// same words, because the engine decides and the adapters only say where the command came from.
// The REST API answers the console's column: the same refusals of who, in problem+json; and since
// neither test flow lists the API among its places, what the console accepts the API refuses by
// place.
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { explain } from '../../src/core/refusals.ts';
import { loadFlows } from '../../src/flows/load.ts';
import { FLOWS, input, type SlackHarness, slackServer, U, viewSubmission } from '../slack/support/slack-server.ts';
import { cardAction, personalMessage, postActivity, users } from '../teams/activities.ts';
import { FakeTeams } from '../teams/fake-teams.ts';
import { type TeamsServer, teamsServer } from '../teams/server.ts';
import { Client, type RunningConsole, startConsole, text } from '../web/support.ts';
import { apiServer, type ApiHarness } from '../api/support.ts';

type Place = 'dm' | 'channel' | 'case-channel';
type Who = 'ann' | 'fiona' | 'lee';
interface Case {
  name: string;
  who: Who;
  act: 'raise payroll' | 'open hr-case';
  where: Place;
  /** the sentence every surface must show, or "accepted" */
  expect: string;
  /** false where the answer depends on a chat place the console does not have */
  console: boolean;
}

const CASES: Case[] = [
  { name: 'sales raises payroll in a DM', who: 'ann', act: 'raise payroll', where: 'dm', console: true, expect: explain('permission.may_not_raise', { who: 'the Finance group or the admin role', flow: 'Payroll change' }) },
  { name: 'finance raises payroll in a channel', who: 'fiona', act: 'raise payroll', where: 'channel', console: false, expect: 'Payroll change can only be used in a direct message with Docket or in the web console.' },
  { name: 'finance raises payroll in a DM', who: 'fiona', act: 'raise payroll', where: 'dm', console: true, expect: 'accepted' },
  { name: 'sales opens an HR case in its channel', who: 'ann', act: 'open hr-case', where: 'case-channel', console: true, expect: explain('permission.may_not_open', { who: 'the Customer support group or the admin role', flow: 'HR case' }) },
  { name: 'support opens an HR case in a DM', who: 'lee', act: 'open hr-case', where: 'dm', console: false, expect: 'HR case can only be used in #hr-cases or in the web console.' },
  { name: 'support opens an HR case in its channel', who: 'lee', act: 'open hr-case', where: 'case-channel', console: true, expect: 'accepted' },
];

const EMAIL: Record<Who, string> = { ann: 'ann@example.com', fiona: 'fiona@example.com', lee: 'lee@example.com' };

const PAYROLL = `kind: request
id: payroll
name: Payroll change
raise: [{ group: finance }]
where: [dm, console]
form:
  - { id: what, type: text, label: What changes, required: true }
steps:
  - { id: manager, name: Manager, approvers: [{ manager: requester }] }
`;
const HR_CASE = `kind: case
id: hr-case
name: HR case
open: [{ group: support }]
where: [case-channel, console]
channel: { name: "#hr-cases", slack: C0HRCASES, teams: "19:hr-cases@thread.tacv2" }
statuses:
  - { id: open, name: Open, category: open }
  - { id: closed, name: Closed, category: closed }
initialStatus: open
priorities: [{ id: normal, name: Normal }]
defaultPriority: normal
owner: { person: tess@example.com }
`;

let flowsDir: string;
beforeAll(async () => {
  const root = await mkdtemp(path.join(os.tmpdir(), 'docket-matrix-'));
  flowsDir = path.join(root, 'flows');
  await cp(FLOWS, flowsDir, { recursive: true });
  await writeFile(path.join(flowsDir, 'requests', 'payroll.yaml'), PAYROLL);
  await writeFile(path.join(flowsDir, 'cases', 'hr-case.yaml'), HR_CASE);
});
afterAll(async () => rm(path.dirname(flowsDir), { recursive: true, force: true }));

describe('the permission matrix on Slack (signed HTTP)', () => {
  let h: SlackHarness;
  beforeAll(async () => {
    h = await slackServer({ flowsDir, start: '2026-11-30T09:00:00Z' });
  });
  afterAll(async () => h?.close());
  const SLACK_USER: Record<Who, string> = { ann: U.ann, fiona: U.fiona, lee: U.lee };
  const CHANNEL: Record<Place, string> = { dm: 'D0DIRECT01', channel: 'C0GENERAL1', 'case-channel': 'C0HRCASES' };

  it.each(CASES)('$name', async (c) => {
    const user = SLACK_USER[c.who];
    const channel = CHANNEL[c.where];
    const payload =
      c.act === 'raise payroll'
        ? viewSubmission({ user, callbackId: 'docket.request_form', metadata: { kind: 'request', flow: 'payroll', channel }, values: { 'field:what': input.text('New bank details') } })
        : viewSubmission({ user, callbackId: 'docket.case_form', metadata: { kind: 'case', flow: 'hr-case', channel }, values: { 'case:title': input.text('Desk'), 'case:priority': input.select('normal') } });
    const res = await h.interaction(payload);
    const raw = await res.text();
    const answer = raw ? (JSON.parse(raw) as { response_action?: string; errors?: Record<string, string> }) : {};
    expect(answer.response_action === 'errors' ? Object.values(answer.errors ?? {}).join(' ') : 'accepted').toBe(c.expect);
  });

  it('offers in the /request picker and help only what the reader may raise there', async () => {
    const offered = async (user: string, channel: string) => {
      const body = (await (await h.command('/request', user, '', { channel_id: channel })).json()) as { blocks?: { elements?: { value?: string }[] }[] };
      return (body.blocks ?? []).flatMap((b) => b.elements ?? []).map((e) => e.value);
    };
    expect(await offered(U.ann, 'D0DIRECT01')).not.toContain('payroll');
    expect(await offered(U.fiona, 'D0DIRECT01')).toContain('payroll');
    expect(await offered(U.fiona, 'C0GENERAL1')).not.toContain('payroll');
    const help = (await (await h.command('/request', U.ann, 'help', { channel_id: 'D0DIRECT01' })).json()) as { text: string };
    expect(help.text).not.toContain('payroll');
    const typed = (await (await h.command('/request', U.ann, 'payroll', { channel_id: 'D0DIRECT01' })).json()) as { text: string };
    expect(typed.text).toBe(CASES[0]!.expect);
    const caseHelp = async (user: string, channel: string) => ((await (await h.command('/case', user, 'help', { channel_id: channel })).json()) as { text: string }).text;
    expect(await caseHelp(U.lee, 'C0HRCASES')).toMatch(/Case types you can open here: .*`hr-case`/);
    expect(await caseHelp(U.ann, 'C0HRCASES')).not.toContain('`hr-case`');
    expect(await caseHelp(U.lee, 'D0DIRECT01')).not.toContain('`hr-case`');
  });
});

describe('the permission matrix on Teams (/api/messages)', () => {
  let s: TeamsServer;
  beforeAll(async () => {
    s = await teamsServer({ DOCKET_TEAMS: 'local', FLOWS_DIR: flowsDir });
  });
  afterAll(async () => s?.close());
  const TEAMS_USER = { ann: users.ann, fiona: users.fiona, lee: users.lee };
  const CONVERSATION: Record<Place, string | undefined> = { dm: undefined, channel: '19:general@thread.tacv2', 'case-channel': '19:hr-cases@thread.tacv2' };

  it.each(CASES)('$name', async (c) => {
    const user = TEAMS_USER[c.who];
    const conversationId = CONVERSATION[c.where];
    const activity =
      c.act === 'raise payroll'
        ? cardAction(user, 'form.submit', { flow: 'payroll', 'field:what': 'New bank details' }, conversationId ? { conversationId } : {})
        : cardAction(user, 'case.open', { flow: 'hr-case', 'case:title': 'Desk', 'case:priority': 'normal' }, conversationId ? { conversationId } : {});
    const res = await postActivity(s.url, activity);
    const card = (res.body as { value?: unknown }).value;
    // Teams renders text as markdown, so the sentence arrives with markdown characters escaped
    const texts = FakeTeams.texts(card).map((t) => t.replace(/\\([\\`*_{}[\]()#+\-.!|>~<])/g, '$1'));
    const said = texts.find((t) => CASES.some((k) => k.expect === t)) ?? texts.join(' / ');
    const accepted = texts.some((t) => /^(R|C)-\d+ (submitted|opened)\.$/.test(t));
    expect(accepted ? 'accepted' : said).toBe(c.expect);
  });

  it('offers with "request" only what the reader may raise there', async () => {
    const offered = async (user: (typeof users)['ann']) => {
      await postActivity(s.url, personalMessage(user, 'request'));
      const card = FakeTeams.card(s.fake.in(user.chat).at(-1)!.activity)!;
      return FakeTeams.elements(card).filter((e) => e.type === 'Action.Execute').map((b) => (b.data as { flow: string }).flow);
    };
    expect(await offered(users.ann)).not.toContain('payroll');
    expect(await offered(users.fiona)).toContain('payroll');
    await postActivity(s.url, personalMessage(users.ann, 'request payroll'));
    expect(String(s.fake.in(users.ann.chat).at(-1)!.activity.text)).toBe(CASES[0]!.expect);
  });
});

describe('the permission matrix in the web console', () => {
  let c: RunningConsole;
  beforeAll(async () => {
    const loaded = await loadFlows(flowsDir);
    if (!loaded.ok) throw new Error('flows');
    c = await startConsole({ world: { flows: loaded.registry, directory: loaded.directory } });
  });
  afterAll(async () => c?.close());

  it.each(CASES.filter((k) => k.console))('$name', async (k) => {
    const browser = new Client(c.url);
    await browser.actAs(EMAIL[k.who]);
    const page = k.act === 'raise payroll' ? await browser.post('/new/request/payroll', { 'f.what': 'New bank details' }) : await browser.post('/new/case/hr-case', { title: 'Desk', priority: 'normal' });
    if (k.expect === 'accepted') expect(page.status).toBe(303);
    else expect(text(page.body)).toContain(k.expect);
  });

  it('lists on /new only what the reader may raise or open, and keeps admin pages to the admin role', async () => {
    const ann = new Client(c.url);
    await ann.actAs('ann@example.com');
    const list = await ann.get('/new');
    expect(list.body).not.toContain('/new/request/payroll');
    expect(list.body).not.toContain('/new/case/hr-case');
    const admin = await ann.get('/admin');
    expect(admin.status).toBe(403);
    expect(text(admin.body)).toContain('Only admins can do that: Ian Novak, Carol Chen.');
    const ian = new Client(c.url);
    await ian.actAs('ian@example.com');
    expect((await ian.get('/admin')).status).toBe(200);
  });
});

describe('the permission matrix over the REST API', () => {
  let h: ApiHarness;
  let token: string;
  beforeAll(async () => {
    h = await apiServer({ env: { FLOWS_DIR: flowsDir } });
    token = await h.token({ name: 'matrix', scopes: ['requests:write', 'cases:write', 'act-as'] });
  });
  afterAll(async () => h?.close());

  it.each(CASES.filter((k) => k.console))('$name', async (k) => {
    const asWho = { 'Docket-Act-As': EMAIL[k.who] };
    const res =
      k.act === 'raise payroll'
        ? await h.call(token, 'POST', '/api/v1/requests', { flow: 'payroll', form: { what: 'New bank details' } }, asWho)
        : await h.call(token, 'POST', '/api/v1/cases', { flow: 'hr-case', title: 'Desk', priority: 'normal' }, asWho);
    if (k.expect === 'accepted') {
      // allowed to whom, but not here: the flows list dm/console and case-channel/console only
      expect(res.status).toBe(403);
      expect(res.json).toMatchObject({ code: 'permission.wrong_place' });
    } else {
      expect(res.status).toBe(403);
      expect(res.json.detail).toBe(k.expect);
    }
  });
});
