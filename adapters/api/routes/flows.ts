// /api/v1/flows: the request and case types this Docket runs, with their forms, so a client
// can build a valid request before it sends one.
import { z } from 'zod';
import { presentFlow } from '../present.ts';
import { ApiProblem } from '../problem.ts';
import { type ApiRoute, route } from '../route.ts';
import { FlowId, FlowList, FlowOut } from '../schemas.ts';

export const flowRoutes: ApiRoute[] = [
  route({
    method: 'GET',
    path: '/api/v1/flows',
    operationId: 'listFlows',
    summary: 'List the request and case flows (those this token may touch) with their forms',
    tag: 'flows',
    scope: 'flows:read',
    query: z.object({ kind: z.enum(['request', 'case']).optional() }),
    write: false,
    ok: { status: 200, schema: FlowList, description: 'the flows, current versions' },
    problems: [],
    async handle({ query, client, deps }) {
      const flows = deps.flows.all().filter((f) => client.mayTouch(f.def.id) && (!query.kind || f.kind === query.kind));
      return { status: 200, body: { items: flows.map(presentFlow) } };
    },
  }),
  route({
    method: 'GET',
    path: '/api/v1/flows/{id}',
    operationId: 'getFlow',
    summary: 'Read one flow and its form',
    tag: 'flows',
    scope: 'flows:read',
    params: FlowId,
    write: false,
    ok: { status: 200, schema: FlowOut, description: 'the flow, current version' },
    problems: [404],
    async handle({ params, client, deps }) {
      const flow = deps.flows.all().find((f) => f.def.id === params.id);
      if (!flow || !client.mayTouch(flow.def.id)) throw new ApiProblem('api.not_found', { item: `Flow ${params.id}` });
      return { status: 200, body: presentFlow(flow) };
    },
  }),
];
