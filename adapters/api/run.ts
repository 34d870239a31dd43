// Sending an engine command for an API call: the same command chat sends, as the person the
// call acts for, marked with the integration, under the call's idempotency key.
import type { Command } from '../../src/app/commands.ts';
import type { Accepted } from '../../src/app/execute.ts';
import type { Refusal } from '../../src/core/result.ts';
import type { ApiClient } from './client.ts';
import type { ApiDeps } from './route.ts';

// flows may restrict where a command is given: the API is a place of its own
const API_WHERE = { surface: 'api', kind: 'page' } as const;

/** carries an engine refusal to mount.ts, which answers it as problem+json */
export class Refused extends Error {
  constructor(readonly refusal: Refusal) {
    super(refusal.code);
    this.name = 'Refused';
  }
}

export async function runCommand(deps: ApiDeps, client: ApiClient, command: Command): Promise<Accepted> {
  const key = client.engineKey();
  // flows may restrict where a command is given: the API is a place of its own
  const outcome = await deps.engine.execute({ actor: client.actor(), via: client.via, where: API_WHERE, ...(key ? { key } : {}), command });
  if (!outcome.ok) throw new Refused(outcome);
  return outcome;
}
