// The small modal a button opens when it needs something first: a reason to reject, a new
// status, a task's title. Its submission carries the click along in private_metadata.
import type { webApi } from '@slack/bolt';
import { z } from 'zod';
import type { CardActionId, CardInput } from '../../src/core/card.ts';
import { ActionValue } from './action-value.ts';
import { CALLBACK, modal, option, plain, VALUE } from './form-modal.ts';

export const ANSWER_BLOCK = 'input:answer';
/** the second question of a modal: which task, which kind of link */
export const PICK_BLOCK_ID = 'input:pick';

export const ActionMetadata = z.object({
  kind: z.literal('action'),
  action: z.string(),
  value: ActionValue,
  /** the message the button was on, to refresh it if the engine refuses */
  message: z.object({ channel: z.string(), ts: z.string() }).optional(),
  /** clicked in the App Home: republish it afterwards */
  home: z.boolean().optional(),
});
export type ActionMetadata = z.infer<typeof ActionMetadata>;

function titleOf(action: CardActionId): string {
  switch (action) {
    case 'request.reject':
      return 'Reject request';
    case 'request.send_back':
      return 'Send back';
    case 'case.set_status':
      return 'Change status';
    case 'case.set_priority':
      return 'Change priority';
    case 'case.add_task':
      return 'Add a task';
    case 'case.resolve':
      return 'Resolve case';
    case 'case.reopen':
      return 'Reopen case';
    case 'request.reassign':
      return 'Hand on my place';
    case 'request.add_approver':
      return 'Add an approver';
    case 'request.comment':
      return 'Comment';
    case 'case.assign':
      return 'Assign the case';
    case 'case.add_note':
      return 'Add a note';
    case 'case.add_member':
      return 'Add a member';
    case 'case.remove_member':
      return 'Remove a member';
    case 'case.assign_task':
      return 'Assign a task';
    case 'case.set_task_due':
      return 'Task due date';
    case 'case.link':
      return 'Link';
    case 'case.start_request':
      return 'Start a request';
    default:
      return 'Docket';
  }
}

/** one question as a Block Kit element: people with users_select, dates with a datepicker */
function elementOf(input: CardInput): webApi.InputBlockElement {
  switch (input.kind) {
    case 'choice':
      return input.options?.length
        ? { type: 'static_select', action_id: VALUE, options: input.options.slice(0, 100).map((o) => option(o.id, o.label)) }
        : { type: 'plain_text_input', action_id: VALUE, max_length: 200 };
    case 'person':
      return { type: 'users_select', action_id: VALUE };
    case 'date':
      return { type: 'datepicker', action_id: VALUE };
    case 'reason':
    case 'text':
      return { type: 'plain_text_input', action_id: VALUE, multiline: input.kind === 'reason', max_length: input.kind === 'reason' ? 2000 : 200 };
    default: {
      const unhandled: never = input.kind;
      throw new Error(`unhandled input kind ${String(unhandled)}`);
    }
  }
}

export function actionModal(action: CardActionId, input: CardInput, metadata: ActionMetadata, submit: string, pick?: CardInput): webApi.ModalView {
  return modal({
    callbackId: CALLBACK.actionInput,
    title: titleOf(action),
    submit,
    metadata,
    blocks: [
      ...(pick ? [{ type: 'input' as const, block_id: PICK_BLOCK_ID, label: plain(pick.label, 2000), optional: !pick.required, element: elementOf(pick) }] : []),
      { type: 'input', block_id: ANSWER_BLOCK, label: plain(input.label, 2000), optional: !input.required, element: elementOf(input) },
    ],
  });
}
