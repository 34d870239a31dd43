// POST /requests/:id/act and /cases/:id/act: a button on a card, or a tool form, becomes one
// engine command as the acting person. A refusal shows the item again, refreshed, with the
// engine's sentence (as Slack answers a stale click with an ephemeral note and a fresh card).
import { cardCommand, isCardAction } from '../../../src/app/card-commands.ts';
import type { Command } from '../../../src/app/commands.ts';
import type { CaseCommand } from '../../../src/core/case/commands.ts';
import type { RequestState } from '../../../src/core/request/state.ts';
import { requestFlowAt } from '../../../src/app/flow-versions.ts';
import { run, type WebDeps } from '../deps.ts';
import { withFlash } from '../flash.ts';
import { itemPath } from '../render/card.ts';
import { echoOf, readFields } from '../render/form.ts';
import { safeLocal, type Reply, type Visit } from '../site.ts';
import { itemPage, loadItem } from './item.ts';
import { messagePage } from './message.ts';
import { requestForm } from './new.ts';

const LINK_KINDS = new Set(['related', 'parent', 'child', 'duplicate_of', 'duplicated_by']);

function requestCommand(id: string, action: string, f: URLSearchParams): Command | undefined {
  const step = f.get('value') || undefined;
  const text = (f.get('text') ?? '').trim();
  const person = (f.get('person') ?? '').trim();
  switch (action) {
    case 'request.approve':
      return { type: 'request.approve', request: id, ...(step ? { step } : {}), ...(text ? { comment: text } : {}) };
    case 'request.reject':
      return { type: 'request.reject', request: id, ...(step ? { step } : {}), reason: text };
    case 'request.send_back':
      return { type: 'request.send_back', request: id, ...(step ? { step } : {}), reason: text };
    case 'request.recall':
      return { type: 'request.recall', request: id, ...(text ? { reason: text } : {}) };
    case 'request.reassign':
      return { type: 'request.reassign', request: id, to: person };
    case 'request.add_approver':
      return { type: 'request.add_approver', request: id, approver: person };
    default:
      return undefined;
  }
}

function caseCommand(id: string, action: string, f: URLSearchParams, actor: string): Command | undefined {
  const text = (f.get('text') ?? '').trim();
  const choice = (f.get('choice') ?? '').trim();
  const person = (f.get('person') ?? '').trim();
  const task = (f.get('task') || f.get('value') || '').trim();
  const due = (f.get('due') ?? '').trim();
  const update = (change: CaseCommand): Command => ({ type: 'case.update', case: id, change });
  switch (action) {
    case 'case.take':
      return update({ type: 'take' });
    case 'case.set_status':
      return update({ type: 'set_status', status: choice });
    case 'case.set_priority':
      return update({ type: 'set_priority', priority: choice });
    case 'case.resolve':
      return update({ type: 'resolve', resolution: text });
    case 'case.reopen':
      return update({ type: 'reopen', ...(text ? { reason: text } : {}) });
    case 'case.note':
      return update({ type: 'add_note', text, source: 'command' });
    case 'case.assign':
      return update({ type: 'assign', to: person });
    case 'case.add_member':
      return update({ type: 'add_member', person });
    case 'case.watch':
      return update({ type: 'add_watcher', person: actor });
    case 'case.link': {
      const kind = f.get('kind') ?? 'related';
      if (!LINK_KINDS.has(kind)) return undefined;
      return { type: 'case.link', case: id, kind: kind as 'related', target: text };
    }
    case 'case.add_task':
      return { type: 'case.task', case: id, change: { type: 'add', title: text, ...(person ? { assignee: person } : {}), ...(due ? { due } : {}) } };
    case 'case.complete_task':
      return { type: 'case.task', case: id, change: { type: 'complete', task } };
    case 'case.reopen_task':
      return { type: 'case.task', case: id, change: { type: 'reopen', task } };
    case 'case.assign_task':
      return { type: 'case.task', case: id, change: { type: 'assign', task, assignee: person } };
    case 'case.task_due':
      return { type: 'case.task', case: id, change: { type: 'set_due', task, due } };
    default:
      return undefined;
  }
}

/** any other card button, as every surface translates it; its input is whichever control the card drew */
function fromCard(kind: 'request' | 'case', id: string, action: string, f: URLSearchParams): Command | undefined {
  // case.link is the tools' own form (its kind is checked there)
  if (!isCardAction(action) || action === 'request.resubmit' || action === 'case.start_request' || action === 'case.link') return undefined;
  const input = ['text', 'choice', 'person', 'due'].map((k) => (f.get(k) ?? '').trim()).find((v) => v !== '') ?? '';
  return cardCommand(action, `${kind}:${id}`, f.get('value') || undefined, input, (f.get('pick') ?? '').trim());
}

export async function act(deps: WebDeps, visit: Visit, kind: 'request' | 'case'): Promise<Reply> {
  const id = (visit.ctx.params.id ?? '').trim().toUpperCase();
  const action = visit.form.get('action') ?? '';
  const command = (kind === 'request' ? requestCommand(id, action, visit.form) : caseCommand(id, action, visit.form, visit.actor!)) ?? fromCard(kind, id, action, visit.form);
  if (!command) return messagePage(400, 'Unknown action', [`"${action.slice(0, 60)}" is not something the console can do on a ${kind}.`], { href: itemPath(`${kind}:${id}`), label: 'Back' });
  const outcome = await run(deps, visit, command);
  if (!outcome.ok) return itemPage(deps, visit, kind, id, outcome);
  const back = visit.form.get('back');
  return { kind: 'redirect', to: withFlash(back ? safeLocal(back) : itemPath(`${kind}:${id}`), action) };
}

// ---------------------------------------------------------------- edit and resubmit

export async function editForm(deps: WebDeps, visit: Visit): Promise<Reply> {
  const r = (await loadItem(deps, 'request', visit.ctx.params.id ?? '')) as RequestState | undefined;
  if (!r) return messagePage(404, 'Not found', [`There is no request ${visit.ctx.params.id}.`]);
  const flow = await requestFlowAt(deps.flows, deps.store, r.flowId, r.flowVersion);
  return requestForm(deps, visit, flow, echoOf(flow.def.form, r.form), undefined, { action: `/requests/${r.id}/resubmit`, heading: `Edit and resubmit ${r.id}` });
}

export async function resubmit(deps: WebDeps, visit: Visit): Promise<Reply> {
  const r = (await loadItem(deps, 'request', visit.ctx.params.id ?? '')) as RequestState | undefined;
  if (!r) return messagePage(404, 'Not found', [`There is no request ${visit.ctx.params.id}.`]);
  const flow = await requestFlowAt(deps.flows, deps.store, r.flowId, r.flowVersion);
  const { raw, echo } = readFields(flow.def.form, visit.form);
  const outcome = await run(deps, visit, { type: 'request.resubmit', request: r.id, form: raw });
  if (!outcome.ok) return requestForm(deps, visit, flow, echo, outcome, { action: `/requests/${r.id}/resubmit`, heading: `Edit and resubmit ${r.id}` });
  return { kind: 'redirect', to: `/requests/${r.id}?done=resubmitted` };
}
