// The subscriptions the engine matches events against: those of flows/webhooks.yaml plus those
// made through the API, held in memory so the write path does not query for them. Each replica
// reloads the API's share when it changes one and on every dispatcher round (about a second),
// so a subscription made on another replica applies within a round.
import type { Subscription, WebhookSubscriptionStore } from '../ports/webhooks.ts';

export class WebhookRegistry {
  #fromApi: readonly Subscription[] = [];

  constructor(
    readonly fromFile: readonly Subscription[],
    private readonly store: WebhookSubscriptionStore,
  ) {}

  current(): readonly Subscription[] {
    return [...this.fromFile, ...this.#fromApi];
  }

  byId(id: string): Subscription | undefined {
    return this.current().find((s) => s.id === id);
  }

  async refresh(): Promise<void> {
    this.#fromApi = await this.store.list();
  }
}
