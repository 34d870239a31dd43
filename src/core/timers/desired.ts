// Timers are declarative: a pure function of a request's or case's state (plus its flow and the
// directory) says which timers it should have now. The app writes that set on every commit, in
// the same transaction as the change, so a decision cancels its step's reminders by the same
// write that records it. Ids are deterministic keys, so recomputing finds the rows written before.

export type SlaClock = 'response' | 'resolution';

/** What a timer does when it fires; `kind` is also the stored `timers.kind` column. */
export type TimerWhat =
  /** remind one pending approver (slot = index in the step's slots) */
  | { kind: 'request.remind'; step: string; slot: number; approver: string; n: number }
  /** the step's SLA is 75 % gone: redraw the cards so they say "at risk" */
  | { kind: 'request.at_risk'; step: string }
  /** the step's SLA is gone: record it, redraw, and escalate when the escalation has no own time */
  | { kind: 'request.breach'; step: string }
  | { kind: 'request.escalate'; step: string }
  | { kind: 'request.auto_decide'; step: string; decision: 'approve' | 'reject'; after: string }
  | { kind: 'case.at_risk'; which: SlaClock }
  | { kind: 'case.breach'; which: SlaClock }
  /** remind the owner to post a status update */
  | { kind: 'case.status_update'; n: number }
  /** a task is due: remind its assignee (the owner when nobody is assigned) */
  | { kind: 'case.task_due'; task: string }
  /** a task stayed overdue: tell the case's owner */
  | { kind: 'case.task_overdue'; task: string };

export type TimerKind = TimerWhat['kind'];

export const TIMER_KINDS: readonly TimerKind[] = [
  'request.remind',
  'request.at_risk',
  'request.breach',
  'request.escalate',
  'request.auto_decide',
  'case.at_risk',
  'case.breach',
  'case.status_update',
  'case.task_due',
  'case.task_overdue',
];

export interface DesiredTimer {
  /** deterministic: "request:R-1:manager:slot0:remind:3", "case:C-2:resolution:breach" */
  id: string;
  /** "request:R-1" or "case:C-2": a commit replaces the pending timers of its subject */
  subject: string;
  /** ISO instant */
  dueAt: string;
  what: TimerWhat;
}

/** The share of an SLA window after which a card says "at risk" (see time/sla.ts slaState). */
export const AT_RISK_FRACTION = 0.75;

/** The instant `fraction` of the way from start to due; undefined for an empty window. */
export function atRiskInstant(start: Date, due: Date, fraction = AT_RISK_FRACTION): Date | undefined {
  const window = due.getTime() - start.getTime();
  if (window <= 0) return undefined;
  return new Date(start.getTime() + Math.ceil(window * fraction));
}
