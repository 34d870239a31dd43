// A request started from a case's card in its Teams channel, when the case type may only be
// worked there (`where: [case-channel]`): the form carries the case (data.case) and its
// submission from the channel thread gives the engine the channel as the place (whereOf).
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cardAction, INCIDENTS, postActivity, users } from './activities.ts';
import { FakeTeams } from './fake-teams.ts';
import { ROOT, teamsServer, type TeamsServer } from './server.ts';

let s: TeamsServer;
let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'docket-flows-'));
  await cp(path.join(ROOT, 'flows'), dir, { recursive: true });
  const file = path.join(dir, 'cases', 'it-incident.yaml');
  await writeFile(file, `${await readFile(file, 'utf8')}\nwhere: [case-channel]\n`);
  s = await teamsServer({ DOCKET_TEAMS: 'local', FLOWS_DIR: dir });
});
afterEach(async () => {
  await s.close();
  await rm(dir, { recursive: true, force: true });
});

describe('Teams: a request started from a case in its channel', () => {
  it('is raised from the channel, linked to the case', async () => {
    const store = s.running.engine.deps.store;
    const opened = await s.running.engine.execute({ actor: 'ann@example.com', where: { surface: 'teams', kind: 'channel', channel: INCIDENTS }, command: { type: 'case.open', flow: 'it-incident', title: 'Printer on fire', priority: 'p2', fields: { service: 'Printing', impact: 'Nobody can print' } } as never });
    expect(opened.ok).toBe(true);
    const id = opened.ok ? opened.subject.replace('case:', '') : '';
    const owner = (await store.getCase(id))!.owner!;
    const who = owner.startsWith('sara') ? users.sara : users.omar;
    const inChannel = { conversationId: `${INCIDENTS};messageid=1718000000000` };
    const res = await postActivity(s.url, cardAction(who, 'case.start_request', { subject: `case:${id}`, input: 'purchase' }, inChannel));
    expect(res.status).toBe(200);
    const form = (res.body as { value: Record<string, unknown> }).value;
    const submit = FakeTeams.elements(form).find((e) => (e as { verb?: string }).verb === 'form.submit') as { data: Record<string, unknown> } | undefined;
    expect(submit?.data).toMatchObject({ flow: 'purchase', case: id });
    const fields = { 'field:item': 'A spare printer', 'field:total': '400', 'field:total:currency': 'EUR', 'field:category': 'hardware', 'field:justification': 'The old one is on fire and the contracts must go out.' };
    const done = await postActivity(s.url, cardAction(who, 'form.submit', { ...submit!.data, ...fields }, inChannel));
    expect(done.status).toBe(200);
    const [request] = await store.requestsBy(owner, { limit: 1 });
    expect(request).toBeDefined();
    expect(JSON.stringify(await store.getCase(id))).toContain(`request:${request!.id}`);
  });
});
