// What the Teams turn handlers share: the engine and its reads, who is who, where to post.
import type { TurnContext } from 'botbuilder';
import type { Engine } from '../../src/app/execute.ts';
import type { Views } from '../../src/app/views.ts';
import { explain } from '../../src/core/refusals.ts';
import type { Refusal } from '../../src/core/result.ts';
import { todayFor } from '../../src/core/today.ts';
import type { Logger } from '../../src/log.ts';
import type { ConversationStore } from '../../src/ports/conversations.ts';
import type { TeamsPeople, Who } from './identity.ts';
import type { References } from './references.ts';

export interface BotDeps {
  engine: Engine;
  views: Views;
  people: TeamsPeople;
  references: References;
  conversations: ConversationStore;
  log: Logger;
  now: () => Date;
}

/** the client key of a turn: Teams redelivers an activity with the same id */
export function keyOf(context: TurnContext): string | undefined {
  const id = context.activity.id;
  return id ? `teams:${id}` : undefined;
}

export function sentence(refusal: Refusal): string {
  return explain(refusal.code, refusal.details);
}

/** the polite answer to someone we cannot map to org.yaml */
export function whoSentence(who: Extract<Who, { ok: false }>): string {
  if (who.otherTenant) return explain('person.other_tenant', { actor: who.shown });
  return who.reason === 'anonymous' ? explain('person.anonymous', { actor: who.shown }) : explain('person.unknown', { actor: who.shown });
}

export function today(deps: BotDeps, email: string): string {
  return todayFor(deps.engine.context(email), email);
}
