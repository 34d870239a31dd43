// What each "one of several forms" place in a flow file accepts, said the way an author writes
// it. zod cannot say this itself: every branch of a union fails, so it only knows "no match".
import type { PathSegment } from './problem.ts';

const APPROVER = 'an approver: {person: EMAIL}, {group: ID}, {role: ID} or {manager: requester, level: N}';
const RECIPIENT = 'a recipient: {person: EMAIL}, {group: ID}, {role: ID}, {manager: requester}, {requester: true}, {owner: true} or {channel: NAME}';
const HINTS: Record<string, string> = {
  approvers: APPROVER,
  addApprover: APPROVER,
  to: RECIPIENT,
  manager: '"requester" or {field: ID} (a person field)',
  owner: '{person: EMAIL}, {group: ID, strategy: round-robin | least-loaded} or "opener"',
  assignOwner: '{person: EMAIL} or {group: ID, strategy: round-robin | least-loaded}',
  reminders: '"never" or {every: DURATION}',
  statusUpdates: '"never" or {every: DURATION}',
  onApprove: 'an action: notify, openCase or startRequest',
  onReject: 'an action: notify, openCase or startRequest',
};
const REQUEST_RULE_ACTION = 'an action: notify, openCase, startRequest, escalate, autoApprove, autoReject or addApprover';
const CASE_RULE_ACTION = 'an action: notify, assignOwner, setPriority, addTask, escalate, startRequest or openCase';

/** The union's name is the nearest key above it: approvers[2] → approvers, notify.to → to. */
export function unionHint(path: readonly PathSegment[], data: unknown): string | undefined {
  const key = [...path].reverse().find((seg): seg is string => typeof seg === 'string');
  if (key === 'then') {
    const kind = (data as { kind?: unknown } | null)?.kind;
    return kind === 'case' ? CASE_RULE_ACTION : REQUEST_RULE_ACTION;
  }
  return key === undefined ? undefined : HINTS[key];
}
