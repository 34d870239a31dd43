// /api/v1/cases: list, read, open, comment, case commands, tasks, and the audit trail.
import type { Command } from '../../../src/app/commands.ts';
import { decodeCursor, encodeCursor } from '../cursor.ts';
import { presentAudit, presentCase, presentRequest } from '../present.ts';
import { ApiProblem } from '../problem.ts';
import { type ApiRoute, type Call, type Reply, route } from '../route.ts';
import { runCommand } from '../run.ts';
import { AuditTrail, CaseCommand, CaseId, CaseListQuery, CaseOut, CasePage, Comment, NewCase, RequestOut, StartRequest, TaskCommand } from '../schemas.ts';

async function load(call: Call<{ id: string }, unknown, unknown>) {
  const id = call.params.id.toUpperCase();
  const c = await call.deps.queries.case(id);
  if (!c || !call.client.mayTouch(c.flowId)) throw new ApiProblem('api.not_found', { item: `Case ${id}` });
  return c;
}

async function act(call: Call<{ id: string }, unknown, unknown>, command: Command): Promise<Reply> {
  await load(call);
  const done = await runCommand(call.deps, call.client, command);
  const after = await call.deps.queries.case(call.params.id.toUpperCase());
  return { status: 200, body: presentCase(after!), ...(done.duplicate ? { headers: { 'Docket-Duplicate': 'true' } } : {}) };
}

export const caseRoutes: ApiRoute[] = [
  route({
    method: 'GET',
    path: '/api/v1/cases',
    operationId: 'listCases',
    summary: 'List cases, newest first',
    tag: 'cases',
    scope: 'cases:read',
    query: CaseListQuery,
    write: false,
    ok: { status: 200, schema: CasePage, description: 'a page of cases' },
    problems: [],
    async handle({ query, client, deps }) {
      const flows = client.flowsFor(query.flow);
      const { limit, cursor, flow: _flow, ...filter } = query;
      const page = await deps.queries.cases({ ...(flows ? { flows } : {}), ...Object.fromEntries(Object.entries(filter).filter(([, v]) => v !== undefined)) }, { limit, ...(cursor ? { after: decodeCursor(cursor)! } : {}) });
      return { status: 200, body: { items: page.items.map(presentCase), ...(page.next ? { next: encodeCursor(page.next) } : {}) } };
    },
  }),
  route({
    method: 'POST',
    path: '/api/v1/cases',
    operationId: 'openCase',
    summary: 'Open a case, as the person the call acts for',
    tag: 'cases',
    scope: 'cases:write',
    body: NewCase,
    write: true,
    ok: { status: 201, schema: CaseOut, description: 'the case, opened' },
    problems: [404, 422, 503],
    async handle({ body, client, deps }) {
      client.requireFlow(body.flow);
      const done = await runCommand(deps, client, { type: 'case.open', flow: body.flow, title: body.title, ...(body.description ? { description: body.description } : {}), ...(body.priority ? { priority: body.priority } : {}), fields: body.fields ?? {} });
      const id = done.subject.replace(/^case:/, '');
      const c = await deps.queries.case(id);
      return { status: done.duplicate ? 200 : 201, body: presentCase(c!), headers: { Location: `/api/v1/cases/${id}`, ...(done.duplicate ? { 'Docket-Duplicate': 'true' } : {}) } };
    },
  }),
  route({
    method: 'GET',
    path: '/api/v1/cases/{id}',
    operationId: 'getCase',
    summary: 'Read one case',
    tag: 'cases',
    scope: 'cases:read',
    params: CaseId,
    write: false,
    ok: { status: 200, schema: CaseOut, description: 'the case' },
    problems: [404],
    async handle(call) {
      return { status: 200, body: presentCase(await load(call)) };
    },
  }),
  route({
    method: 'POST',
    path: '/api/v1/cases/{id}/comments',
    operationId: 'commentOnCase',
    summary: 'Add a note to the case\'s timeline (its thread in chat)',
    tag: 'cases',
    scope: 'cases:write',
    params: CaseId,
    body: Comment,
    write: true,
    ok: { status: 200, schema: CaseOut, description: 'the case after the note' },
    problems: [404, 409, 422, 503],
    handle(call) {
      return act(call, { type: 'case.update', case: call.params.id, change: { type: 'add_note', text: call.body.text, source: 'command' } });
    },
  }),
  route({
    method: 'POST',
    path: '/api/v1/cases/{id}/requests',
    operationId: 'startRequestFromCase',
    summary: 'Raise a request from a case (an incident needs a spend approval), linked to it both ways',
    tag: 'cases',
    scope: 'cases:write',
    params: CaseId,
    body: StartRequest,
    write: true,
    ok: { status: 201, schema: RequestOut, description: 'the request, submitted and linked to the case' },
    problems: [404, 409, 422, 503],
    async handle(call) {
      const c = await load(call);
      call.client.requireFlow(call.body.flow);
      const done = await runCommand(call.deps, call.client, { type: 'case.start_request', case: c.id, flow: call.body.flow, form: call.body.form });
      const id = done.subject.replace(/^request:/, '');
      const r = await call.deps.queries.request(id);
      return { status: done.duplicate ? 200 : 201, body: presentRequest(r!), headers: { Location: `/api/v1/requests/${id}`, ...(done.duplicate ? { 'Docket-Duplicate': 'true' } : {}) } };
    },
  }),
  route({
    method: 'POST',
    path: '/api/v1/cases/{id}/commands',
    operationId: 'runCaseCommand',
    summary: 'Run a case command: take, assign, add or remove a member or watcher, mute, set status or priority, resolve, reopen, link',
    tag: 'cases',
    scope: 'cases:write',
    params: CaseId,
    body: CaseCommand,
    write: true,
    ok: { status: 200, schema: CaseOut, description: 'the case after the command' },
    problems: [404, 409, 422, 503],
    handle(call) {
      const b = call.body;
      if (b.type === 'link') return act(call, { type: 'case.link', case: call.params.id, kind: b.kind, target: b.target });
      return act(call, { type: 'case.update', case: call.params.id, change: b });
    },
  }),
  route({
    method: 'POST',
    path: '/api/v1/cases/{id}/tasks',
    operationId: 'runTaskCommand',
    summary: 'Add, assign, date, complete or reopen a task of the case',
    tag: 'cases',
    scope: 'cases:write',
    params: CaseId,
    body: TaskCommand,
    write: true,
    ok: { status: 200, schema: CaseOut, description: 'the case after the change' },
    problems: [404, 409, 422, 503],
    handle(call) {
      return act(call, { type: 'case.task', case: call.params.id, change: call.body });
    },
  }),
  route({
    method: 'GET',
    path: '/api/v1/cases/{id}/audit',
    operationId: 'caseAudit',
    summary: 'The audit trail of one case, oldest first',
    tag: 'cases',
    scope: 'cases:read',
    params: CaseId,
    write: false,
    ok: { status: 200, schema: AuditTrail, description: 'the case\'s audit events' },
    problems: [404],
    async handle(call) {
      const c = await load(call);
      const rows = await call.deps.queries.timeline(`case:${c.id}`);
      return { status: 200, body: { subject: `case:${c.id}`, items: rows.map(presentAudit) } };
    },
  }),
];
