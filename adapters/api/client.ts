// Who is calling: the API token, the person it acts for on this call, and the call's
// Idempotency-Key. The token's scopes and flows are checked here, at the edge, like a Slack
// signature: they say what this integration may ask for at all. Whether the person it acts for
// may do the thing is the engine's question, asked exactly as chat asks it.
import type { Scope } from '../../src/app/api-tokens.ts';
import type { ApiTokenRecord } from '../../src/ports/api.ts';
import { ApiProblem } from './problem.ts';

export class ApiClient {
  constructor(
    readonly token: ApiTokenRecord,
    /** the Docket-Act-As header, already allowed by the act-as scope */
    private readonly actAs: string | undefined,
    /** the Idempotency-Key header, scoped to this token */
    readonly key: string | undefined,
  ) {}

  /** recorded on every audit event this client's commands write */
  get via(): string {
    return `api:${this.token.name}`;
  }

  has(scope: Scope): boolean {
    return this.token.scopes.includes(scope);
  }

  require(scope: Scope): void {
    if (!this.has(scope)) throw new ApiProblem('api.scope_missing', { scope });
  }

  /** the flows a list may show: the token's, narrowed by the caller's filter */
  flowsFor(filter: string | undefined): string[] | undefined {
    if (!this.token.flows) return filter ? [filter] : undefined;
    if (!filter) return this.token.flows;
    return this.token.flows.includes(filter) ? [filter] : [];
  }

  requireFlow(flow: string): void {
    if (this.token.flows && !this.token.flows.includes(flow)) throw new ApiProblem('api.flow_not_allowed', { flow });
  }

  mayTouch(flow: string): boolean {
    return !this.token.flows || this.token.flows.includes(flow);
  }

  /** the person a command is sent as */
  actor(): string {
    const who = this.actAs ?? this.token.person;
    if (!who) throw new ApiProblem('api.no_person');
    return who;
  }

  /** the engine's idempotency key: the same key from another token is another command */
  engineKey(): string | undefined {
    return this.key ? `api:${this.token.id}:${this.key}` : undefined;
  }
}
