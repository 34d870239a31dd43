// A card button (and what its modal asked for) as the engine command it stands for. Pure
// translation: whether the clicker may do it is the engine's call, never this file's.
import { cardCommand } from '../../src/app/card-commands.ts';
import type { Command } from '../../src/app/commands.ts';
import type { CardActionId, CardInput } from '../../src/core/card.ts';
import type { ActionValue } from './action-value.ts';

export type Translation =
  | { kind: 'command'; command: Command }
  /** ask for this first (a reason, a choice, a text), then translate again with the answer */
  | { kind: 'ask'; input: CardInput }
  /** open the request's form, filled in, to edit and resubmit */
  | { kind: 'edit_form'; request: string }
  /** the button does not fit its item any more: refresh the card */
  | { kind: 'stale' };

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
  if (input && answer === undefined) return { kind: 'ask', input };
  if (action === 'request.resubmit') return { kind: 'edit_form', request: value.subject.slice(value.subject.indexOf(':') + 1) };
  const command = cardCommand(action, value.subject, value.value, answer ?? '');
  // a button whose value does not fit its action (hand-edited, or from an older card) asks nothing of the engine
  return command ? { kind: 'command', command } : { kind: 'stale' };
}
