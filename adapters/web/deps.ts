// What the console's pages need, built once by mountWeb.
import type { Engine, Outcome } from '../../src/app/execute.ts';
import type { Command } from '../../src/app/commands.ts';
import type { Views } from '../../src/app/views.ts';
import type { Where } from '../../src/core/permissions/where.ts';
import type { FlowRegistry } from '../../src/flows/registry.ts';
import type { Logger } from '../../src/log.ts';
import type { DeadLetters } from '../../src/ports/console.ts';
import type { Directory } from '../../src/ports/directory.ts';
import type { ReportStore } from '../../src/ports/reports.ts';
import type { Store } from '../../src/ports/store.ts';
import type { WebhookOutbox } from '../../src/ports/webhooks.ts';
import type { LiveFeed } from './live.ts';
import type { Visit } from './site.ts';

export interface WebDeps {
  engine: Engine;
  views: Views;
  directory: Directory;
  flows: FlowRegistry;
  store: Store;
  reports: ReportStore;
  deadLetters: DeadLetters;
  /** outbound webhook deliveries, for their dead letters */
  webhooks: WebhookOutbox;
  live: LiveFeed;
  now: () => Date;
  log: Logger;
}

/** every command from the console is given in the console (flows may restrict places) */
export const CONSOLE: Where = { surface: 'console', kind: 'page' };

/**
 * Sends a command as the visiting person. The form's `_key` makes a double submit (or a
 * reload that re-posts) count once, as a Slack retry does. The engine decides everything.
 */
export async function run(deps: WebDeps, visit: Visit, command: Command, actor = visit.actor): Promise<Outcome> {
  if (!actor) throw new Error('run() needs an acting person');
  const key = visit.form.get('_key');
  const outcome = await deps.engine.execute({ actor, ...(key && /^[\w-]{8,64}$/.test(key) ? { key: `web:${actor}:${key}` } : {}), command, where: CONSOLE });
  if (outcome.ok && !outcome.duplicate) deps.live.poke();
  return outcome;
}
