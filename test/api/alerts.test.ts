// Inbound hooks: Prometheus Alertmanager's real webhook payload (version 4) opens one case per
// alert group, later notifications of the group update it, "resolved" resolves it; the generic
// JSON form; and the hostile cases (wrong secret, no secret set, payloads that do not fit).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiServer, type ApiHarness } from './support.ts';

const SECRET = 'alertmanager-secret-0123456789';
let h: ApiHarness;
let reader: string;
beforeAll(async () => {
  h = await apiServer({ secrets: { ALERTMANAGER_HOOK_SECRET: SECRET, GENERIC_HOOK_SECRET: 'generic-secret-0123456789' } });
  reader = await h.token({ name: 'reader', scopes: ['cases:read'] });
});
afterAll(async () => {
  await h?.close();
});

/** the body Alertmanager posts (webhook_config, version 4), for one group of alerts */
function alertmanager(status: 'firing' | 'resolved', instances: string[], endsAt = '0001-01-01T00:00:00Z') {
  return {
    receiver: 'docket',
    status,
    alerts: instances.map((instance, i) => ({
      status,
      labels: { alertname: 'HighErrorRate', instance, job: 'checkout', service: 'checkout', severity: 'critical' },
      annotations: { summary: 'Checkout error rate above 5%', description: `5xx ratio on ${instance} is 0.0${7 + i}` },
      startsAt: '2026-03-02T07:58:00Z',
      endsAt: status === 'resolved' ? '2026-03-02T08:20:00Z' : endsAt,
      generatorURL: 'http://prometheus:9090/graph?g0.expr=rate%28http_5xx%5B5m%5D%29',
      fingerprint: `c0ffee${i}`,
    })),
    groupLabels: { alertname: 'HighErrorRate' },
    commonLabels: { alertname: 'HighErrorRate', job: 'checkout', service: 'checkout', severity: 'critical' },
    commonAnnotations: { summary: 'Checkout error rate above 5%' },
    externalURL: 'http://alertmanager:9093',
    version: '4',
    groupKey: '{}/{severity="critical"}:{alertname="HighErrorRate"}',
    truncatedAlerts: 0,
  };
}

const post = (name: string, body: unknown, secret: string | undefined = SECRET) =>
  fetch(`${h.url}/api/v1/hooks/${name}`, { method: 'POST', headers: { 'Content-Type': 'application/json', ...(secret ? { Authorization: `Bearer ${secret}` } : {}) }, body: typeof body === 'string' ? body : JSON.stringify(body) }).then(async (r) => ({ status: r.status, type: r.headers.get('content-type'), json: (await r.json()) as any }));

describe('inbound hooks', () => {
  it('are off until their secret is set, and say which variable to set', async () => {
    const off = await apiServer();
    try {
      const res = await fetch(`${off.url}/api/v1/hooks/alertmanager`, { method: 'POST', headers: { Authorization: `Bearer ${SECRET}` }, body: JSON.stringify(alertmanager('firing', ['web-1'])) });
      expect(res.status).toBe(503);
      expect(await res.json()).toMatchObject({ code: 'api.hook_off', detail: 'This hook is off: set ALERTMANAGER_HOOK_SECRET to its secret and restart.' });
    } finally {
      await off.close();
    }
  });

  it('firing, firing again (the group grew), resolved: one case, updated, then resolved', async () => {
    const first = await post('alertmanager', alertmanager('firing', ['web-1']));
    expect(first.status).toBe(200);
    expect(first.json).toMatchObject({ action: 'opened', case: expect.stringMatching(/^C-\d+$/) });
    const id = first.json.case;
    const opened = (await fetch(`${h.url}/api/v1/cases/${id}`, { headers: { Authorization: `Bearer ${reader}` } }).then((r) => r.json())) as any;
    expect(opened).toMatchObject({ flow: 'it-incident', title: 'Checkout error rate above 5%', priority: 'p1', category: 'open', fields: { service: 'checkout', impact: 'HighErrorRate on web-1: 5xx ratio on web-1 is 0.07' } });

    h.clock.now = new Date(h.clock.now.getTime() + 5 * 60_000);
    const again = await post('alertmanager', alertmanager('firing', ['web-1', 'web-2']));
    expect(again.json).toEqual({ action: 'updated', case: id, url: `/api/v1/cases/${id}` });

    h.clock.now = new Date(h.clock.now.getTime() + 15 * 60_000);
    const resolved = await post('alertmanager', alertmanager('resolved', ['web-1', 'web-2']));
    expect(resolved.json).toMatchObject({ action: 'resolved', case: id });

    const cases = (await fetch(`${h.url}/api/v1/cases?flow=it-incident`, { headers: { Authorization: `Bearer ${reader}` } }).then((r) => r.json())) as any;
    expect(cases.items.filter((c: any) => c.title === 'Checkout error rate above 5%')).toHaveLength(1);
    const trail = (await fetch(`${h.url}/api/v1/cases/${id}/audit`, { headers: { Authorization: `Bearer ${reader}` } }).then((r) => r.json())) as any;
    const notes = trail.items.filter((e: any) => e.type === 'case.note_added').map((e: any) => e.data.text);
    expect(notes).toEqual(['firing: web-1 firing, web-2 firing', 'resolved: web-1 resolved, web-2 resolved']);
    expect(trail.items.map((e: any) => e.type)).toContain('case.resolved');
    expect(trail.items.every((e: any) => e.via === 'hook:alertmanager')).toBe(true);

    // the group fires again after it was resolved: a new incident, not the closed one
    h.clock.now = new Date(h.clock.now.getTime() + 60 * 60_000);
    const relapse = await post('alertmanager', alertmanager('firing', ['web-3']));
    expect(relapse.json.action).toBe('opened');
    expect(relapse.json.case).not.toBe(id);
    // a resolved notification for a group with nothing open changes nothing
    await post('alertmanager', alertmanager('resolved', ['web-3']));
    const late = await post('alertmanager', alertmanager('resolved', ['web-3']));
    expect(late.json).toEqual({ action: 'ignored', detail: 'Nothing is open for {}/{severity="critical"}:{alertname="HighErrorRate"}, so there is nothing to resolve.' });
  });

  it('refuses a wrong or missing secret, malformed JSON, a payload that does not fit, an unknown hook', async () => {
    const wrong = await post('alertmanager', alertmanager('firing', ['x']), 'not-the-secret');
    expect(wrong).toMatchObject({ status: 401, type: 'application/problem+json', json: { code: 'api.hook_unauthorized' } });
    expect((await post('alertmanager', alertmanager('firing', ['x']), '')).status).toBe(401);
    const notJson = await post('alertmanager', '{"version":');
    expect(notJson.json.code).toBe('api.bad_json');
    const unfit = await post('alertmanager', { version: '4', status: 'firing' });
    expect(unfit).toMatchObject({ status: 422, json: { code: 'api.hook_unmapped', detail: "The payload does not fit this hook's mapping: fields.service: No such key: commonLabels" } });
    const emptyArray = await post('alertmanager', []);
    expect(emptyArray.status).toBe(422);
    expect((await post('nope', {})).status).toBe(404);
  });

  it('the generic JSON form opens a case, notes a repeat, and notes (not resolves) the end', async () => {
    const secret = 'generic-secret-0123456789';
    const event = { key: 'backup-nightly', title: 'Nightly backup failed', service: 'backup', description: 'Exit code 2 on db-1' };
    const first = await post('generic', event, secret);
    expect(first.json.action).toBe('opened');
    expect((await post('generic', { ...event, note: 'Failed again at 03:00' }, secret)).json.action).toBe('updated');
    expect((await post('generic', { ...event, note: 'Backup passed', resolved: true }, secret)).json).toMatchObject({ action: 'updated', case: first.json.case });
    const badPriority = await post('generic', { ...event, key: 'other', priority: 'urgent!' }, secret);
    expect(badPriority.status).toBe(422);
    expect(badPriority.json.code).toBe('case.priority_unknown');
  });
});
