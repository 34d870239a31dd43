// A comment on a request: a question to the requester, an answer to an approver. It decides
// nothing; it is on the timeline and told to the others involved.
import { change, type Change } from '../change.ts';
import type { EngineContext } from '../context.ts';
import type { LoadedRequestFlow } from '../flow-runtime.ts';
import { mayRun } from '../may-run.ts';
import { ok, refuse, type Result } from '../result.ts';
import { subjectOf } from './advance.ts';
import { emit } from './emit.ts';
import type { RequestState } from './state.ts';

export function comment(before: RequestState, flow: LoadedRequestFlow, input: { text: string }, ctx: EngineContext): Result<Change<RequestState>> {
  const denied = mayRun({ on: 'request', state: before, flow, ask: { type: 'comment' } }, ctx);
  if (denied) return denied;
  const text = input.text.trim().slice(0, 2000);
  if (!text) return refuse('case.text_required', {});
  const r = structuredClone(before);
  const out = change(r);
  emit(out, ctx, 'request.commented', subjectOf(r), { text });
  return ok(out);
}
