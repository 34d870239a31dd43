// Webhook subscriptions made through the API (migrations/011_api.ts).
import type { Knex } from 'knex';
import { z } from 'zod';
import type { Store } from '../ports/store.ts';
import type { Subscription, WebhookSubscriptionStore } from '../ports/webhooks.ts';
import { SqlStore } from './sql-store.ts';
import { parseStored } from './stored-json.ts';

interface Row {
  id: string;
  name: string;
  url: string;
  secret: string;
  events: string;
  flows: string | null;
}

const Names = z.array(z.string());

export class SqlWebhookSubscriptions implements WebhookSubscriptionStore {
  constructor(private readonly knex: Knex) {}

  async list(): Promise<Subscription[]> {
    const rows = (await this.knex('webhook_subscriptions').select('*').orderBy('created_at')) as Row[];
    return rows.map((r) => ({
      id: r.id,
      name: r.name,
      url: r.url,
      secret: r.secret,
      events: parseStored(Names, 'webhook events of', r.id, r.events),
      flows: r.flows === null ? null : parseStored(Names, 'webhook flows of', r.id, r.flows),
      source: 'api' as const,
    }));
  }

  async insert(s: Subscription, at: string): Promise<void> {
    await this.knex('webhook_subscriptions').insert({ id: s.id, name: s.name, url: s.url, secret: s.secret, events: JSON.stringify(s.events), flows: s.flows ? JSON.stringify(s.flows) : null, created_at: at });
  }

  async remove(id: string): Promise<boolean> {
    return (await this.knex('webhook_subscriptions').where({ id }).delete()) > 0;
  }
}

export function webhookSubscriptionsOf(store: Store): WebhookSubscriptionStore {
  if (!(store instanceof SqlStore)) throw new Error('webhook subscriptions need a store opened by openStore()');
  return new SqlWebhookSubscriptions(store.knex);
}
