// One REST route as data: where it lives, what it needs (scope), what it takes and gives (zod),
// and what it does. mount.ts serves the table and openapi.ts documents the very same table.
import type { z } from 'zod';
import type { Engine } from '../../src/app/execute.ts';
import type { Scope } from '../../src/app/api-tokens.ts';
import type { FlowRegistry } from '../../src/flows/registry.ts';
import type { WebhookRegistry } from '../../src/app/webhook-registry.ts';
import type { ItemQueries } from '../../src/ports/api.ts';
import type { WebhookOutbox, WebhookSubscriptionStore } from '../../src/ports/webhooks.ts';
import type { Method } from '../http/router.ts';
import type { ApiClient } from './client.ts';

export interface ApiDeps {
  engine: Engine;
  queries: ItemQueries;
  flows: FlowRegistry;
  webhooks: { registry: WebhookRegistry; subscriptions: WebhookSubscriptionStore; outbox: WebhookOutbox };
  now: () => Date;
}

export interface Call<P, Q, B> {
  params: P;
  query: Q;
  body: B;
  client: ApiClient;
  deps: ApiDeps;
  /** the path called, for a problem's `instance` */
  instance: string;
}

export interface Reply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

type Obj = z.ZodObject;

export interface ApiRoute<P extends Obj = Obj, Q extends Obj = Obj, B extends z.ZodType = z.ZodType> {
  method: Method;
  /** OpenAPI style: /api/v1/requests/{id} */
  path: string;
  operationId: string;
  summary: string;
  tag: 'requests' | 'cases' | 'flows' | 'webhooks';
  scope: Scope;
  params?: P;
  query?: Q;
  body?: B;
  /** an engine command: takes Idempotency-Key and Docket-Act-As */
  write: boolean;
  ok: { status: 200 | 201; schema: z.ZodType; description: string };
  /** problem statuses this route answers besides 400, 401, 403 and 429 */
  problems: number[];
  handle(call: Call<z.output<P>, z.output<Q>, z.output<B>>): Promise<Reply>;
}

/** keeps each route's types while the table holds them all */
export function route<P extends Obj, Q extends Obj, B extends z.ZodType>(r: ApiRoute<P, Q, B>): ApiRoute {
  return r as unknown as ApiRoute;
}
