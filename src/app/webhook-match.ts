// Which subscriptions want which of a command's events, and the body each delivery carries.
// Pure: called inside the engine's transaction (persist.ts finish()), so a webhook is queued
// exactly when its event commits, and never for a refused or rolled-back command.
import { createHash } from 'node:crypto';
import type { CaseState } from '../core/case/state.ts';
import type { Change, FollowUp } from '../core/change.ts';
import type { DomainEvent } from '../core/events.ts';
import type { LoadedRequestFlow } from '../core/flow-runtime.ts';
import type { RequestState } from '../core/request/state.ts';
import type { NewWebhookDelivery, Subscription } from '../ports/webhooks.ts';

/** "request.approved" matches "request.approved", "request.*" and "*" */
export function wants(s: Subscription, type: string, flowId: string): boolean {
  if (s.flows && !s.flows.includes(flowId)) return false;
  return s.events.some((e) => e === '*' || e === type || (e.endsWith('.*') && type.startsWith(e.slice(0, -1))));
}

/** the Standard Webhooks payload shape: type, timestamp, data */
export function webhookPayload(event: DomainEvent, flowId: string): string {
  const { via, ...data } = event.data;
  return JSON.stringify({
    type: event.type,
    timestamp: event.at,
    data: { subject: event.subject, id: event.subject.replace(/^(request|case):/, ''), flow: flowId, actor: event.actor, ...(typeof via === 'string' ? { via } : {}), event: data },
  });
}

export function webhookDeliveries(events: readonly DomainEvent[], flowId: string, subscriptions: readonly Subscription[]): NewWebhookDelivery[] {
  const rows: NewWebhookDelivery[] = [];
  for (const event of events) {
    for (const s of subscriptions) {
      if (wants(s, event.type, flowId)) rows.push({ subscription: s.id, eventType: event.type, subject: event.subject, payload: webhookPayload(event, flowId) });
    }
  }
  return rows;
}

/** the id under which a system step's endpoint is found (WebhookRegistry resolves it from the flows) */
export const systemTargetId = (flowId: string, stepId: string): string => `step:${flowId}:${stepId}`;

/**
 * The calls a change owes to other systems: one per system step it started. Queued like a
 * webhook, in the same transaction, so a step is called exactly when its start commits.
 */
export function systemCalls(change: Change<RequestState>, flow: LoadedRequestFlow): NewWebhookDelivery[] {
  const r = change.state;
  const rows: NewWebhookDelivery[] = [];
  for (const event of change.events) {
    if (event.type !== 'request.step_started') continue;
    const def = flow.def.steps.find((s) => s.id === event.data.step);
    if (!def?.system) continue;
    const payload = JSON.stringify({
      type: 'request.system_step',
      timestamp: event.at,
      data: { subject: event.subject, id: r.id, flow: flow.def.id, step: def.id, title: r.title, requester: r.requester, form: r.form, callback: `/api/v1/requests/${r.id}/steps/${def.id}/complete` },
    });
    rows.push({ subscription: systemTargetId(flow.def.id, def.id), eventType: 'request.system_step', subject: event.subject, payload });
  }
  return rows;
}

/** the id of a rule's webhook target: the same url and secret in two rules are one target */
export const ruleTargetId = (url: string, secretEnv: string): string => `rule:${createHash('sha256').update(`${url}\n${secretEnv}`).digest('hex').slice(0, 24)}`;

/** a rule's `webhook:` call, with the item as it is after the change that fired the rule */
export function ruleCall(call: Extract<FollowUp, { kind: 'webhook.call' }>, item: RequestState | CaseState, at: string) {
  const kind = call.subject.startsWith('request:') ? 'request' : 'case';
  const payload = JSON.stringify({
    type: `${kind}.rule_webhook`,
    timestamp: at,
    data: { subject: call.subject, id: item.id, flow: call.flowId, title: item.title, status: item.status, version: item.version + 1 },
  });
  return { subscription: ruleTargetId(call.url, call.secretEnv), eventType: `${kind}.rule_webhook`, subject: call.subject, payload };
}
