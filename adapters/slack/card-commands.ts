// A card button (and what its modal asked for) as the engine command it stands for. Pure
// translation: whether the clicker may do it is the engine's call, never this file's.
import { cardCommand } from '../../src/app/card-commands.ts';
import type { Command } from '../../src/app/commands.ts';
import type { CardActionId, CardInput } from '../../src/core/card.ts';
import type { ActionValue } from './action-value.ts';

export type Translation =
  | { kind: 'command'; command: Command }
  /** ask for this first (a reason, a choice, a text, a person, a date), then translate again with the answer */
  | { kind: 'ask'; input: CardInput; pick?: CardInput }
  /** open the request's form, filled in, to edit and resubmit */
  | { kind: 'edit_form'; request: string }
  /** open a request type's form; its submission starts the request from the case */
  | { kind: 'start_form'; case: string; flow: string }
  /** the button does not fit its item any more: refresh the card */
  | { kind: 'stale' };

const person = (label: string): CardInput => ({ kind: 'person', label, required: true });
const reason = (label: string, required = true): CardInput => ({ kind: 'reason', label, required });

/** What a button asks for when the card in hand does not say (it was redrawn without it). */
export function defaultInput(action: CardActionId): { input?: CardInput; pick?: CardInput } {
  switch (action) {
    case 'request.reject':
      return { input: reason('Why are you rejecting it?') };
    case 'request.send_back':
      return { input: reason('What should change?') };
    case 'request.reassign':
      return { input: person('Who should decide instead of you?') };
    case 'request.add_approver':
      return { input: person('Who else should approve this step?') };
    case 'request.comment':
      return { input: reason('Your comment') };
    case 'case.assign':
      return { input: person('New owner') };
    case 'case.add_member':
      return { input: person('Who should join the case?') };
    case 'case.set_status':
      return { input: { kind: 'text', label: 'New status', required: true } };
    case 'case.set_priority':
      return { input: { kind: 'text', label: 'New priority', required: true } };
    case 'case.add_note':
      return { input: reason('Note'), pick: { kind: 'choice', label: 'Who hears of it?', required: false, options: [{ id: 'note', label: 'On the timeline only' }, { id: 'update', label: 'A status update: tell members and watchers' }] } };
    case 'case.add_task':
      return { input: { kind: 'text', label: 'Task', required: true } };
    case 'case.assign_task':
      return { input: person('Assignee'), pick: { kind: 'text', label: 'Task (T1, T2, …)', required: true } };
    case 'case.set_task_due':
      return { input: { kind: 'date', label: 'Due on', required: true }, pick: { kind: 'text', label: 'Task (T1, T2, …)', required: true } };
    case 'case.link':
      return { input: { kind: 'text', label: 'Request or case id (R-12, C-3)', required: true }, pick: { kind: 'text', label: 'Kind of link (related, parent, child, duplicate_of)', required: true } };
    case 'case.start_request':
      return { input: { kind: 'text', label: 'Request type', required: true } };
    case 'case.resolve':
      return { input: reason('Resolution') };
    case 'case.reopen':
      return { input: reason('Why reopen it?', false) };
    case 'request.approve':
    case 'request.recall':
    case 'request.resubmit':
    case 'case.take':
    case 'case.remove_member':
    case 'case.watch':
    case 'case.unwatch':
    case 'case.mute':
    case 'case.unmute':
    case 'case.complete_task':
    case 'case.reopen_task':
      return {};
    default: {
      const unhandled: never = action;
      throw new Error(`unhandled card action ${String(unhandled)}`);
    }
  }
}

/**
 * `answer` is what the input modal returned; undefined on the click itself. `asks` is what the
 * card action itself asks when the card offers it (with the current choices), else the default.
 * `pick` is the modal's second answer (which task, which kind of link).
 */
export function translate(action: CardActionId, value: ActionValue, answer: string | undefined, asks = defaultInput(action), pick = ''): Translation {
  // "Leave the case" carries the member it removes; "Remove member" asks which one
  if (asks.input && answer === undefined && !(action === 'case.remove_member' && value.value)) return { kind: 'ask', input: asks.input, ...(asks.pick ? { pick: asks.pick } : {}) };
  const id = value.subject.slice(value.subject.indexOf(':') + 1);
  if (action === 'request.resubmit') return { kind: 'edit_form', request: id };
  if (action === 'case.start_request') return value.subject.startsWith('case:') && answer ? { kind: 'start_form', case: id, flow: answer } : { kind: 'stale' };
  const command = cardCommand(action, value.subject, value.value, answer ?? '', pick);
  // a button whose value does not fit its action (hand-edited, or from an older card) asks nothing of the engine
  return command ? { kind: 'command', command } : { kind: 'stale' };
}
