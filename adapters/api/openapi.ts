// The OpenAPI 3.1 document, built from the route table and its zod schemas (z.toJSONSchema,
// draft 2020-12, which OpenAPI 3.1 schemas are). Nothing here is written by hand per route, so
// the document says what the handlers do; test/api/openapi.test.ts calls every route in it.
import { z } from 'zod';
import { SCOPES } from '../../src/app/api-tokens.ts';
import { VERSION } from '../../src/version.ts';
import { apiProblemCodes, PROBLEM_TYPE } from './problem.ts';
import type { ApiRoute } from './route.ts';
import { HookResult, AuditTrail, CaseOut, CasePage, FlowList, FlowOut, ProblemOut, RequestOut, RequestPage } from './schemas.ts';

type Json = Record<string, unknown>;

/** names for the shared shapes; a route's own body is named after its operation */
const NAMED = new Map<z.ZodType, string>([
  [RequestOut, 'Request'],
  [RequestPage, 'RequestPage'],
  [CaseOut, 'Case'],
  [CasePage, 'CasePage'],
  [FlowOut, 'Flow'],
  [FlowList, 'FlowList'],
  [AuditTrail, 'AuditTrail'],
  [ProblemOut, 'Problem'],
  [HookResult, 'HookResult'],
]);

const STATUS_TEXT: Record<number, string> = {
  304: 'not modified: the ETag in If-None-Match still matches',
  400: 'the call does not match this document (problem+json, code api.invalid_request, api.bad_json, …)',
  401: 'no valid API token (problem+json, code api.unauthorized)',
  403: 'the token or the person it acts for may not do this (problem+json; api.scope_missing, step.not_approver, …)',
  404: 'no such item, or not one this token may see (problem+json)',
  409: 'the item has moved on: already decided, not pending, resolved (problem+json)',
  413: 'the body is too large (problem+json)',
  422: 'the engine refused what was sent: a form, a reason, a status (problem+json with errors per field)',
  429: 'rate-limited: wait Retry-After seconds (problem+json, code api.rate_limited)',
  503: 'Docket is busy and did nothing: wait Retry-After seconds and send it again (problem+json, code engine.busy)',
};

const strip = (schema: Json): Json => {
  const { $schema: _s, $id: _i, ...rest } = schema;
  return rest;
};

export function openApiDocument(routes: readonly ApiRoute[]): Json {
  const inputs = z.registry<{ id: string }>();
  const outputs = z.registry<{ id: string }>();
  const ref = (id: string) => ({ $ref: `#/components/schemas/${id}` });
  const named = (schema: z.ZodType, fallback: string, registry: typeof inputs): string => {
    const id = NAMED.get(schema) ?? fallback;
    if (!registry.has(schema)) registry.add(schema, { id });
    return id;
  };
  named(ProblemOut, 'Problem', outputs);

  const paths: Record<string, Json> = {};
  for (const r of routes) {
    const opName = r.operationId[0]!.toUpperCase() + r.operationId.slice(1);
    const parameters: Json[] = [];
    for (const [where, schema] of [['path', r.params], ['query', r.query]] as const) {
      for (const [name, field] of Object.entries(schema?.shape ?? {})) {
        const f = field as z.ZodType;
        const json = strip(z.toJSONSchema(f, { target: 'draft-2020-12', io: 'input' }) as Json);
        const { description, ...fieldSchema } = json;
        parameters.push({ name, in: where, required: where === 'path' || !f.safeParse(undefined).success, ...(description ? { description } : {}), schema: fieldSchema });
      }
    }
    if (r.write) {
      parameters.push({ name: 'Idempotency-Key', in: 'header', required: false, description: 'the same key twice (from the same token) applies the command once; the second answer carries Docket-Duplicate: true', schema: { type: 'string', pattern: '^[\\w.:-]{1,128}$' } });
      parameters.push({ name: 'Docket-Act-As', in: 'header', required: false, description: 'the email of the person this call acts for (scope act-as); without it, the token\'s own person', schema: { type: 'string' } });
    } else {
      parameters.push({ name: 'If-None-Match', in: 'header', required: false, description: 'an ETag from an earlier answer', schema: { type: 'string' } });
    }
    const problem = { content: { [PROBLEM_TYPE]: { schema: ref('Problem') } } };
    const statuses = [...new Set([400, 401, 403, 429, ...r.problems])].sort();
    const responses: Json = {
      [String(r.ok.status)]: {
        description: r.ok.description,
        ...(r.method === 'GET' ? { headers: { ETag: { schema: { type: 'string' } } } } : {}),
        content: { 'application/json': { schema: ref(named(r.ok.schema, `${opName}Response`, outputs)) } },
      },
      ...(r.method === 'GET' ? { '304': { description: STATUS_TEXT[304] } } : {}),
      ...Object.fromEntries(statuses.map((s) => [String(s), { description: STATUS_TEXT[s] ?? 'a problem', ...problem }])),
    };
    // a write may be answered from the idempotency record: 200 for a creation seen before
    if (r.ok.status === 201) responses['200'] = { description: 'the same Idempotency-Key was seen before: nothing changed', content: { 'application/json': { schema: ref(named(r.ok.schema, `${opName}Response`, outputs)) } } };
    const operation: Json = {
      operationId: r.operationId,
      summary: r.summary,
      tags: [r.tag],
      security: [{ token: [] }],
      'x-docket-scope': r.scope,
      parameters,
      ...(r.body ? { requestBody: { required: true, content: { 'application/json': { schema: ref(named(r.body, `${opName}Body`, inputs)) } } } } : {}),
      responses,
    };
    paths[r.path] = { ...(paths[r.path] ?? {}), [r.method.toLowerCase()]: operation };
  }

  // inbound hooks are outside the route table: their own secret, any JSON the flow's CEL can read
  named(HookResult, 'HookResult', outputs);
  const problemOf = (description: string) => ({ description, content: { [PROBLEM_TYPE]: { schema: ref('Problem') } } });
  paths['/api/v1/hooks/{name}'] = {
    post: {
      operationId: 'receiveHook',
      summary: 'An external system (Prometheus Alertmanager, any JSON) opens or updates a case, mapped by the case flow\'s inbound hook',
      tags: ['hooks'],
      security: [{ hookSecret: [] }],
      parameters: [{ name: 'name', in: 'path', required: true, description: 'the hook\'s name in its case flow', schema: { type: 'string' } }],
      requestBody: { required: true, content: { 'application/json': { schema: { description: 'any JSON the hook\'s CEL mapping reads as payload' } } } },
      responses: {
        '200': { description: 'what happened to which case', content: { 'application/json': { schema: ref('HookResult') } } },
        '400': problemOf('the body is not JSON'),
        '401': problemOf('not the hook\'s secret (code api.hook_unauthorized)'),
        '404': problemOf('no hook of that name'),
        '413': problemOf('the body is too large'),
        '422': problemOf('the payload does not fit the mapping (code api.hook_unmapped), or the engine refused the case'),
        '503': problemOf('the hook is off: its secret is not set (code api.hook_off); or Docket is busy and did nothing: wait Retry-After seconds (code engine.busy)'),
      },
    },
  };

  const schemas = {
    ...(z.toJSONSchema(inputs, { target: 'draft-2020-12', io: 'input', uri: (id) => `#/components/schemas/${id}` }).schemas as Record<string, Json>),
    ...(z.toJSONSchema(outputs, { target: 'draft-2020-12', io: 'output', uri: (id) => `#/components/schemas/${id}` }).schemas as Record<string, Json>),
  };
  return {
    openapi: '3.1.0',
    info: {
      title: 'Docket API',
      version: VERSION,
      description:
        'Requests, approvals and cases for integrations. Every write is the same engine command a person sends from chat, so it is refused for the same reasons, in the same words (RFC 9457 problem+json, with a stable `code`). ' +
        `Scopes: ${Object.entries(SCOPES).map(([s, what]) => `\`${s}\` (${what})`).join('; ')}. ` +
        `API problem codes: ${apiProblemCodes.join(', ')}.`,
    },
    servers: [{ url: '/' }],
    tags: [
      { name: 'requests', description: 'structured requests that move through approval steps' },
      { name: 'cases', description: 'open-ended cases run by an owner in a thread' },
      { name: 'flows', description: 'the request and case types, with their forms' },
      { name: 'webhooks', description: 'outbound webhooks, signed per Standard Webhooks: subscriptions and deliveries' },
      { name: 'hooks', description: 'inbound hooks: events from other systems that open or update cases' },
    ],
    paths,
    components: {
      schemas: Object.fromEntries(Object.entries(schemas).map(([k, v]) => [k, strip(v)])),
      securitySchemes: {
        token: { type: 'http', scheme: 'bearer', description: 'an API token from `docket token create`' },
        hookSecret: { type: 'http', scheme: 'bearer', description: 'the hook\'s own secret, from the environment variable its case flow names' },
      },
    },
  };
}
