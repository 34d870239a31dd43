// Writing an accepted change: the follow-ups it asks for (a case a rule opens, a request a case
// starts), the item itself (insert or compare-and-set update), its audit events and its outbox
// rows, all inside the caller's transaction.
import type { Change, FollowUp } from '../core/change.ts';
import type { EngineContext } from '../core/context.ts';
import type { LoadedCaseFlow, LoadedRequestFlow } from '../core/flow-runtime.ts';
import { caseDeliveries } from '../core/case/deliveries.ts';
import { openCase } from '../core/case/open.ts';
import { pickOwner, routingNeeds } from '../core/case/routing.ts';
import type { CaseState } from '../core/case/state.ts';
import { requestDeliveries } from '../core/request/deliveries.ts';
import type { RequestState } from '../core/request/state.ts';
import { submitRequest } from '../core/request/submit.ts';
import { explain } from '../core/refusals.ts';
import { caseTimers } from '../core/timers/case-timers.ts';
import type { DesiredTimer } from '../core/timers/desired.ts';
import { requestTimers } from '../core/timers/request-timers.ts';
import type { StoreTx } from '../ports/store.ts';
import type { EngineDeps, Written } from './execute.ts';
import { stamp } from './execute.ts';
import { ruleCall, systemCalls, webhookDeliveries } from './webhook-match.ts';

// a rule that opens a case whose rule opens a case… stops here
const MAX_FOLLOW_UP_DEPTH = 3;

type Later = () => Promise<Written>;

export async function commitRequest(tx: StoreTx, before: RequestState | undefined, change: Change<RequestState>, flow: LoadedRequestFlow, ctx: EngineContext, deps: EngineDeps, depth = 0): Promise<Written> {
  // a command that changed nothing (a status set to itself) writes nothing; the clock's silent
  // commits are the exception: they redraw cards whose SLA went at risk
  if (before && change.events.length === 0 && ctx.actor !== 'clock') return { subject: `request:${before.id}`, deliveries: [] };
  const later = await prepareFollowUps(tx, change, `request:${change.state.id}`, ctx, deps, depth);
  stamp(change, before, ctx);
  if (before) await tx.updateRequest(change.state, before.version);
  else await tx.insertRequest(change.state);
  await syncTimers(tx, `request:${change.state.id}`, () => requestTimers(change.state, flow, ctx.directory), ctx, deps);
  // the system steps this change started are called through the webhook outbox
  if (deps.webhooks) await deps.webhooks.outbox.within(tx).enqueue(systemCalls(change, flow), ctx.now.toISOString());
  return finish(tx, change, queued(deps) ? requestDeliveries(change, flow, ctx) : [], `request:${change.state.id}`, flow.def.id, ctx, deps, later);
}

export async function commitCase(tx: StoreTx, before: CaseState | undefined, change: Change<CaseState>, flow: LoadedCaseFlow, ctx: EngineContext, deps: EngineDeps, depth = 0): Promise<Written> {
  if (before && change.events.length === 0 && ctx.actor !== 'clock') return { subject: `case:${before.id}`, deliveries: [] };
  const later = await prepareFollowUps(tx, change, `case:${change.state.id}`, ctx, deps, depth);
  stamp(change, before, ctx);
  if (before) await tx.updateCase(change.state, before.version);
  else await tx.insertCase(change.state);
  await syncTimers(tx, `case:${change.state.id}`, () => caseTimers(change.state, flow, ctx.directory), ctx, deps);
  return finish(tx, change, queued(deps) ? caseDeliveries(change, flow, ctx) : [], `case:${change.state.id}`, flow.def.id, ctx, deps, later);
}

/** With no chat platform enabled (the local console) nothing is queued, so no card is drawn for it. */
const queued = (deps: EngineDeps): boolean => deps.platforms === undefined || deps.platforms.length > 0;

/**
 * Replaces the subject's pending timers with the ones its new state wants, in the transaction
 * of the change: a decision cancels its step's reminders in the same write that records it.
 */
async function syncTimers(tx: StoreTx, subject: string, desired: () => DesiredTimer[], ctx: EngineContext, deps: EngineDeps): Promise<void> {
  if (!deps.timers) return;
  await deps.timers.within(tx).sync(subject, desired(), ctx.now.toISOString());
}

async function finish(tx: StoreTx, change: Change<unknown>, deliveries: Written['deliveries'], subject: string, flowId: string, ctx: EngineContext, deps: EngineDeps, later: Later[]): Promise<Written> {
  // a command sent by an integration for a person says so on each of its events
  if (ctx.via) for (const event of change.events) event.data = { ...event.data, via: ctx.via };
  await tx.appendEvents(change.events);
  await tx.enqueue(deliveries, ctx.now.toISOString(), deps.platforms);
  // outbound webhooks of these events, in this transaction: none for a change that rolls back
  if (deps.webhooks) {
    const rows = webhookDeliveries(change.events, flowId, deps.webhooks.subscriptions());
    if (rows.length > 0) await deps.webhooks.outbox.within(tx).enqueue(rows, ctx.now.toISOString());
  }
  const all = [...deliveries];
  for (const write of later) all.push(...(await write()).deliveries);
  return { subject, deliveries: all };
}

/** Picks the owner of a new case from its routing, using the rotation cursor or open-case counts. */
export async function routeOwner(tx: StoreTx, flow: LoadedCaseFlow, opener: string, ctx: EngineContext): Promise<string | undefined> {
  const needs = routingNeeds(flow.def.owner, flow.def.id, opener, ctx.directory, ctx.now);
  const rotation = needs.strategy === 'round-robin' && needs.rotationKey ? await tx.nextInRotation(needs.rotationKey) : 0;
  const loads = needs.strategy === 'least-loaded' ? await tx.openCaseCounts(needs.candidates) : new Map<string, number>();
  return pickOwner(needs, rotation, loads);
}

/**
 * Runs the engine for each follow-up now (so its id can be linked from the source item before
 * that is written) and returns the writes to do after the source. A follow-up that is refused
 * (a rule naming a priority the case flow lacks, say) never blocks the source change: it is
 * recorded on the source's timeline as a failed rule.
 */
async function prepareFollowUps(tx: StoreTx, source: Change<RequestState> | Change<CaseState>, subject: string, ctx: EngineContext, deps: EngineDeps, depth: number): Promise<Later[]> {
  const later: Later[] = [];
  const failed = subject.startsWith('request:') ? 'request.rule_failed' : 'case.rule_failed';
  const linked = subject.startsWith('request:') ? 'request.linked' : 'case.linked';
  const fail = (followUp: FollowUp, error: string) => source.events.push({ type: failed, subject, actor: ctx.actor, at: ctx.now.toISOString(), data: { followUp: followUp.kind, flow: followUp.flowId, error } });
  for (const followUp of source.followUps) {
    if (followUp.kind === 'webhook.call') {
      // fire and forget, but only if this change commits: the same transaction's outbox
      if (deps.webhooks) await deps.webhooks.outbox.within(tx).enqueue([ruleCall(followUp, source.state, ctx.now.toISOString())], ctx.now.toISOString());
      continue;
    }
    if (depth >= MAX_FOLLOW_UP_DEPTH) {
      fail(followUp, `not done: rules may chain at most ${MAX_FOLLOW_UP_DEPTH} items deep`);
      continue;
    }
    if (followUp.kind === 'case.open') {
      const flow = deps.flows.caseFlow(followUp.flowId);
      if (!flow) {
        fail(followUp, `no case flow ${followUp.flowId}`);
        continue;
      }
      const openerCtx = { ...ctx, actor: followUp.openedBy };
      const owner = await routeOwner(tx, flow, followUp.openedBy, openerCtx);
      const input = { flow, title: followUp.title, fields: followUp.fields, linkTo: followUp.linkTo, ...(followUp.priority ? { priority: followUp.priority } : {}), ...(owner ? { owner } : {}) };
      // a failed follow-up is recorded and the source still commits: it must not use up a number
      // (checked under a placeholder id first, as dispatch.ts does for case.open)
      const checked = openCase({ id: 'C-0', ...input }, openerCtx);
      if (!checked.ok) {
        fail(followUp, `${explain(checked.code, checked.details)}${checked.fieldErrors ? ` ${JSON.stringify(checked.fieldErrors)}` : ''}`);
        continue;
      }
      const id = `C-${await tx.nextNumber('case')}`;
      const opened = openCase({ id, ...input }, openerCtx);
      if (!opened.ok) {
        fail(followUp, explain(opened.code, opened.details));
        continue;
      }
      source.state.links.push({ kind: 'started', subject: `case:${id}` });
      source.events.push({ type: linked, subject, actor: ctx.actor, at: ctx.now.toISOString(), data: { kind: 'started', target: `case:${id}` } });
      later.push(() => commitCase(tx, undefined, opened.value, flow, openerCtx, deps, depth + 1));
    } else {
      const flow = deps.flows.requestFlow(followUp.flowId);
      if (!flow) {
        fail(followUp, `no request flow ${followUp.flowId}`);
        continue;
      }
      const requesterCtx = { ...ctx, actor: followUp.requester };
      const checked = submitRequest({ id: 'R-0', flow, form: followUp.form, linkTo: followUp.linkTo }, requesterCtx);
      if (!checked.ok) {
        fail(followUp, `${explain(checked.code, checked.details)}${checked.fieldErrors ? ` ${JSON.stringify(checked.fieldErrors)}` : ''}`);
        continue;
      }
      const id = `R-${await tx.nextNumber('request')}`;
      const submitted = submitRequest({ id, flow, form: followUp.form, linkTo: followUp.linkTo }, requesterCtx);
      if (!submitted.ok) {
        fail(followUp, explain(submitted.code, submitted.details));
        continue;
      }
      source.state.links.push({ kind: 'started', subject: `request:${id}` });
      source.events.push({ type: linked, subject, actor: ctx.actor, at: ctx.now.toISOString(), data: { kind: 'started', target: `request:${id}` } });
      later.push(() => commitRequest(tx, undefined, submitted.value, flow, requesterCtx, deps, depth + 1));
    }
  }
  return later;
}
