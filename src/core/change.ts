// What a command produces when it is accepted: the new state, the events that explain it, and
// work that must happen in the same transaction (a case a rule opens, a request it starts).
import type { DomainEvent } from './events.ts';
import type { Delivery } from './delivery.ts';
import type { FormValues } from './request/state.ts';

export type FollowUp =
  | { kind: 'case.open'; flowId: string; title: string; priority?: string; fields: Record<string, unknown>; openedBy: string; linkTo: string }
  | { kind: 'request.start'; flowId: string; form: Record<string, unknown>; requester: string; linkTo: string }
  /** a rule's `webhook:` action: queued in the webhook outbox with the item's state after the change */
  | { kind: 'webhook.call'; flowId: string; url: string; secretEnv: string; subject: string };

export interface Change<S> {
  state: S;
  events: DomainEvent[];
  /** notifications from rules and outcomes; cards and thread replies are derived separately */
  notices: Delivery[];
  followUps: FollowUp[];
}

export function change<S>(state: S): Change<S> {
  return { state, events: [], notices: [], followUps: [] };
}

export type { FormValues };
