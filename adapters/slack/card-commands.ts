// A card button (and what its modal asked for) as the engine command it stands for. Pure
// translation: whether the clicker may do it is the engine's call, never this file's.
import type { Command } from '../../src/app/commands.ts';
import type { CardActionId, CardInput } from '../../src/core/card.ts';
import type { ActionValue } from './action-value.ts';

export type Translation =
  | { kind: 'command'; command: Command }
  /** ask for this first (a reason, a choice, a text), then translate again with the answer */
  | { kind: 'ask'; input: CardInput }
  /** open the request's form, filled in, to edit and resubmit */
  | { kind: 'edit_form'; request: string };

/** What a button asks for when the card in hand does not say (it was redrawn without it). */
export function defaultInput(action: CardActionId): CardInput | undefined {
  switch (action) {
    case 'request.reject':
      return { kind: 'reason', label: 'Why are you rejecting it?', required: true };
    case 'request.send_back':
      return { kind: 'reason', label: 'What should change?', required: true };
    case 'case.set_status':
      return { kind: 'text', label: 'New status', required: true };
    case 'case.set_priority':
      return { kind: 'text', label: 'New priority', required: true };
    case 'case.add_task':
      return { kind: 'text', label: 'Task', required: true };
    case 'case.resolve':
      return { kind: 'reason', label: 'Resolution', required: true };
    case 'case.reopen':
      return { kind: 'reason', label: 'Why reopen it?', required: false };
    case 'request.approve':
    case 'request.recall':
    case 'request.resubmit':
    case 'case.take':
    case 'case.complete_task':
      return undefined;
    default: {
      const unhandled: never = action;
      throw new Error(`unhandled card action ${String(unhandled)}`);
    }
  }
}

/**
 * `answer` is what the input modal returned; undefined on the click itself. `input` is the card
 * action's own input when the card offers it (with the current choices), else the default.
 */
export function translate(action: CardActionId, value: ActionValue, answer: string | undefined, input = defaultInput(action)): Translation {
  const id = value.subject.slice(value.subject.indexOf(':') + 1);
  const step = value.value ? { step: value.value } : {};
  if (input && answer === undefined) return { kind: 'ask', input };
  const text = answer?.trim() ?? '';
  switch (action) {
    case 'request.approve':
      return { kind: 'command', command: { type: 'request.approve', request: id, ...step } };
    case 'request.reject':
      return { kind: 'command', command: { type: 'request.reject', request: id, ...step, reason: text } };
    case 'request.send_back':
      return { kind: 'command', command: { type: 'request.send_back', request: id, ...step, reason: text } };
    case 'request.recall':
      return { kind: 'command', command: { type: 'request.recall', request: id } };
    case 'request.resubmit':
      return { kind: 'edit_form', request: id };
    case 'case.take':
      return { kind: 'command', command: { type: 'case.update', case: id, change: { type: 'take' } } };
    case 'case.set_status':
      return { kind: 'command', command: { type: 'case.update', case: id, change: { type: 'set_status', status: text } } };
    case 'case.set_priority':
      return { kind: 'command', command: { type: 'case.update', case: id, change: { type: 'set_priority', priority: text } } };
    case 'case.add_task':
      return { kind: 'command', command: { type: 'case.task', case: id, change: { type: 'add', title: text } } };
    case 'case.complete_task':
      return { kind: 'command', command: { type: 'case.task', case: id, change: { type: 'complete', task: value.value ?? '' } } };
    case 'case.resolve':
      return { kind: 'command', command: { type: 'case.update', case: id, change: { type: 'resolve', resolution: text } } };
    case 'case.reopen':
      return { kind: 'command', command: { type: 'case.update', case: id, change: { type: 'reopen', ...(text ? { reason: text } : {}) } } };
    default: {
      const unhandled: never = action;
      throw new Error(`unhandled card action ${String(unhandled)}`);
    }
  }
}
