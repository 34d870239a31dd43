// Teams input → engine commands: a card button (verb = card action id, data = { subject, value })
// or a typed case subcommand. Translation only; whether it is allowed is the engine's call.
import type { Command } from '../../src/app/commands.ts';
import type { CardActionId } from '../../src/core/card.ts';
import type { Directory } from '../../src/ports/directory.ts';
import type { CaseSub } from './commands.ts';

export { cardCommand, isCardAction } from '../../src/app/card-commands.ts';

/** A person as typed in Teams ("ann@example.com", "@Ann Smith", "ann smith") as their email; as typed when nobody matches (the engine then says who it does not know). */
export function personEmail(directory: Directory, typed: string): string {
  const t = typed.trim().replace(/^@/, '');
  if (directory.person(t)) return directory.person(t)!.email;
  const named = directory.people().filter((p) => p.name.toLowerCase() === t.toLowerCase());
  return named.length === 1 ? named[0]!.email : t;
}

/** The same sub-command with its people as emails. */
export function withEmails(directory: Directory, sub: CaseSub): CaseSub {
  switch (sub.type) {
    case 'assign':
      return { ...sub, to: personEmail(directory, sub.to) };
    case 'task_assign':
      return { ...sub, to: personEmail(directory, sub.to) };
    case 'member_add':
    case 'member_remove':
      return { ...sub, person: personEmail(directory, sub.person) };
    default:
      return sub;
  }
}

/** what a click did, said back on the clicker's card */
export const DONE: Record<CardActionId, string> = {
  'request.approve': 'You approved it.',
  'request.reject': 'You rejected it.',
  'request.send_back': 'You sent it back for changes.',
  'request.recall': 'You recalled it.',
  'request.resubmit': 'You resubmitted it.',
  'request.reassign': 'You handed your place on.',
  'request.add_approver': 'Approver added.',
  'request.comment': 'Comment added.',
  'case.take': 'You own this case now.',
  'case.assign': 'Owner changed.',
  'case.set_status': 'Status changed.',
  'case.set_priority': 'Priority changed.',
  'case.add_note': 'Note added.',
  'case.add_member': 'Member added.',
  'case.remove_member': 'Member removed.',
  'case.watch': 'You are watching this case.',
  'case.unwatch': 'You stopped watching this case.',
  'case.mute': 'Muted: Docket will not tell you about this case.',
  'case.unmute': 'Unmuted.',
  'case.add_task': 'Task added.',
  'case.complete_task': 'Task done.',
  'case.reopen_task': 'Task reopened.',
  'case.assign_task': 'Task assigned.',
  'case.set_task_due': 'Due date set.',
  'case.link': 'Linked.',
  'case.start_request': 'Request started.',
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
      return { type: 'case.update', case: caseId, change: { type: 'add_note', text: sub.text, source: 'command', ...(sub.update ? { update: true } : {}) } };
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
    case 'member_add':
      return { type: 'case.update', case: caseId, change: { type: 'add_member', person: sub.person } };
    case 'member_remove':
      return { type: 'case.update', case: caseId, change: { type: 'remove_member', person: sub.person } };
    case 'watch':
      return { type: 'case.update', case: caseId, change: { type: 'add_watcher', person: '' } };
    case 'unwatch':
      return { type: 'case.update', case: caseId, change: { type: 'remove_watcher', person: '' } };
    case 'mute':
    case 'unmute':
      return { type: 'case.update', case: caseId, change: { type: sub.type } };
    case 'task_reopen':
      return { type: 'case.task', case: caseId, change: { type: 'reopen', task: sub.task } };
    case 'task_due':
      return { type: 'case.task', case: caseId, change: { type: 'set_due', task: sub.task, due: sub.due } };
    case 'start_request':
      // its form comes first (messages.ts); this is what the form's submission sends
      return { type: 'case.start_request', case: caseId, flow: sub.flow, form: {} };
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
    case 'member_add':
      return `${sub.person} is a member of ${caseId} now.`;
    case 'member_remove':
      return `${sub.person} is no longer a member of ${caseId}.`;
    case 'watch':
      return `You are watching ${caseId}.`;
    case 'unwatch':
      return `You stopped watching ${caseId}.`;
    case 'mute':
      return `${caseId} is muted for you.`;
    case 'unmute':
      return `${caseId} is unmuted for you.`;
    case 'task_reopen':
      return `${caseId}: ${sub.task} is open again.`;
    case 'task_due':
      return `${caseId}: ${sub.task} is due ${sub.due}.`;
    case 'start_request':
      return `A request was started from ${caseId}.`;
    default: {
      const unhandled: never = sub;
      throw new Error(`unhandled case command ${JSON.stringify(unhandled)}`);
    }
  }
}
