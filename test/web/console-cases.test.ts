// Running a case from the console: open it from the flow's intake form, take it, change status
// and priority, tasks, notes, people, links, resolve and reopen — each one engine command, with
// the engine's refusals, and the timeline telling the story.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, startConsole, text, type RunningConsole } from './support.ts';

let c: RunningConsole;
beforeAll(async () => {
  c = await startConsole();
});
afterAll(async () => c?.close());

async function openIncident(who: Client, title = 'VPN down'): Promise<string> {
  await who.get('/new/case/incident');
  const res = await who.post('/new/case/incident', { title, priority: 'p3', description: 'Since 9:00', 'f.service': 'VPN' });
  expect(res.status).toBe(303);
  return res.location!.split('?')[0]!.split('/').pop()!;
}

describe('local console: cases', () => {
  it('opens a case from the intake form, with the engine’s messages when it is incomplete', async () => {
    const ann = new Client(c.url);
    await ann.actAs('ann@example.com');
    const form = await ann.get('/new/case/incident');
    expect(form.body).toContain('<option value="p3" selected>Normal</option>');
    expect(form.body).toContain('name="f.service"');
    const bad = await ann.post('/new/case/incident', { title: '   ', priority: 'p3' });
    expect(bad.status).toBe(422);
    expect(bad.body).toContain('data-field="title">Required.</p>');
    const id = await openIncident(ann, 'Printer <on fire>');
    const page = await ann.get(ann.last!.location!);
    expect(page.body).toContain('Printer &lt;on fire&gt;');
    expect(text(page.body)).toContain('Case opened.');
    expect(text(page.body)).toContain('opened the case (priority p3)');
    // it is in Ann's cases and in the owner's
    expect((await ann.get('/')).body).toContain(`data-subject="case:${id}"`);
  });

  it('runs the case: take, status, priority, tasks, note, members, link, resolve, reopen', async () => {
    const ann = new Client(c.url);
    await ann.actAs('ann@example.com');
    const id = await openIncident(ann);
    const ida = new Client(c.url);
    await ida.actAs('ida@example.com');
    const page = await ida.get(`/cases/${id}`);
    const owner = (await c.store.getCase(id))!.owner;
    // the owner's own card has no Take: the card offers only what the engine would do for its reader
    expect(page.body.includes('data-action="case.take"')).toBe(owner !== 'ida@example.com');
    for (const action of ['case.set_status', 'case.set_priority', 'case.add_task', 'case.resolve', 'case.note', 'case.assign', 'case.add_member', 'case.watch', 'case.link']) {
      expect(page.body, action).toContain(`data-action="${action}"`);
    }
    const act = async (fields: Record<string, string>) => {
      await ida.get(`/cases/${id}`);
      return ida.post(`/cases/${id}/act`, fields);
    };
    const state = () => c.store.getCase(id);
    if ((await state())!.owner !== 'ida@example.com') expect((await act({ action: 'case.take' })).status).toBe(303);
    expect((await state())!.owner).toBe('ida@example.com');
    expect((await act({ action: 'case.set_status', choice: 'investigating' })).status).toBe(303);
    expect((await act({ action: 'case.set_priority', choice: 'p1' })).status).toBe(303);
    expect((await act({ action: 'case.add_task', text: 'Call the vendor', person: 'ivan@example.com', due: '2026-12-02' })).status).toBe(303);
    let c1 = (await state())!;
    expect([c1.status, c1.priority]).toEqual(['investigating', 'p1']);
    const task = c1.tasks.find((t) => t.title === 'Call the vendor')!;
    expect([task.assignee, task.due]).toEqual(['ivan@example.com', '2026-12-02T22:59:59.000Z'] /* the end of 2 December in Ida's Berlin */);
    expect((await act({ action: 'case.complete_task', task: task.id })).status).toBe(303);
    expect((await act({ action: 'case.reopen_task', task: task.id })).status).toBe(303);
    expect((await act({ action: 'case.assign_task', task: task.id, person: 'ida@example.com' })).status).toBe(303);
    expect((await act({ action: 'case.task_due', task: task.id, due: '2026-12-03' })).status).toBe(303);
    expect((await act({ action: 'case.note', text: 'Vendor says <soon>' })).status).toBe(303);
    expect((await act({ action: 'case.add_member', person: 'sam@example.com' })).status).toBe(303);
    // the owner is involved already; someone else asks to watch
    const sam = new Client(c.url);
    await sam.actAs('sam@example.com');
    await sam.get(`/cases/${id}`);
    expect((await sam.post(`/cases/${id}/act`, { action: 'case.watch' })).status).toBe(303);
    // linking: the back-link changes the request too, so the engine wants Ida involved in it
    await ann.get('/new/request/ops');
    const annsRequest = (await ann.post('/new/request/ops', { 'f.what': 'Restart VPN' })).location!.split('?')[0]!.split('/').pop()!;
    const notHers = await act({ action: 'case.link', kind: 'related', text: annsRequest });
    expect(notHers.status).toBe(409);
    expect(notHers.body).toContain('data-code="request.not_involved"');
    await ida.get('/new/request/ops');
    const request = (await ida.post('/new/request/ops', { 'f.what': 'Restart VPN' })).location!.split('?')[0]!.split('/').pop()!;
    expect((await act({ action: 'case.link', kind: 'related', text: request })).status).toBe(303);
    const missing = await act({ action: 'case.link', kind: 'related', text: 'R-404' });
    expect(missing.status).toBe(409);
    expect(text(missing.body)).toContain('R-404 does not exist.');
    c1 = (await state())!;
    expect(c1.tasks.find((t) => t.id === task.id)).toMatchObject({ assignee: 'ida@example.com', due: '2026-12-03T22:59:59.000Z' });
    expect(c1.members).toContain('sam@example.com');
    expect(c1.watchers).toEqual(['sam@example.com']);
    expect(c1.links).toEqual([{ kind: 'related', subject: `request:${request}` }]);
    // resolving needs a resolution; then reopen
    expect((await act({ action: 'case.resolve', text: '' })).status).toBe(409);
    expect((await act({ action: 'case.resolve', text: 'Vendor fixed it' })).status).toBe(303);
    expect((await state())!.category).toBe('closed');
    const closed = await ida.get(`/cases/${id}`);
    expect(closed.body).toContain('data-action="case.reopen"');
    expect(closed.body).not.toContain('data-action="case.resolve"');
    expect((await act({ action: 'case.reopen', text: 'Back again' })).status).toBe(303);
    expect((await state())!.reopenCount).toBe(1);
    const story = text((await ida.get(`/cases/${id}`)).body);
    for (const line of ['status new → investigating', 'priority p3 → p1', 'added task', 'completed task', 'wrote: Vendor says <soon>', 'added Sam Security as a member', `linked: related request:${request}`, 'resolved it (resolved): Vendor fixed it', 'reopened it: Back again']) {
      expect(story).toContain(line);
    }
    // the linked request shows the link back
    expect((await ida.get(`/requests/${request}`)).body).toContain(`href="/cases/${id}"`);
  });

  it('refuses case changes by people who may not make them, in the engine’s words', async () => {
    const ann = new Client(c.url);
    await ann.actAs('ann@example.com');
    const id = await openIncident(ann, 'Wi-Fi flaky');
    const sam = new Client(c.url);
    await sam.actAs('sam@example.com');
    await sam.get(`/cases/${id}`);
    const refused = await sam.post(`/cases/${id}/act`, { action: 'case.set_status', choice: 'investigating' });
    expect(refused.status).toBe(409);
    expect(text(refused.body)).toContain(`Only the owner, members or an admin can do that on case ${id}.`);
    // anyone may write a note
    expect((await sam.post(`/cases/${id}/act`, { action: 'case.note', text: 'Same here' })).status).toBe(303);
    expect((await sam.post(`/cases/${id}/act`, { action: 'case.link', kind: 'sideways', text: 'C-1' })).status).toBe(400);
  });

  it('starts a request from a case, linked both ways', async () => {
    const ann = new Client(c.url);
    await ann.actAs('ann@example.com');
    const id = await openIncident(ann, 'Laptop broken');
    const owner = (await c.store.getCase(id))!.owner!;
    const worker = new Client(c.url);
    await worker.actAs(owner);
    const form = await worker.get(`/new/request/ops?case=${id}`);
    expect(form.body).toContain(`<input type="hidden" name="case" value="${id}">`);
    const started = await worker.post('/new/request/ops', { case: id, 'f.what': 'Replace the laptop' });
    expect(started.status).toBe(303);
    const request = started.location!.split('?')[0]!.split('/').pop()!;
    expect((await c.store.getCase(id))!.links).toContainEqual({ kind: 'started', subject: `request:${request}` });
    expect((await c.store.getRequest(request))!.links).toContainEqual({ kind: 'started_by', subject: `case:${id}` });
  });

  it('shows the case card as it is posted in the channel', async () => {
    const ann = new Client(c.url);
    await ann.actAs('ann@example.com');
    const id = await openIncident(ann, 'Mail slow');
    const preview = await ann.get(`/cases/${id}/chat`);
    expect(text(preview.body)).toContain('A case lives as one card in #it-incidents');
    expect(text(preview.body)).toContain('Ann Smith opened it');
  });
});
