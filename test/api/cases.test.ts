// The REST API on cases: open, comment, commands, tasks, list with filters, audit trail.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiServer, type ApiHarness } from './support.ts';

let h: ApiHarness;
let ops: string;
beforeAll(async () => {
  h = await apiServer();
  ops = await h.token({ name: 'monitoring', scopes: ['cases:read', 'cases:write', 'act-as'], person: 'ian@example.com' });
});
afterAll(async () => {
  await h?.close();
});

describe('cases over the API', () => {
  it('opens a case, comments, adds a task, resolves it; each step audited via the client', async () => {
    const opened = await h.call(ops, 'POST', '/api/v1/cases', { flow: 'it-incident', title: 'VPN down in Berlin', priority: 'p2', fields: { service: 'VPN', impact: 'Nobody in Berlin can connect' } });
    expect(opened.status).toBe(201);
    const id = opened.json.id;
    expect(opened.json).toMatchObject({ flow: 'it-incident', title: 'VPN down in Berlin', openedBy: 'ian@example.com', category: 'open' });
    const noted = await h.call(ops, 'POST', `/api/v1/cases/${id}/comments`, { text: 'Tunnel flapping since 07:55' });
    expect(noted.status).toBe(200);
    const task = await h.call(ops, 'POST', `/api/v1/cases/${id}/tasks`, { type: 'add', title: 'Call the ISP' });
    expect(task.json.tasks.map((t: any) => t.title)).toContain('Call the ISP');
    const resolved = await h.call(ops, 'POST', `/api/v1/cases/${id}/commands`, { type: 'resolve', resolution: 'ISP fixed the route' });
    expect(resolved.status).toBe(200);
    expect(resolved.json).toMatchObject({ category: 'closed', resolution: 'ISP fixed the route' });
    const again = await h.call(ops, 'POST', `/api/v1/cases/${id}/commands`, { type: 'set_priority', priority: 'p1' });
    expect(again.json).toMatchObject({ status: 409, code: 'case.closed', detail: `Case ${id} is resolved; reopen it first.` });
    const trail = await h.call(ops, 'GET', `/api/v1/cases/${id}/audit`);
    const types = trail.json.items.map((e: any) => e.type);
    expect(types).toEqual(expect.arrayContaining(['case.opened', 'case.note_added', 'case.task_added', 'case.resolved']));
    expect(trail.json.items.every((e: any) => e.via === 'api:monitoring' || e.actor !== 'ian@example.com')).toBe(true);
  });

  it('lists by category and flow; an unknown command type is a 400', async () => {
    const open = await h.call(ops, 'GET', '/api/v1/cases?category=open&flow=it-incident');
    expect(open.status).toBe(200);
    expect(open.json.items.every((c: any) => c.category === 'open' && c.flow === 'it-incident')).toBe(true);
    const closed = await h.call(ops, 'GET', '/api/v1/cases?category=closed');
    expect(closed.json.items.length).toBeGreaterThan(0);
    const bad = await h.call(ops, 'POST', `/api/v1/cases/${closed.json.items[0].id}/commands`, { type: 'explode' });
    expect(bad.status).toBe(400);
    expect(bad.json.code).toBe('api.invalid_request');
  });

  it('an unknown case is the engine\'s 404; an unknown path under /api/v1 is a problem too', async () => {
    const missing = await h.call(ops, 'GET', '/api/v1/cases/C-999');
    expect(missing.json).toMatchObject({ status: 404, code: 'api.not_found', detail: 'Case C-999 does not exist.' });
    const nowhere = await h.call(ops, 'GET', '/api/v1/nowhere');
    expect(nowhere.status).toBe(404);
    expect(nowhere.headers.get('content-type')).toBe('application/problem+json');
  });
});
