// POST /api/v1/hooks/<name>: an external system (Prometheus Alertmanager, anything that posts
// JSON) opens or updates a case. Authenticated by the hook's own secret, sent as
// "Authorization: Bearer <secret>" (Alertmanager: http_config.authorization.credentials).
// Answers 200 with what happened; problems as problem+json like the rest of the API.
import type { InboundHooks } from '../../src/app/inbound-hooks.ts';
import type { Engine } from '../../src/app/execute.ts';
import type { ItemQueries } from '../../src/ports/api.ts';
import { HttpError, type HttpContext } from '../http/server.ts';
import type { z } from 'zod';
import { ApiProblem, PROBLEM_TYPE, type Problem, refusalHeaders, refusalProblem } from './problem.ts';
import type { HookResult } from './schemas.ts';

export function hookHandler(hooks: InboundHooks, engine: Engine, queries: ItemQueries, now: () => Date) {
  const problem = (ctx: HttpContext, p: Problem, headers: Record<string, string> = {}) => ctx.send(p.status, JSON.stringify(p), { 'Content-Type': PROBLEM_TYPE, 'Cache-Control': 'no-store', ...headers });
  return async (ctx: HttpContext): Promise<void> => {
    const name = ctx.params.name ?? '';
    const auth = /^Bearer\s+(\S+)$/i.exec(ctx.req.headers.authorization ?? '');
    let raw: Buffer;
    try {
      raw = await ctx.readBody();
    } catch (err) {
      if (err instanceof HttpError && err.status === 413) return problem(ctx, new ApiProblem('api.payload_too_large').toProblem(ctx.path), { Connection: 'close' });
      throw err;
    }
    let parsed: unknown;
    let bad = false;
    try {
      parsed = JSON.parse(raw.toString('utf8'));
    } catch {
      bad = true;
    }
    const answer = await hooks.receive(engine, name, auth?.[1], () => parsed);
    switch (answer.kind) {
      case 'unknown':
        return problem(ctx, new ApiProblem('api.not_found', { item: `Hook ${name.slice(0, 64)}` }).toProblem(ctx.path));
      case 'off':
        return problem(ctx, new ApiProblem('api.hook_off', { secretEnv: answer.secretEnv }).toProblem(ctx.path));
      case 'unauthorized':
        return problem(ctx, new ApiProblem('api.hook_unauthorized').toProblem(ctx.path), { 'WWW-Authenticate': 'Bearer realm="docket-hooks"' });
      case 'unmapped':
        return problem(ctx, bad ? new ApiProblem('api.bad_json').toProblem(ctx.path) : new ApiProblem('api.hook_unmapped', { problem: answer.problem }).toProblem(ctx.path));
      case 'done': {
        const o = answer.outcome;
        if (!o.ok) {
          if (o.code === 'hook.nothing_open') return ctx.json(200, { action: 'ignored', detail: refusalProblem(o).detail } satisfies z.infer<typeof HookResult>);
          return problem(ctx, refusalProblem(o, ctx.path), refusalHeaders(o));
        }
        const id = o.subject.replace(/^case:/, '');
        const c = await queries.case(id);
        const action = c?.category === 'closed' ? 'resolved' : c?.version === 1 && c.openedAt === now().toISOString() ? 'opened' : 'updated';
        return ctx.json(200, { action, case: id, url: `/api/v1/cases/${id}` } satisfies z.infer<typeof HookResult>);
      }
    }
  };
}
