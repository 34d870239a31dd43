// Slack when it is not configured: POST /slack/events answers 503 with what to set. Its own file,
// free of the Slack SDK, so a server without Slack never loads @slack/bolt (the composition root
// imports mount.ts only when Slack is on: about a third of start-up, issue 14).
import type { SlackAdapter } from './mount.ts';

export const SLACK_EVENTS_PATH = '/slack/events';

export function slackOff(): SlackAdapter {
  return {
    mode: 'off',
    mount: async (server) => {
      server.route('POST', SLACK_EVENTS_PATH, (ctx) =>
        ctx.json(503, { error: 'not_available', message: 'Slack is not configured on this server: set SLACK_SIGNING_SECRET and SLACK_BOT_TOKEN (see "Slack setup" in the README).' }),
      );
      return { mode: 'off', idle: async () => {}, stop: async () => {} };
    },
  };
}
