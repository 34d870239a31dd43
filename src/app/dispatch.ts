// One handler per command: load what it acts on, call the pure engine, hand the change to
// persist.ts. Nothing here decides who may do what; the engine does.
import { applyCase, runCase, type CaseCommand } from '../core/case/commands.ts';
import { openCase } from '../core/case/open.ts';
import { mayOpen, mayRaise, mayRaiseFromCase, mayWorkCaseHere } from '../core/permissions/may.ts';
import type { CaseState } from '../core/case/state.ts';
import { changeTask } from '../core/case/tasks.ts';
import type { EngineContext } from '../core/context.ts';
import { decide } from '../core/request/decide.ts';
import { comment } from '../core/request/comment.ts';
import { involvedIn, mayRun as mayRunAsk, type RequestAsk } from '../core/may-run.ts';
import { recall } from '../core/request/recall.ts';
import { addApprover, reassign } from '../core/request/reassign.ts';
import { resubmit, sendBack } from '../core/request/send-back.ts';
import type { Link, RequestState } from '../core/request/state.ts';
import { submitRequest } from '../core/request/submit.ts';
import { ok, refuse, type Result } from '../core/result.ts';
import type { StoreTx } from '../ports/store.ts';
import type { Command } from './commands.ts';
import type { EngineDeps, Written } from './execute.ts';
import { fireTimer } from './fire.ts';
import { caseFlowAt, requestFlowAt } from './flow-versions.ts';
import { ingest } from './ingest.ts';
import { commitCase, commitRequest, routeOwner } from './persist.ts';

const inverse: Record<Link['kind'], Link['kind']> = {
  related: 'related',
  parent: 'child',
  child: 'parent',
  duplicate_of: 'duplicated_by',
  duplicated_by: 'duplicate_of',
  started: 'started_by',
  started_by: 'started',
};

/** ids no item ever has: a submission is checked under one before it draws its real number */
const PLACEHOLDER_REQUEST = 'R-0';
const PLACEHOLDER_CASE = 'C-0';

export async function dispatch(tx: StoreTx, command: Command, ctx: EngineContext, deps: EngineDeps): Promise<Result<Written>> {
  // the clock is nobody in the directory and may do only this; nobody else may do this
  if (command.type === 'clock.fire') return ctx.actor === 'clock' ? fireTimer(tx, command.timer, ctx, deps) : refuse('command.clock_only', {});
  if (!ctx.directory.person(ctx.actor)) return refuse('person.unknown', { actor: ctx.actor });
  const commit = async (before: RequestState, result: ReturnType<typeof decide>) => {
    if (!result.ok) return result;
    return ok(await commitRequest(tx, before, result.value, await requestFlowAt(deps.flows, tx, before.flowId, before.flowVersion), ctx, deps));
  };
  const loadRequest = async (id: string) => tx.getRequest(id.trim().toUpperCase());
  switch (command.type) {
    case 'request.submit': {
      const flow = deps.flows.requestFlow(command.flow);
      if (!flow) return refuse('flow.unknown', { flow: command.flow });
      const denied = mayRaise(flow, ctx.actor, ctx.where, ctx);
      if (denied) return denied;
      // a refused submission must not use up a number (PostgreSQL's sequences keep no rolled-back
      // number): check it under a placeholder id first, then draw the real one
      const checked = submitRequest({ id: PLACEHOLDER_REQUEST, flow, form: command.form }, ctx);
      if (!checked.ok) return checked;
      const id = `R-${await tx.nextNumber('request')}`;
      const submitted = submitRequest({ id, flow, form: command.form }, ctx);
      if (!submitted.ok) return submitted;
      return ok(await commitRequest(tx, undefined, submitted.value, flow, ctx, deps));
    }
    case 'request.approve':
    case 'request.reject':
    case 'request.send_back':
    case 'request.resubmit':
    case 'request.recall':
    case 'request.reassign':
    case 'request.add_approver':
    case 'request.comment': {
      const before = await loadRequest(command.request);
      if (!before) return refuse('request.not_found', { request: command.request });
      const flow = await requestFlowAt(deps.flows, tx, before.flowId, before.flowVersion);
      const step = 'step' in command && command.step ? { stepId: command.step } : {};
      // the same guard the cards are drawn from: what a card would not offer, the engine refuses
      const denied = mayRunAsk({ on: 'request', state: before, flow, ask: requestAsk(command) }, ctx);
      if (denied) return denied;
      switch (command.type) {
        case 'request.comment':
          return commit(before, comment(before, flow, { text: command.text }, ctx));
        case 'request.approve':
          return commit(before, decide(before, flow, { outcome: 'approved', ...step, ...(command.comment ? { comment: command.comment } : {}) }, ctx));
        case 'request.reject':
          return commit(before, decide(before, flow, { outcome: 'rejected', ...step, comment: command.reason }, ctx));
        case 'request.send_back':
          return commit(before, sendBack(before, flow, { ...step, reason: command.reason }, ctx));
        case 'request.resubmit':
          return commit(before, resubmit(before, flow, { form: command.form }, ctx));
        case 'request.recall':
          return commit(before, recall(before, command.reason ? { reason: command.reason } : {}, ctx));
        case 'request.reassign':
          return commit(before, reassign(before, flow, { ...step, ...(command.from ? { from: command.from } : {}), to: command.to }, ctx));
        case 'request.add_approver':
          return commit(before, addApprover(before, flow, { ...step, approver: command.approver }, ctx));
      }
      break;
    }
    case 'case.open': {
      const flow = deps.flows.caseFlow(command.flow);
      if (!flow) return refuse('flow.unknown', { flow: command.flow });
      const denied = mayOpen(flow, ctx.actor, ctx.where, ctx);
      if (denied) return denied;
      const owner = await routeOwner(tx, flow, ctx.actor, ctx);
      const input = { flow, title: command.title, fields: command.fields ?? {}, ...(command.description ? { description: command.description } : {}), ...(command.priority ? { priority: command.priority } : {}), ...(owner ? { owner } : {}) };
      const checked = openCase({ id: PLACEHOLDER_CASE, ...input }, ctx);
      if (!checked.ok) return checked;
      const id = `C-${await tx.nextNumber('case')}`;
      const opened = openCase({ id, ...input }, ctx);
      if (!opened.ok) return opened;
      return ok(await commitCase(tx, undefined, opened.value, flow, ctx, deps));
    }
    case 'case.ingest':
      return ingest(tx, command, ctx, deps);
    case 'case.update':
    case 'case.task':
    case 'case.link':
    case 'case.start_request': {
      const before = await tx.getCase(command.case.trim().toUpperCase());
      if (!before) return refuse('case.not_found', { case: command.case });
      const flow = await caseFlowAt(deps.flows, tx, before.flowId, before.flowVersion);
      const elsewhere = mayWorkCaseHere(flow, ctx.actor, ctx.where, ctx);
      if (elsewhere) return elsewhere;
      // a link always goes through link(), which checks the target and writes the back-link
      if (command.type === 'case.update' && command.change.type === 'link') return link(tx, before, command.change.kind, command.change.target, ctx, deps);
      if (command.type === 'case.update' || command.type === 'case.task') {
        const result = command.type === 'case.update' ? runCase(before, flow, forActor(command.change, ctx.actor), ctx) : changeTask(before, flow, command.change, ctx);
        if (!result.ok) return result;
        return ok(await commitCase(tx, before, result.value, flow, ctx, deps));
      }
      if (command.type === 'case.link') return link(tx, before, command.kind, command.target, ctx, deps);
      // a case starts a request: the actor must be allowed to run the case, and raises it
      const denied = mayRunAsk({ on: 'case', state: before, flow, ask: { type: 'start_request' } }, ctx);
      if (denied) return denied;
      const requestFlow = deps.flows.requestFlow(command.flow);
      if (!requestFlow) return refuse('flow.unknown', { flow: command.flow });
      // who may raise it still holds; where does not (the case card offers the same types)
      const mayNot = mayRaiseFromCase(requestFlow, ctx.actor, ctx);
      if (mayNot) return mayNot;
      const checked = submitRequest({ id: PLACEHOLDER_REQUEST, flow: requestFlow, form: command.form, linkTo: `case:${before.id}` }, ctx);
      if (!checked.ok) return checked;
      const id = `R-${await tx.nextNumber('request')}`;
      const submitted = submitRequest({ id, flow: requestFlow, form: command.form, linkTo: `case:${before.id}` }, ctx);
      if (!submitted.ok) return submitted;
      // allowed as part of start_request above, not asked again as a link (a flow's `commands:`
      // may open start_request to people it does not let link)
      const linked = applyCase(before, flow, { type: 'link', kind: 'started', target: `request:${id}` }, ctx);
      if (!linked.ok) return linked;
      const written = await commitCase(tx, before, linked.value, flow, ctx, deps);
      const request = await commitRequest(tx, undefined, submitted.value, requestFlow, ctx, deps);
      return ok({ subject: request.subject, deliveries: [...written.deliveries, ...request.deliveries] });
    }
    default: {
      const unhandled: never = command;
      throw new Error(`unhandled command ${JSON.stringify(unhandled)}`);
    }
  }
  throw new Error('unreachable');
}

/** watch, unwatch and leave with nobody named (a card button) mean the person clicking */
function forActor(change: CaseCommand, actor: string): CaseCommand {
  if ((change.type === 'add_watcher' || change.type === 'remove_watcher' || change.type === 'remove_member') && !change.person.trim()) return { ...change, person: actor };
  return change;
}

/** the ask a request command puts to the guard */
function requestAsk(command: Extract<Command, { request: string }>): RequestAsk {
  const step = 'step' in command && command.step ? { step: command.step } : {};
  switch (command.type) {
    case 'request.approve':
      return { type: 'approve', ...step };
    case 'request.reject':
      return { type: 'reject', ...step };
    case 'request.send_back':
      return { type: 'send_back', ...step };
    case 'request.reassign':
      return { type: 'reassign', ...step, ...(command.from ? { from: command.from } : {}) };
    case 'request.add_approver':
      return { type: 'add_approver', ...step };
    case 'request.resubmit':
      return { type: 'resubmit' };
    case 'request.recall':
      return { type: 'recall' };
    case 'request.comment':
      return { type: 'comment' };
    default: {
      const unhandled: never = command;
      throw new Error(`unhandled request command ${JSON.stringify(unhandled)}`);
    }
  }
}

/** Links a case to another case or a request, and the other side back to it. */
async function link(tx: StoreTx, before: CaseState, kind: Link['kind'], rawTarget: string, ctx: EngineContext, deps: EngineDeps): Promise<Result<Written>> {
  if (!Object.hasOwn(inverse, kind)) return refuse('case.link_kind_unknown', { kind: String(kind), choices: Object.keys(inverse) });
  const id = rawTarget.trim().toUpperCase().replace(/^(REQUEST|CASE):/, '');
  const targetCase = id.startsWith('C-') ? await tx.getCase(id) : undefined;
  const targetRequest = id.startsWith('R-') ? await tx.getRequest(id) : undefined;
  if (!targetCase && !targetRequest) return refuse('case.link_target_not_found', { target: rawTarget });
  // the back-link changes the other item too: the actor must be allowed to touch it
  if (targetCase) {
    const denied = mayRunAsk({ on: 'case', state: targetCase, flow: await caseFlowAt(deps.flows, tx, targetCase.flowId, targetCase.flowVersion), ask: { type: 'link', kind: inverse[kind], target: `case:${before.id}` } }, ctx);
    if (denied) return denied;
  }
  if (targetRequest) {
    // the same rule as commenting on it: whoever covers for an approver is involved too
    if (!involvedIn(targetRequest, ctx)) return refuse('request.not_involved', { request: targetRequest.id });
  }
  const target = targetCase ? `case:${targetCase.id}` : `request:${targetRequest!.id}`;
  const flow = await caseFlowAt(deps.flows, tx, before.flowId, before.flowVersion);
  const result = runCase(before, flow, { type: 'link', kind, target }, ctx);
  if (!result.ok) return result;
  const written = await commitCase(tx, before, result.value, flow, ctx, deps);
  const back = { kind: inverse[kind], subject: `case:${before.id}` };
  if (targetCase) {
    const otherFlow = await caseFlowAt(deps.flows, tx, targetCase.flowId, targetCase.flowVersion);
    if (!targetCase.links.some((l) => l.subject === back.subject && l.kind === back.kind)) {
      const other = structuredClone(targetCase);
      other.links.push(back);
      const change = { state: other, events: [{ type: 'case.linked' as const, subject: target, actor: ctx.actor, at: ctx.now.toISOString(), data: { kind: back.kind, target: back.subject } }], notices: [], followUps: [] };
      written.deliveries.push(...(await commitCase(tx, targetCase, change, otherFlow, ctx, deps)).deliveries);
    }
  } else if (targetRequest && !targetRequest.links.some((l) => l.subject === back.subject && l.kind === back.kind)) {
    const otherFlow = await requestFlowAt(deps.flows, tx, targetRequest.flowId, targetRequest.flowVersion);
    const other = structuredClone(targetRequest);
    other.links.push(back);
    const change = { state: other, events: [{ type: 'request.linked' as const, subject: target, actor: ctx.actor, at: ctx.now.toISOString(), data: { kind: back.kind, target: back.subject } }], notices: [], followUps: [] };
    written.deliveries.push(...(await commitRequest(tx, targetRequest, change, otherFlow, ctx, deps)).deliveries);
  }
  return ok(written);
}
