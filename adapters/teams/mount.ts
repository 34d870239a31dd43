// Microsoft Teams on the one HTTP server: POST /api/messages and the ChatPort the outbox
// dispatcher posts through. The composition root (src/main.ts) calls createTeams once; every
// botbuilder import stays in this folder, so moving to the Microsoft 365 Agents SDK later is a
// change here and nowhere else.
import { ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import type { Engine } from '../../src/app/execute.ts';
import { Views } from '../../src/app/views.ts';
import type { Config } from '../../src/config.ts';
import type { Logger } from '../../src/log.ts';
import type { Store } from '../../src/ports/store.ts';
import { chatStoresOf } from '../../src/store/conversations.ts';
import type { HttpServer } from '../http/server.ts';
import { TeamsBot } from './bot.ts';
import { TeamsChatPort } from './chat-port.ts';
import { Connector } from './connector.ts';
import { TeamsPeople } from './identity.ts';
import { References } from './references.ts';
import { TenantPolicy } from './tenant.ts';
import { MESSAGES_PATH, teamsOff } from './off.ts';
import { messagesHandler, TeamsAdapter } from './transport.ts';

export { MESSAGES_PATH };

export interface TeamsDeps {
  teams: Config['teams'];
  store: Store;
  log: Logger;
  now: () => Date;
}

export interface Teams {
  /** what the outbox dispatcher posts through; absent when Teams is not configured */
  chatPort?: TeamsChatPort;
  /** mounts POST /api/messages (a 503 saying what to set when Teams is not configured) */
  mount(server: HttpServer, engine: Engine): void;
}

/**
 * Two steps, because the engine needs to know the enabled platforms before it is built and the
 * bot needs the engine: the chat port first, the route once the engine exists.
 */
export function createTeams(deps: TeamsDeps): Teams {
  const { teams, store, now } = deps;
  const log = deps.log.child({ platform: 'teams' });
  if (!teams.appId && !teams.local) return teamsOff();
  if (teams.local) {
    log.warn('TEAMS LOCAL MODE: POST /api/messages accepts activities WITHOUT Bot Framework authentication. Use it with the Bot Framework Emulator on your machine only; set MicrosoftAppId in production.');
  }
  // readConfig insists on a tenant in production; should it be missing anyway, nobody is mapped
  const tenants = new TenantPolicy(teams.tenants, teams.local);
  const auth = new ConfigurationBotFrameworkAuthentication({
    MicrosoftAppId: teams.appId ?? '',
    MicrosoftAppPassword: teams.appPassword ?? '',
    MicrosoftAppType: teams.appType,
    MicrosoftAppTenantId: teams.tenantId ?? '',
  });
  const adapter = new TeamsAdapter(auth);
  const { identities, conversations } = chatStoresOf(store);
  const chatPort = new TeamsChatPort({ connector: new Connector(adapter, teams.appId ?? ''), conversations, now, log });
  return {
    chatPort,
    mount: (server, engine) => {
      const bot = new TeamsBot({
        engine,
        views: new Views(engine),
        people: new TeamsPeople({ identities, directory: engine.deps.directory, tenants, now, log }),
        references: new References(conversations, now, log, tenants),
        conversations,
        log,
        now,
      });
      server.route('POST', MESSAGES_PATH, messagesHandler(adapter, bot.turn, log, { local: teams.local }));
    },
  };
}
