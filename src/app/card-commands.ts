// A card button as the engine command it stands for, for every surface (Slack, Teams, the web
// console). Pure translation: whether the clicker may do it is the engine's call.
import type { CardActionId } from '../core/card.ts';
import { LINK_KINDS } from '../core/links.ts';
import type { Command } from './commands.ts';

export const CARD_ACTIONS: readonly CardActionId[] = [
  'request.approve',
  'request.reject',
  'request.send_back',
  'request.recall',
  'request.resubmit',
  'request.reassign',
  'request.add_approver',
  'request.comment',
  'case.take',
  'case.assign',
  'case.set_status',
  'case.set_priority',
  'case.add_note',
  'case.add_member',
  'case.remove_member',
  'case.watch',
  'case.unwatch',
  'case.mute',
  'case.unmute',
  'case.add_task',
  'case.complete_task',
  'case.reopen_task',
  'case.assign_task',
  'case.set_task_due',
  'case.link',
  'case.start_request',
  'case.resolve',
  'case.reopen',
];

/** the buttons that open a form first instead of sending a command: the form's submission is the command */
export type FormAction = 'request.resubmit' | 'case.start_request';
export type CommandAction = Exclude<CardActionId, FormAction>;

export function isCardAction(id: string): id is CardActionId {
  return (CARD_ACTIONS as readonly string[]).includes(id);
}


/** "request:R-12" → "R-12" when the subject is of that kind */
function idOf(subject: string, kind: 'request' | 'case'): string | undefined {
  return subject.startsWith(`${kind}:`) && subject.length > kind.length + 1 ? subject.slice(kind.length + 1) : undefined;
}

/**
 * The command behind a card button; undefined when the subject does not fit the action.
 * `value` is what the button carries (a step id, a task id); `input` what its prompt asked for
 * (a reason, a choice, a text, a person's email, a date), empty when it asked nothing; `pick`
 * the choice asked beside it (which task, which kind of link). The form actions
 * (`request.resubmit`, `case.start_request`) are not here: their buttons open a form first.
 */
export function cardCommand(action: CommandAction, subject: string, value: string | undefined, input: string, pick = ''): Command | undefined {
  const request = idOf(subject, 'request');
  const c = idOf(subject, 'case');
  const step = value ? { step: value } : {};
  const text = input.trim();
  const task = value || pick.trim();
  const update = (change: Extract<Command, { type: 'case.update' }>['change']): Command | undefined => (c ? { type: 'case.update', case: c, change } : undefined);
  switch (action) {
    case 'request.approve':
      return request ? { type: 'request.approve', request, ...step, ...(text ? { comment: text } : {}) } : undefined;
    case 'request.reject':
      return request ? { type: 'request.reject', request, ...step, reason: text } : undefined;
    case 'request.send_back':
      return request ? { type: 'request.send_back', request, ...step, reason: text } : undefined;
    case 'request.recall':
      return request ? { type: 'request.recall', request, ...(text ? { reason: text } : {}) } : undefined;
    case 'request.reassign':
      return request ? { type: 'request.reassign', request, ...step, to: text } : undefined;
    case 'request.add_approver':
      return request ? { type: 'request.add_approver', request, ...step, approver: text } : undefined;
    case 'request.comment':
      return request ? { type: 'request.comment', request, text } : undefined;
    case 'case.take':
      return update({ type: 'take' });
    case 'case.assign':
      return update({ type: 'assign', to: text });
    case 'case.set_status':
      return update({ type: 'set_status', status: text });
    case 'case.set_priority':
      return update({ type: 'set_priority', priority: text });
    case 'case.add_note':
      return update({ type: 'add_note', text, source: 'command', ...(pick.trim() === 'update' ? { update: true } : {}) });
    case 'case.add_member':
      return update({ type: 'add_member', person: text });
    case 'case.remove_member':
      return update({ type: 'remove_member', person: text || value || '' });
    case 'case.watch':
      // watching is for oneself: the engine fills in the actor (see dispatch)
      return update({ type: 'add_watcher', person: text });
    case 'case.unwatch':
      return update({ type: 'remove_watcher', person: text });
    case 'case.mute':
      return update({ type: 'mute' });
    case 'case.unmute':
      return update({ type: 'unmute' });
    case 'case.add_task':
      return c ? { type: 'case.task', case: c, change: { type: 'add', title: text } } : undefined;
    case 'case.complete_task':
      return c && value ? { type: 'case.task', case: c, change: { type: 'complete', task: value } } : undefined;
    case 'case.reopen_task':
      return c && value ? { type: 'case.task', case: c, change: { type: 'reopen', task: value } } : undefined;
    case 'case.assign_task':
      return c && task ? { type: 'case.task', case: c, change: { type: 'assign', task, assignee: text } } : undefined;
    case 'case.set_task_due':
      return c && task ? { type: 'case.task', case: c, change: { type: 'set_due', task, due: text } } : undefined;
    case 'case.link': {
      const kind = LINK_KINDS.find((k) => k === pick.trim()) ?? (pick.trim() ? undefined : 'related');
      return c && kind ? { type: 'case.link', case: c, kind, target: text } : undefined;
    }
    case 'case.resolve':
      return update({ type: 'resolve', resolution: text });
    case 'case.reopen':
      return update({ type: 'reopen', ...(text ? { reason: text } : {}) });
    default: {
      const unhandled: never = action;
      throw new Error(`unhandled card action ${String(unhandled)}`);
    }
  }
}
