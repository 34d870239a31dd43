// One Teams turn: every activity funnels through here (bolt-js's habit). Messages carry
// commands and thread replies, invokes carry card clicks, installs carry the conversation
// references proactive posts need. Anything unexpected is logged and answered politely.
import type { TurnContext } from 'botbuilder';
import { ADAPTIVE_CARD_CONTENT_TYPE, noticeCard } from './adaptive-card.ts';
import type { BotDeps } from './bot-deps.ts';
import { onInstalled } from './install.ts';
import { onCardAction } from './invoke.ts';
import { onMessage } from './messages.ts';

const SORRY = 'Something went wrong on our side; it has been logged. Please try again in a moment.';

export class TeamsBot {
  constructor(private readonly deps: BotDeps) {}

  readonly turn = async (context: TurnContext): Promise<void> => {
    const { type, name } = context.activity;
    try {
      switch (type) {
        case 'message':
          return await onMessage(context, this.deps);
        case 'invoke':
          return await this.invoke(context);
        case 'conversationUpdate':
        case 'installationUpdate':
          return await onInstalled(context, this.deps);
        default:
          // typing, reactions, message edits: nothing Docket acts on
          return;
      }
    } catch (err) {
      this.deps.log.error('teams: turn failed', { err, type, name, activityId: context.activity.id });
      if (type === 'invoke') await this.answer(context, 200, { statusCode: 200, type: ADAPTIVE_CARD_CONTENT_TYPE, value: noticeCard('Docket', [], { tone: 'error', text: SORRY }) });
      else if (type === 'message') await context.sendActivity(SORRY).catch(() => undefined);
    }
  };

  private async invoke(context: TurnContext): Promise<void> {
    if (context.activity.name !== 'adaptiveCard/action') return this.answer(context, 501, undefined);
    const body = await onCardAction(context, this.deps);
    return this.answer(context, body.statusCode, body);
  }

  /** the HTTP answer to an invoke: Teams waits for it and shows `body` to the clicker */
  private async answer(context: TurnContext, status: number, body: unknown): Promise<void> {
    await context.sendActivity({ type: 'invokeResponse', value: { status, body } });
  }
}
