// What a button carries back to us: the subject it acts on, the action's own value (a step id, a
// task id) and the card version it was drawn at. Slack returns it verbatim in block_actions, but
// it passed through a client, so it is parsed like any other input.
import { z } from 'zod';
import { isCardAction } from '../../src/app/card-commands.ts';
import type { CardActionId } from '../../src/core/card.ts';

export const ActionValue = z.object({
  subject: z.string().regex(/^(request|case):[A-Za-z0-9-]{1,40}$/),
  value: z.string().max(200).optional(),
  version: z.number().int().min(0).optional(),
});
export type ActionValue = z.infer<typeof ActionValue>;

/** Block Kit allows 2000 characters in a button value; ours are far below it. */
export function encodeActionValue(value: ActionValue): string {
  return JSON.stringify(value);
}

export function decodeActionValue(raw: string | undefined): ActionValue | undefined {
  if (!raw) return undefined;
  try {
    const parsed = ActionValue.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}


/**
 * Block Kit wants action ids unique within a block, and a card may carry the same action twice
 * ("Done: T1", "Done: T2"): the second and later get a `:n` suffix. This reads the card action
 * back from an action id.
 */
export function cardActionOf(actionId: string): CardActionId | undefined {
  const base = actionId.split(':', 1)[0]!;
  return isCardAction(base) ? base : undefined;
}

/** matches the action ids of card buttons, for the Bolt listener */
export const CARD_ACTION_PATTERN = /^(request|case)\.[a-z_]+(:\d+)?$/;
