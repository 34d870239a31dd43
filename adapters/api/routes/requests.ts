// /api/v1/requests: list, read, raise, decide, send back, resubmit, recall, comment, hand over a
// place, add an approver, and the audit trail.
import type { Command } from '../../../src/app/commands.ts';
import { decodeCursor, encodeCursor } from '../cursor.ts';
import { presentAudit, presentRequest } from '../present.ts';
import { ApiProblem } from '../problem.ts';
import { type ApiRoute, type Call, type Reply, route } from '../route.ts';
import { runCommand } from '../run.ts';
import { AddApprover, AuditTrail, Decision, NewRequest, Reassign, Recall, RequestId, RequestListQuery, RequestOut, RequestComment, RequestPage, Resubmit, SendBack, StepRef, StepReport } from '../schemas.ts';

/** the request as this token may see it: a request of a flow outside the token's is "not found" */
async function load(call: Call<{ id: string }, unknown, unknown>) {
  const id = call.params.id.toUpperCase();
  const r = await call.deps.queries.request(id);
  if (!r || !call.client.mayTouch(r.flowId)) throw new ApiProblem('api.not_found', { item: `Request ${id}` });
  return r;
}

/** runs a command on an existing request and answers with the request after it */
async function act(call: Call<{ id: string }, unknown, unknown>, command: Command): Promise<Reply> {
  await load(call);
  const done = await runCommand(call.deps, call.client, command);
  const after = await call.deps.queries.request(call.params.id.toUpperCase());
  return { status: 200, body: presentRequest(after!), ...(done.duplicate ? { headers: { 'Docket-Duplicate': 'true' } } : {}) };
}

export const requestRoutes: ApiRoute[] = [
  route({
    method: 'GET',
    path: '/api/v1/requests',
    operationId: 'listRequests',
    summary: 'List requests, newest first',
    tag: 'requests',
    scope: 'requests:read',
    query: RequestListQuery,
    write: false,
    ok: { status: 200, schema: RequestPage, description: 'a page of requests' },
    problems: [],
    async handle({ query, client, deps }) {
      const page = await deps.queries.requests(
        { ...(client.flowsFor(query.flow) ? { flows: client.flowsFor(query.flow)! } : {}), ...(query.status ? { status: query.status } : {}), ...(query.requester ? { requester: query.requester } : {}) },
        { limit: query.limit, ...(query.cursor ? { after: decodeCursor(query.cursor)! } : {}) },
      );
      return { status: 200, body: { items: page.items.map(presentRequest), ...(page.next ? { next: encodeCursor(page.next) } : {}) } };
    },
  }),
  route({
    method: 'POST',
    path: '/api/v1/requests',
    operationId: 'createRequest',
    summary: 'Raise a request, as the person the call acts for',
    tag: 'requests',
    scope: 'requests:write',
    body: NewRequest,
    write: true,
    ok: { status: 201, schema: RequestOut, description: 'the request, submitted' },
    problems: [404, 422, 503],
    async handle({ body, client, deps }) {
      client.requireFlow(body.flow);
      const done = await runCommand(deps, client, { type: 'request.submit', flow: body.flow, form: body.form });
      const id = done.subject.replace(/^request:/, '');
      const r = await deps.queries.request(id);
      return { status: done.duplicate ? 200 : 201, body: presentRequest(r!), headers: { Location: `/api/v1/requests/${id}`, ...(done.duplicate ? { 'Docket-Duplicate': 'true' } : {}) } };
    },
  }),
  route({
    method: 'GET',
    path: '/api/v1/requests/{id}',
    operationId: 'getRequest',
    summary: 'Read one request',
    tag: 'requests',
    scope: 'requests:read',
    params: RequestId,
    write: false,
    ok: { status: 200, schema: RequestOut, description: 'the request' },
    problems: [404],
    async handle(call) {
      return { status: 200, body: presentRequest(await load(call)) };
    },
  }),
  route({
    method: 'POST',
    path: '/api/v1/requests/{id}/decision',
    operationId: 'decideRequest',
    summary: 'Approve or reject the current step (or the named one), as an approver',
    tag: 'requests',
    scope: 'requests:write',
    params: RequestId,
    body: Decision,
    write: true,
    ok: { status: 200, schema: RequestOut, description: 'the request after the decision' },
    problems: [404, 409, 422, 503],
    handle(call) {
      const { id } = call.params;
      const step = call.body.step ? { step: call.body.step } : {};
      const command: Command =
        call.body.outcome === 'approved'
          ? { type: 'request.approve', request: id, ...step, ...(call.body.comment ? { comment: call.body.comment } : {}) }
          : { type: 'request.reject', request: id, ...step, reason: call.body.comment ?? '' };
      return act(call, command);
    },
  }),
  route({
    method: 'POST',
    path: '/api/v1/requests/{id}/send-back',
    operationId: 'sendBackRequest',
    summary: 'Send the request back to its requester for changes',
    tag: 'requests',
    scope: 'requests:write',
    params: RequestId,
    body: SendBack,
    write: true,
    ok: { status: 200, schema: RequestOut, description: 'the request, sent back' },
    problems: [404, 409, 422, 503],
    handle(call) {
      return act(call, { type: 'request.send_back', request: call.params.id, reason: call.body.reason, ...(call.body.step ? { step: call.body.step } : {}) });
    },
  }),
  route({
    method: 'POST',
    path: '/api/v1/requests/{id}/resubmit',
    operationId: 'resubmitRequest',
    summary: 'Resubmit a sent-back request with a corrected form, as its requester',
    tag: 'requests',
    scope: 'requests:write',
    params: RequestId,
    body: Resubmit,
    write: true,
    ok: { status: 200, schema: RequestOut, description: 'the request, pending again' },
    problems: [404, 409, 422, 503],
    handle(call) {
      return act(call, { type: 'request.resubmit', request: call.params.id, form: call.body.form });
    },
  }),
  route({
    method: 'POST',
    path: '/api/v1/requests/{id}/recall',
    operationId: 'recallRequest',
    summary: 'Recall a pending request, as its requester',
    tag: 'requests',
    scope: 'requests:write',
    params: RequestId,
    body: Recall,
    write: true,
    ok: { status: 200, schema: RequestOut, description: 'the request, recalled' },
    problems: [404, 409, 422, 503],
    handle(call) {
      return act(call, { type: 'request.recall', request: call.params.id, ...(call.body.reason ? { reason: call.body.reason } : {}) });
    },
  }),
  route({
    method: 'POST',
    path: '/api/v1/requests/{id}/comments',
    operationId: 'commentOnRequest',
    summary: 'Comment on a request, as its requester or one of its approvers',
    tag: 'requests',
    scope: 'requests:write',
    params: RequestId,
    body: RequestComment,
    write: true,
    ok: { status: 200, schema: RequestOut, description: 'the request, with the comment on its timeline' },
    problems: [404, 422, 503],
    handle(call) {
      return act(call, { type: 'request.comment', request: call.params.id, text: call.body.text });
    },
  }),
  route({
    method: 'POST',
    path: '/api/v1/requests/{id}/reassign',
    operationId: 'reassignRequest',
    summary: 'Hand a place on the current step to someone else: one\'s own, or (as an admin) someone else\'s',
    tag: 'requests',
    scope: 'requests:write',
    params: RequestId,
    body: Reassign,
    write: true,
    ok: { status: 200, schema: RequestOut, description: 'the request, with the place handed over' },
    problems: [404, 409, 422, 503],
    handle(call) {
      const { to, from, step } = call.body;
      return act(call, { type: 'request.reassign', request: call.params.id, to, ...(from ? { from } : {}), ...(step ? { step } : {}) });
    },
  }),
  route({
    method: 'POST',
    path: '/api/v1/requests/{id}/approvers',
    operationId: 'addApprover',
    summary: 'Add an approver to the current step, where the flow allows it',
    tag: 'requests',
    scope: 'requests:write',
    params: RequestId,
    body: AddApprover,
    write: true,
    ok: { status: 200, schema: RequestOut, description: 'the request, with the approver added' },
    problems: [404, 409, 422, 503],
    handle(call) {
      return act(call, { type: 'request.add_approver', request: call.params.id, approver: call.body.approver, ...(call.body.step ? { step: call.body.step } : {}) });
    },
  }),
  route({
    method: 'POST',
    path: '/api/v1/requests/{id}/steps/{step}/complete',
    operationId: 'completeSystemStep',
    summary: 'A system step\'s system reports back: ok moves the request on, failed rejects it (as the step\'s reporter)',
    tag: 'requests',
    scope: 'requests:write',
    params: StepRef,
    body: StepReport,
    write: true,
    ok: { status: 200, schema: RequestOut, description: 'the request after the report' },
    problems: [404, 409, 422, 503],
    async handle(call) {
      const r = await load(call);
      const system = call.deps.flows.requestFlow(r.flowId)?.def.steps.find((s) => s.id === call.params.step)?.system;
      if (!system) throw new ApiProblem('api.conflict', { what: `step ${call.params.step} of ${r.id}, which is not a system step` });
      const { step } = call.params;
      const note = call.body.note?.trim();
      const command: Command =
        call.body.outcome === 'ok'
          ? { type: 'request.approve', request: r.id, step, ...(note ? { comment: note } : {}) }
          : { type: 'request.reject', request: r.id, step, reason: note || `${system.name} reported a failure` };
      return act(call, command);
    },
  }),
  route({
    method: 'GET',
    path: '/api/v1/requests/{id}/audit',
    operationId: 'requestAudit',
    summary: 'The audit trail of one request, oldest first',
    tag: 'requests',
    scope: 'requests:read',
    params: RequestId,
    write: false,
    ok: { status: 200, schema: AuditTrail, description: 'the request\'s audit events' },
    problems: [404],
    async handle(call) {
      const r = await load(call);
      const rows = await call.deps.queries.timeline(`request:${r.id}`);
      return { status: 200, body: { subject: `request:${r.id}`, items: rows.map(presentAudit) } };
    },
  }),
];
