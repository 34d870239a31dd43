// The requester withdraws a request that is still open.
import { change, type Change } from '../change.ts';
import type { EngineContext } from '../context.ts';
import { ok, refuse, type Result } from '../result.ts';
import { subjectOf } from './advance.ts';
import { emit } from './emit.ts';
import type { RequestState } from './state.ts';

export function recall(before: RequestState, input: { reason?: string }, ctx: EngineContext): Result<Change<RequestState>> {
  if (ctx.actor !== before.requester) return refuse('request.not_requester', { request: before.id, requester: ctx.directory.nameOf(before.requester) });
  if (before.status !== 'pending' && before.status !== 'changes_requested') return refuse('request.not_pending', { request: before.id, status: before.status.replace('_', ' ') });
  const r = structuredClone(before);
  r.status = 'recalled';
  r.closedAt = ctx.now.toISOString();
  delete r.current;
  const reason = input.reason?.trim().slice(0, 2000);
  const out = change(r);
  emit(out, ctx, 'request.recalled', subjectOf(r), reason ? { reason } : {});
  return ok(out);
}
