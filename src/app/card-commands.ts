// A card button as the engine command it stands for, for every surface (Slack, Teams, the web
// console). Pure translation: whether the clicker may do it is the engine's call.
import type { CardActionId } from '../core/card.ts';
import type { Command } from './commands.ts';

export const CARD_ACTIONS: readonly CardActionId[] = [
  'request.approve',
  'request.reject',
  'request.send_back',
  'request.recall',
  'request.resubmit',
  'case.take',
  'case.set_status',
  'case.set_priority',
  'case.add_task',
  'case.complete_task',
  'case.resolve',
  'case.reopen',
];

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
 * (a reason, a choice, a text), empty when it asked nothing. `request.resubmit` is not here:
 * its button opens the request's form first.
 */
export function cardCommand(action: Exclude<CardActionId, 'request.resubmit'>, subject: string, value: string | undefined, input: string): Command | undefined {
  const request = idOf(subject, 'request');
  const c = idOf(subject, 'case');
  const step = value ? { step: value } : {};
  const text = input.trim();
  switch (action) {
    case 'request.approve':
      return request ? { type: 'request.approve', request, ...step, ...(text ? { comment: text } : {}) } : undefined;
    case 'request.reject':
      return request ? { type: 'request.reject', request, ...step, reason: text } : undefined;
    case 'request.send_back':
      return request ? { type: 'request.send_back', request, ...step, reason: text } : undefined;
    case 'request.recall':
      return request ? { type: 'request.recall', request, ...(text ? { reason: text } : {}) } : undefined;
    case 'case.take':
      return c ? { type: 'case.update', case: c, change: { type: 'take' } } : undefined;
    case 'case.set_status':
      return c ? { type: 'case.update', case: c, change: { type: 'set_status', status: text } } : undefined;
    case 'case.set_priority':
      return c ? { type: 'case.update', case: c, change: { type: 'set_priority', priority: text } } : undefined;
    case 'case.add_task':
      return c ? { type: 'case.task', case: c, change: { type: 'add', title: text } } : undefined;
    case 'case.complete_task':
      return c && value ? { type: 'case.task', case: c, change: { type: 'complete', task: value } } : undefined;
    case 'case.resolve':
      return c ? { type: 'case.update', case: c, change: { type: 'resolve', resolution: text } } : undefined;
    case 'case.reopen':
      return c ? { type: 'case.update', case: c, change: { type: 'reopen', ...(text ? { reason: text } : {}) } } : undefined;
    default: {
      const unhandled: never = action;
      throw new Error(`unhandled card action ${String(unhandled)}`);
    }
  }
}
