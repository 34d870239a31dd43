// The OpenAPI document cannot drift from the handlers: it validates with a maintained OpenAPI
// 3.1 validator, and every operation in it is called here and answers with a documented status
// and a body that matches the documented schema (ajv, JSON Schema 2020-12). A route added to the
// table without an example call below fails the test.
import { compileErrors, validate } from '@readme/openapi-parser';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiServer, type ApiHarness, purchase } from './support.ts';

let h: ApiHarness;
let doc: any;
let all: string;
let ajv: Ajv2020;
beforeAll(async () => {
  h = await apiServer();
  all = await h.token({ name: 'everything', scopes: ['requests:read', 'requests:write', 'cases:read', 'cases:write', 'flows:read', 'webhooks:admin', 'act-as'], person: 'ann@example.com' });
  const res = await fetch(h.url + '/api/v1/openapi.json');
  expect(res.status).toBe(200);
  doc = await res.json();
  ajv = new Ajv2020({ strict: false, validateFormats: false, allErrors: true });
  ajv.addSchema({ $id: 'openapi', components: doc.components });
});
afterAll(async () => {
  await h?.close();
});

function check(op: string, status: number, contentType: string | null, body: unknown) {
  const [path, method] = where(op);
  const documented = doc.paths[path][method].responses[String(status)];
  expect(documented, `${op} answered ${status}, which it does not document`).toBeDefined();
  if (status === 304) return;
  const [type, media] = Object.entries(documented.content ?? {})[0] as [string, any];
  expect(contentType?.split(';')[0]).toBe(type);
  const validator = ajv.getSchema(`openapi${media.schema.$ref}`)!;
  expect(validator(body), `${op} ${status}: ${ajv.errorsText(validator.errors)}`).toBe(true);
}

function where(op: string): [string, string] {
  for (const [path, item] of Object.entries<any>(doc.paths)) for (const [method, o] of Object.entries<any>(item)) if (o.operationId === op) return [path, method];
  throw new Error(`no operation ${op}`);
}

type Example = { op: string; method: string; path: () => string; body?: () => unknown; headers?: Record<string, string>; status: number };
const ids: Record<string, string> = {};
/** one call per operation, in an order where each finds what it needs */
const examples: Example[] = [
  { op: 'createWebhook', method: 'POST', path: () => '/api/v1/webhooks', body: () => ({ name: 'contract', url: 'https://erp.example.com/hooks', events: ['case.*'] }), status: 201 },
  { op: 'listWebhooks', method: 'GET', path: () => '/api/v1/webhooks', status: 200 },
  { op: 'listFlows', method: 'GET', path: () => '/api/v1/flows?kind=request', status: 200 },
  { op: 'getFlow', method: 'GET', path: () => '/api/v1/flows/it-incident', status: 200 },
  { op: 'createRequest', method: 'POST', path: () => '/api/v1/requests', body: () => purchase(), status: 201 },
  { op: 'listRequests', method: 'GET', path: () => '/api/v1/requests?status=pending&limit=1', status: 200 },
  { op: 'getRequest', method: 'GET', path: () => `/api/v1/requests/${ids.request}`, status: 200 },
  { op: 'sendBackRequest', method: 'POST', path: () => `/api/v1/requests/${ids.request}/send-back`, body: () => ({ reason: 'Which desk?' }), headers: { 'Docket-Act-As': 'bob@example.com' }, status: 200 },
  { op: 'resubmitRequest', method: 'POST', path: () => `/api/v1/requests/${ids.request}/resubmit`, body: () => ({ form: purchase().form }), status: 200 },
  { op: 'commentOnRequest', method: 'POST', path: () => `/api/v1/requests/${ids.request}/comments`, body: () => ({ text: 'The standing desk, please' }), status: 200 },
  // Bob hands his place to Carol, and takes it back; an approver the purchase flow does not allow is refused
  { op: 'reassignRequest', method: 'POST', path: () => `/api/v1/requests/${ids.request}/reassign`, body: () => ({ to: 'carol@example.com' }), headers: { 'Docket-Act-As': 'bob@example.com' }, status: 200 },
  { op: 'addApprover', method: 'POST', path: () => `/api/v1/requests/${ids.request}/approvers`, body: () => ({ approver: 'bob@example.com' }), headers: { 'Docket-Act-As': 'carol@example.com' }, status: 200 },
  { op: 'decideRequest', method: 'POST', path: () => `/api/v1/requests/${ids.request}/decision`, body: () => ({ outcome: 'approved' }), headers: { 'Docket-Act-As': 'bob@example.com' }, status: 200 },
  { op: 'completeSystemStep', method: 'POST', path: () => `/api/v1/requests/${ids.request}/steps/manager/complete`, body: () => ({ outcome: 'ok' }), status: 409 },
  { op: 'recallRequest', method: 'POST', path: () => `/api/v1/requests/${ids.request}/recall`, body: () => ({}), status: 409 },
  { op: 'requestAudit', method: 'GET', path: () => `/api/v1/requests/${ids.request}/audit`, status: 200 },
  { op: 'openCase', method: 'POST', path: () => '/api/v1/cases', body: () => ({ flow: 'it-incident', title: 'Printer on fire', fields: { service: 'Printing', impact: 'Smoke on floor 2' } }), status: 201 },
  { op: 'listCases', method: 'GET', path: () => '/api/v1/cases?category=open', status: 200 },
  { op: 'getCase', method: 'GET', path: () => `/api/v1/cases/${ids.case}`, status: 200 },
  { op: 'commentOnCase', method: 'POST', path: () => `/api/v1/cases/${ids.case}/comments`, body: () => ({ text: 'Extinguisher used' }), status: 200 },
  { op: 'startRequestFromCase', method: 'POST', path: () => `/api/v1/cases/${ids.case}/requests`, body: () => purchase(), headers: { 'Docket-Act-As': 'ian@example.com' }, status: 201 },
  { op: 'runTaskCommand', method: 'POST', path: () => `/api/v1/cases/${ids.case}/tasks`, body: () => ({ type: 'add', title: 'Order a new printer' }), headers: { 'Docket-Act-As': 'ian@example.com' }, status: 200 },
  { op: 'runCaseCommand', method: 'POST', path: () => `/api/v1/cases/${ids.case}/commands`, body: () => ({ type: 'resolve', resolution: 'Replaced' }), headers: { 'Docket-Act-As': 'ian@example.com' }, status: 200 },
  { op: 'caseAudit', method: 'GET', path: () => `/api/v1/cases/${ids.case}/audit`, status: 200 },
  { op: 'listWebhookDeliveries', method: 'GET', path: () => '/api/v1/webhooks/deliveries?status=pending', status: 200 },
  { op: 'redeliverWebhook', method: 'POST', path: () => '/api/v1/webhooks/deliveries/1/redeliver', status: 409 },
  // no hook secret is set in this server: the documented 503 (alerts.test.ts covers the rest)
  { op: 'receiveHook', method: 'POST', path: () => '/api/v1/hooks/alertmanager', body: () => ({ version: '4' }), status: 503 },
  { op: 'deleteWebhook', method: 'DELETE', path: () => `/api/v1/webhooks/${ids.webhook}`, status: 200 },
];

describe('the OpenAPI document', () => {
  it('is valid OpenAPI 3.1 by @readme/openapi-parser', async () => {
    expect(doc.openapi).toBe('3.1.0');
    const result = await validate(structuredClone(doc));
    expect(result.valid, result.valid ? '' : compileErrors(result)).toBe(true);
  });

  it('has an example call here for every operation it documents, and no more', () => {
    const documented = Object.values<any>(doc.paths).flatMap((item) => Object.values<any>(item).map((o) => o.operationId as string));
    expect(examples.map((e) => e.op).sort()).toEqual(documented.sort());
  });

  it('every operation answers as documented: status, media type and schema', async () => {
    for (const e of examples) {
      const [path, method] = where(e.op);
      expect(method.toUpperCase(), e.op).toBe(e.method);
      expect(e.path().split('?')[0], e.op).toMatch(new RegExp(`^${path.replace(/\{\w+\}/g, '[^/]+')}$`));
      const res = await h.call(all, e.method, e.path(), e.body?.(), e.headers);
      expect(res.status, `${e.op}: ${JSON.stringify(res.json)}`).toBe(e.status);
      check(e.op, res.status, res.headers.get('content-type'), res.json);
      if (e.op === 'createRequest') ids.request = res.json.id;
      if (e.op === 'openCase') ids.case = res.json.id;
      if (e.op === 'createWebhook') ids.webhook = res.json.id;
    }
  });

  it('every operation answers 401 without a token, as a documented problem', async () => {
    // an inbound hook authenticates with its own secret, not an API token
    for (const e of examples.filter((x) => x.op !== 'receiveHook')) {
      const res = await fetch(h.url + e.path(), { method: e.method, ...(e.body ? { body: JSON.stringify(e.body()), headers: { 'Content-Type': 'application/json' } } : {}) });
      check(e.op, res.status, res.headers.get('content-type'), await res.json());
      expect(res.status).toBe(401);
    }
  });

  it('a GET answers 304 to its own ETag, as documented', async () => {
    const first = await h.call(all, 'GET', `/api/v1/cases/${ids.case}`);
    const res = await fetch(`${h.url}/api/v1/cases/${ids.case}`, { headers: { Authorization: `Bearer ${all}`, 'If-None-Match': first.headers.get('etag')! } });
    expect(res.status).toBe(304);
    check('getCase', 304, null, undefined);
  });

  it('is readable at /api/v1/docs, served from here with no script and no CDN', async () => {
    const res = await fetch(h.url + '/api/v1/docs');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toBe("default-src 'none'; style-src 'unsafe-inline'");
    const html = await res.text();
    for (const e of examples) expect(html).toContain(`id="op-${e.op}"`);
    expect(html).not.toMatch(/<script|https?:\/\/(?!json-schema)/);
    expect(html).not.toContain('undefined');
  });
});
