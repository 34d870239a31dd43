// The subscriptions the engine matches events against: those of flows/webhooks.yaml plus those
// made through the API, held in memory so the write path does not query for them. Each replica
// reloads the API's share when it changes one and on every dispatcher round (about a second),
// so a subscription made on another replica applies within a round.
import type { FlowRegistry } from '../flows/registry.ts';
import type { Subscription, WebhookSubscriptionStore } from '../ports/webhooks.ts';
import { ruleTargetId, systemTargetId } from './webhook-match.ts';

export class WebhookRegistry {
  #fromApi: readonly Subscription[] = [];

  constructor(
    readonly fromFile: readonly Subscription[],
    private readonly store: WebhookSubscriptionStore,
    /** the endpoints of system steps, by systemTargetId: called, never matched against events */
    private readonly systemTargets: ReadonlyMap<string, Subscription> = new Map(),
  ) {}

  current(): readonly Subscription[] {
    return [...this.fromFile, ...this.#fromApi];
  }

  byId(id: string): Subscription | undefined {
    return this.systemTargets.get(id) ?? this.current().find((s) => s.id === id);
  }

  async refresh(): Promise<void> {
    this.#fromApi = await this.store.list();
  }
}

/** the endpoint of every system step of every request flow, with its secret from `env` */
export function systemTargets(flows: FlowRegistry, env: NodeJS.ProcessEnv): Map<string, Subscription> {
  const out = new Map<string, Subscription>();
  for (const flow of flows.requestFlows()) {
    for (const step of flow.def.steps) {
      if (!step.system) continue;
      const id = systemTargetId(flow.def.id, step.id);
      // a missing secret signs nothing: the delivery dead-letters with "bad_secret", on the admin page
      out.set(id, { id, name: `${flow.def.id}/${step.id}`, url: step.system.url, secret: env[step.system.secretEnv]?.trim() ?? '', events: [], flows: null, source: 'yaml' });
    }
  }
  // and the `webhook:` actions of every flow's rules and outcomes
  for (const flow of flows.all()) {
    const actions: object[] = [...(flow.def.rules as { then: object[] }[]).flatMap((r) => r.then), ...(flow.kind === 'request' ? [...flow.def.onApprove, ...flow.def.onReject] : [])];
    for (const action of actions) {
      if (!('webhook' in action)) continue;
      const { webhook } = action as { webhook: { url: string; secretEnv: string } };
      const id = ruleTargetId(webhook.url, webhook.secretEnv);
      out.set(id, { id, name: `${flow.def.id} rule webhook`, url: webhook.url, secret: env[webhook.secretEnv]?.trim() ?? '', events: [], flows: null, source: 'yaml' });
    }
  }
  return out;
}
