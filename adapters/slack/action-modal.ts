// The small modal a button opens when it needs something first: a reason to reject, a new
// status, a task's title. Its submission carries the click along in private_metadata.
import type { webApi } from '@slack/bolt';
import { z } from 'zod';
import type { CardActionId, CardInput } from '../../src/core/card.ts';
import { ActionValue } from './action-value.ts';
import { CALLBACK, modal, option, plain, VALUE } from './form-modal.ts';

export const ANSWER_BLOCK = 'input:answer';

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
    default:
      return 'Docket';
  }
}

export function actionModal(action: CardActionId, input: CardInput, metadata: ActionMetadata, submit: string): webApi.ModalView {
  const element: webApi.InputBlockElement =
    input.kind === 'choice' && input.options?.length
      ? { type: 'static_select', action_id: VALUE, options: input.options.slice(0, 100).map((o) => option(o.id, o.label)) }
      : { type: 'plain_text_input', action_id: VALUE, multiline: input.kind === 'reason', max_length: input.kind === 'reason' ? 2000 : 200 };
  return modal({
    callbackId: CALLBACK.actionInput,
    title: titleOf(action),
    submit,
    metadata,
    blocks: [{ type: 'input', block_id: ANSWER_BLOCK, label: plain(input.label, 2000), optional: !input.required, element }],
  });
}
