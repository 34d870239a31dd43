// Teams when it is not configured: POST /api/messages answers 503 with what to set. Its own file,
// free of botbuilder, so a server without Teams never loads the Bot Framework SDK (the
// composition root imports mount.ts only when Teams is on).
import { notAvailable } from '../http/placeholders.ts';
import type { Teams } from './mount.ts';

export const MESSAGES_PATH = '/api/messages';

export function teamsOff(): Teams {
  return {
    mount: (server) =>
      void server.route('POST', MESSAGES_PATH, notAvailable('Microsoft Teams is not configured: set MicrosoftAppId and MicrosoftAppPassword (or DOCKET_TEAMS=local for the Bot Framework Emulator).')),
  };
}
