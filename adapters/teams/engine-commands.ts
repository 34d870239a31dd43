// Teams input → engine commands: a card button (verb = card action id, data = { subject, value })
// or a typed case subcommand. Translation only; whether it is allowed is the engine's call.
import type { Command } from '../../src/app/commands.ts';
import type { CardActionId } from '../../src/core/card.ts';
import type { CaseSub } from './commands.ts';

export { cardCommand, isCardAction } from '../../src/app/card-commands.ts';

/** what a click did, said back on the clicker's card */
export const DONE: Record<CardActionId, string> = {
  'request.approve': 'You approved it.',
  'request.reject': 'You rejected it.',
  'request.send_back': 'You sent it back for changes.',
  'request.recall': 'You recalled it.',
  'request.resubmit': 'You resubmitted it.',
  'case.take': 'You own this case now.',
  'case.set_status': 'Status changed.',
  'case.set_priority': 'Priority changed.',
  'case.add_task': 'Task added.',
  'case.complete_task': 'Task done.',
  'case.resolve': 'Case resolved.',
  'case.reopen': 'Case reopened.',
};

export function caseCommand(caseId: string, sub: CaseSub): Command {
  switch (sub.type) {
    case 'take':
      return { type: 'case.update', case: caseId, change: { type: 'take' } };
    case 'assign':
      return { type: 'case.update', case: caseId, change: { type: 'assign', to: sub.to } };
    case 'status':
      return { type: 'case.update', case: caseId, change: { type: 'set_status', status: sub.status } };
    case 'priority':
      return { type: 'case.update', case: caseId, change: { type: 'set_priority', priority: sub.priority } };
    case 'note':
      return { type: 'case.update', case: caseId, change: { type: 'add_note', text: sub.text, source: 'command' } };
    case 'resolve':
      return { type: 'case.update', case: caseId, change: { type: 'resolve', resolution: sub.resolution } };
    case 'reopen':
      return { type: 'case.update', case: caseId, change: { type: 'reopen', ...(sub.reason ? { reason: sub.reason } : {}) } };
    case 'task_add':
      return { type: 'case.task', case: caseId, change: { type: 'add', title: sub.title } };
    case 'task_done':
      return { type: 'case.task', case: caseId, change: { type: 'complete', task: sub.task } };
    case 'task_assign':
      return { type: 'case.task', case: caseId, change: { type: 'assign', task: sub.task, assignee: sub.to } };
    case 'link':
      return { type: 'case.link', case: caseId, kind: sub.kind, target: sub.target };
    default: {
      const unhandled: never = sub;
      throw new Error(`unhandled case command ${JSON.stringify(unhandled)}`);
    }
  }
}

/** a short confirmation for a typed case command given outside the case's thread */
export function caseDone(caseId: string, sub: CaseSub): string {
  switch (sub.type) {
    case 'take':
      return `You own ${caseId} now.`;
    case 'assign':
      return `${caseId} is assigned to ${sub.to}.`;
    case 'status':
      return `${caseId}: status set to ${sub.status}.`;
    case 'priority':
      return `${caseId}: priority set to ${sub.priority}.`;
    case 'note':
      return `Note added to ${caseId}.`;
    case 'resolve':
      return `${caseId} is resolved.`;
    case 'reopen':
      return `${caseId} is reopened.`;
    case 'task_add':
      return `Task added to ${caseId}.`;
    case 'task_done':
      return `${caseId}: ${sub.task} is done.`;
    case 'task_assign':
      return `${caseId}: ${sub.task} is assigned to ${sub.to}.`;
    case 'link':
      return `${caseId} is linked to ${sub.target.replace(/^(request|case):/, '')}.`;
    default: {
      const unhandled: never = sub;
      throw new Error(`unhandled case command ${JSON.stringify(unhandled)}`);
    }
  }
}
