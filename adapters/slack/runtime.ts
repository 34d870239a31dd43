// What every Slack handler works with: the engine (which decides), the views (which draw), the
// Web API client, the identity mapping, and a few helpers they share.
import type { webApi } from '@slack/bolt';
import type { Command } from '../../src/app/commands.ts';
import type { Engine, Outcome } from '../../src/app/execute.ts';
import type { Views } from '../../src/app/views.ts';
import { explain } from '../../src/core/refusals.ts';
import type { Where } from '../../src/core/permissions/where.ts';
import type { Refusal } from '../../src/core/result.ts';
import type { Logger } from '../../src/log.ts';
import type { CardAt } from '../../src/store/card-ref-lookup.ts';
import { homeView, strangerHome } from './home.ts';
import type { SlackIdentities } from './identity.ts';

export interface SlackDeps {
  engine: Engine;
  views: Views;
  /** the Web API client for interactions (views.open, views.publish, chat.update) */
  api: webApi.WebClient;
  identities: SlackIdentities;
  cardAt: CardAt;
  log: Logger;
}

/** the sentence for someone Slack knows and org.yaml does not */
export function strangerText(slackUserId: string): string {
  return explain('person.unknown', { actor: `Slack user ${slackUserId}` });
}

export function refusalText(refusal: Refusal): string {
  return explain(refusal.code, refusal.details);
}

/** runs an engine command for a person; the outbox dispatcher delivers what it queued */
export async function run(deps: SlackDeps, actor: string, key: string | undefined, command: Command, where?: Where): Promise<Outcome> {
  const outcome = await deps.engine.execute({ actor, ...(key ? { key } : {}), command, ...(where ? { where } : {}) });
  if (!outcome.ok) deps.log.info('slack: engine refused', { command: command.type, code: outcome.code, actor });
  return outcome;
}

/** (re)publishes a person's Home tab */
export async function publishHome(deps: SlackDeps, slackUserId: string, email: string | undefined, notice?: string): Promise<void> {
  const view = email
    ? homeView(await deps.views.home(email), { name: deps.engine.deps.directory.nameOf(email), ...(notice ? { notice } : {}) })
    : strangerHome();
  await deps.api.views.publish({ user_id: slackUserId, view });
}

/** logs a failure after the ack and tells the person, where there is a way to */
export async function failed(deps: SlackDeps, what: string, err: unknown, tell?: (text: string) => Promise<unknown>): Promise<void> {
  deps.log.error(`slack: ${what} failed`, { err });
  try {
    await tell?.('Something went wrong on our side; it has been logged. Please try again in a moment.');
  } catch (again) {
    deps.log.warn('slack: could not tell the user about a failure', { err: again });
  }
}
