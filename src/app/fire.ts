// Firing one timer (the command clock.fire): inside the engine's transaction, check that the
// timer is still one its subject wants and is due, mark it fired with a compare-and-set, and
// write the clock's change with it. A timer fired or cancelled meanwhile (another runner, a
// decision) is refused as a value and changes nothing: each timer fires at most once.
import type { EngineContext } from '../core/context.ts';
import { explain } from '../core/refusals.ts';
import { ok, refuse, type Refusal, type Result } from '../core/result.ts';
import { caseTimers } from '../core/timers/case-timers.ts';
import type { DesiredTimer } from '../core/timers/desired.ts';
import { fireCaseTimer } from '../core/timers/fire-case.ts';
import { fireRequestTimer } from '../core/timers/fire-request.ts';
import { requestTimers } from '../core/timers/request-timers.ts';
import type { StoreTx } from '../ports/store.ts';
import type { TimerRow, TimerTx } from '../ports/timers.ts';
import type { EngineDeps, Written } from './execute.ts';
import { caseFlowAt, requestFlowAt } from './flow-versions.ts';
import { commitCase, commitRequest } from './persist.ts';

export async function fireTimer(tx: StoreTx, id: string, ctx: EngineContext, deps: EngineDeps): Promise<Result<Written>> {
  if (!deps.timers) throw new Error('clock.fire needs EngineDeps.timers');
  const timers = deps.timers.within(tx);
  const row = await timers.get(id);
  if (!row || row.status !== 'pending') return refuse('timer.not_pending', { timer: id, status: row?.status ?? 'unknown' });
  const now = ctx.now.toISOString();
  const colon = row.subject.indexOf(':');
  const kind = row.subject.slice(0, colon);
  const subjectId = row.subject.slice(colon + 1);

  if (kind === 'request') {
    const before = await tx.getRequest(subjectId);
    if (!before) return moot(timers, row, [], now);
    const flow = await requestFlowAt(deps.flows, tx, before.flowId, before.flowVersion);
    const wanted = requestTimers(before, flow, ctx.directory);
    const timer = wanted.find((t) => t.id === id);
    if (!timer || timer.dueAt > now) return moot(timers, row, wanted, now);
    const fired = fireRequestTimer(before, flow, timer, ctx);
    if (!fired.ok) return failed(timers, id, fired);
    if (!(await timers.markFired(id, now))) return refuse('timer.not_pending', { timer: id, status: 'fired or cancelled' });
    return ok(await commitRequest(tx, before, fired.value, flow, ctx, deps));
  }
  if (kind === 'case') {
    const before = await tx.getCase(subjectId);
    if (!before) return moot(timers, row, [], now);
    const flow = await caseFlowAt(deps.flows, tx, before.flowId, before.flowVersion);
    const wanted = caseTimers(before, flow, ctx.directory);
    const timer = wanted.find((t) => t.id === id);
    if (!timer || timer.dueAt > now) return moot(timers, row, wanted, now);
    const fired = fireCaseTimer(before, flow, timer, ctx);
    if (!fired.ok) return failed(timers, id, fired);
    if (!(await timers.markFired(id, now))) return refuse('timer.not_pending', { timer: id, status: 'fired or cancelled' });
    return ok(await commitCase(tx, before, fired.value, flow, ctx, deps));
  }
  throw new Error(`timer ${id} has an unknown subject ${row.subject}`);
}

/**
 * The subject no longer wants this timer, or wants it later (the directory changed a time
 * zone, say): bring its timers in line with its state, and say why nothing fired.
 */
async function moot(timers: TimerTx, row: TimerRow, wanted: DesiredTimer[], now: string): Promise<Result<Written>> {
  await timers.sync(row.subject, wanted, now);
  const later = wanted.find((t) => t.id === row.id);
  return later ? refuse('timer.not_due', { timer: row.id, due: later.dueAt }) : refuse('timer.not_pending', { timer: row.id, status: 'cancelled' });
}

/** The engine refused the clock's change (no approver left for the next step): on the record, not retried. */
async function failed(timers: TimerTx, id: string, refusal: Refusal): Promise<Result<Written>> {
  await timers.fail(id, `${refusal.code}: ${explain(refusal.code, refusal.details)}`);
  return refusal;
}
