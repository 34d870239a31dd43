// The Bolt app: routing only. Each listener parses its payload and hands it to one handler;
// the handlers translate to engine commands and render, the engine decides.
import { App, type Receiver, type webApi } from '@slack/bolt';
import { CARD_ACTION_PATTERN } from './action-value.ts';
import { BULK_ACTIONS, HOME_ACTIONS } from './home.ts';
import { onBulkAction } from './on-bulk.ts';
import { onCardAction, onHomeButton, onPickRequest } from './on-action.ts';
import { type Ack, onCaseCommand, onRequestCommand, PICK_REQUEST, type Respond, SlashCommand } from './on-command.ts';
import { onHomeOpened, onMessage } from './on-event.ts';
import { onDirectMessage, onMention } from './on-mention.ts';
import { onViewSubmission } from './on-view.ts';
import type { SlackDeps } from './runtime.ts';
import { boltLogger } from './web-client.ts';

export const COMMANDS = { request: '/request', case: '/case' } as const;

export function createBoltApp(deps: SlackDeps, receiver: Receiver, botToken: string, clientOptions: webApi.WebClientOptions): App {
  const app = new App({
    receiver,
    // one workspace, one token; no auth.test round trip per event (and none in tests)
    authorize: async () => ({ botToken }),
    // our own posts are filtered in onMessage (bot_id), without needing the bot's user id
    ignoreSelf: false,
    logger: boltLogger(deps.log.child({ component: 'bolt' })),
    clientOptions,
  });

  // Bolt types each ack by payload kind; the receiver's ack takes whatever the handler answers
  const ackOf = (ack: unknown) => ack as Ack;
  const respondOf = (respond: unknown) => respond as Respond;
  const command = (handler: (cmd: SlashCommand, ack: Ack, respond: Respond) => Promise<void>) =>
    async ({ body, ack, respond }: { body: unknown; ack: unknown; respond: unknown }) => {
      const parsed = SlashCommand.safeParse(body);
      if (!parsed.success) return ackOf(ack)({ response_type: 'ephemeral', text: 'Docket could not read that command.' });
      return handler(parsed.data, ackOf(ack), respondOf(respond));
    };
  app.command(COMMANDS.request, command((cmd, ack, respond) => onRequestCommand(deps, cmd, ack, respond)));
  app.command(COMMANDS.case, command((cmd, ack, respond) => onCaseCommand(deps, cmd, ack, respond)));

  app.action(CARD_ACTION_PATTERN, async ({ body, ack, respond }) => onCardAction(deps, body, ackOf(ack), respondOf(respond)));
  app.action(new RegExp(`^${PICK_REQUEST.replace('.', '\\.')}`), async ({ body, ack, respond }) => onPickRequest(deps, body, ackOf(ack), respondOf(respond)));
  for (const id of Object.values(HOME_ACTIONS)) app.action(id, async ({ body, ack }) => onHomeButton(deps, body, ackOf(ack)));
  for (const id of Object.values(BULK_ACTIONS)) app.action(id, async ({ body, ack }) => onBulkAction(deps, body, ackOf(ack)));

  app.view({ type: 'view_submission', callback_id: /^docket\./ }, async ({ body, ack }) => onViewSubmission(deps, body, ackOf(ack)));

  app.event('app_home_opened', async ({ event }) => onHomeOpened(deps, event));
  app.event('app_mention', async ({ event }) => onMention(deps, event));
  app.event('message', async ({ event }) => {
    if (!(await onDirectMessage(deps, event))) await onMessage(deps, event);
  });

  app.error(async (err) => {
    deps.log.error('slack: unhandled error in a listener', { err });
  });
  return app;
}
