// How a modal submission is answered. The ack is the answer (close, errors under fields, the
// next view), but Slack only waits 3 s: when the receiver's deadline answered empty first, Slack
// closed the modal as if all went well, so what the ack would have shown is told by DM instead.
import { escapeMrkdwn } from './mrkdwn.ts';
import type { Ack } from './on-command.ts';
import type { SlackDeps } from './runtime.ts';

/** keeps the modal open with `message` under `block` */
export const errorsOn = (block: string, message: string) => ({ response_action: 'errors' as const, errors: { [block]: message.slice(0, 300) } });

/** what a failure on our side says, in place of anything internal */
export const SUBMIT_AGAIN = 'Something went wrong, please submit again.';

export class ViewReply {
  /** whether the submission was answered (in time or not) */
  acked = false;
  /** what the person must still be told by DM */
  #notice: string | undefined;

  /** `firstInput`: the modal's first input block, where an error about no one field shows */
  constructor(
    private readonly ackFn: Ack,
    private readonly firstInput: string | undefined,
  ) {}

  /** the ack; `late` is what the person is told by DM if it comes after the deadline ('' = nothing) */
  async ack(response?: unknown, late?: string): Promise<void> {
    this.acked = true;
    // HttpReceiver's ack resolves to false when its deadline already answered for us
    const sent = await (this.ackFn as (response?: unknown) => Promise<unknown>)(response);
    if (sent === false) this.#notice = late ?? lateText(response);
  }

  /** keeps the modal open with `text` on its first input; without one, closes it and says `text` by DM */
  async refuse(text: string, fallbackBlock?: string): Promise<void> {
    const block = this.firstInput ?? fallbackBlock;
    if (block) return this.ack(errorsOn(block, text), text);
    await this.ack(undefined, text);
    this.#notice = text;
  }

  /** a message in the person's DM with the bot, for what a closed modal could not show */
  async tellNotice(deps: SlackDeps, slackUserId: string): Promise<void> {
    if (!this.#notice) return;
    try {
      const opened = await deps.api.conversations.open({ users: slackUserId });
      await deps.api.chat.postMessage({ channel: opened.channel?.id ?? slackUserId, text: escapeMrkdwn(this.#notice) });
    } catch (err) {
      deps.log.warn('slack: could not tell a person by DM how their submission ended', { user: slackUserId, err });
    }
  }
}

/** what an answer would have shown, for when it came too late to be shown */
function lateText(response: unknown): string {
  const r = response as { response_action?: string; errors?: Record<string, string> } | undefined;
  if (r?.response_action === 'errors') return `That did not go through: ${Object.values(r.errors ?? {}).join(' ')} Please try again.`;
  if (r?.response_action) return 'Docket took too long to answer; please start again.';
  return 'Done: your form went through.';
}
