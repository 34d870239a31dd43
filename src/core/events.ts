// Domain events: the timeline of every request and case, and the rows of the audit log.
// Stored names are forever (house style 12): add new types, never rename these.

export type RequestEventType =
  | 'request.submitted'
  | 'request.step_started'
  | 'request.step_skipped'
  | 'request.approver_routed'
  | 'request.approved_by'
  | 'request.rejected_by'
  | 'request.step_approved'
  | 'request.step_rejected'
  | 'request.sent_back'
  | 'request.resubmitted'
  | 'request.recalled'
  | 'request.reassigned'
  | 'request.approver_added'
  | 'request.approved'
  | 'request.rejected'
  | 'request.rule_fired'
  | 'request.rule_failed'
  | 'request.linked'
  // surfaces and people (issue 9)
  | 'request.commented'
  // the clock (issue 3)
  | 'request.reminded'
  | 'request.sla_breached'
  | 'request.escalated'
  // governance (issue 10)
  | 'request.step_unstaffed';

export type CaseEventType =
  | 'case.opened'
  | 'case.owner_changed'
  | 'case.status_changed'
  | 'case.priority_changed'
  | 'case.member_added'
  | 'case.watcher_added'
  | 'case.task_added'
  | 'case.task_assigned'
  | 'case.task_due_set'
  | 'case.task_completed'
  | 'case.task_reopened'
  | 'case.note_added'
  | 'case.linked'
  | 'case.resolved'
  | 'case.reopened'
  | 'case.rule_fired'
  | 'case.rule_failed'
  // the clock (issue 3)
  | 'case.sla_breached'
  | 'case.status_update_requested'
  // surfaces and people (issue 9)
  | 'case.member_removed'
  | 'case.watcher_removed'
  | 'case.muted'
  | 'case.unmuted'
  | 'case.task_overdue';

/** the audit log's own events: an erasure, and the move to per-subject chains (migration 006) */
export type AuditEventType = 'audit.redacted' | 'audit.chains_migrated';

export type EventType = RequestEventType | CaseEventType | AuditEventType;

export interface DomainEvent {
  type: EventType;
  /** "request:R-12" or "case:C-3" ("audit:log" for the log's own events) */
  subject: string;
  /** a person's email, or "clock" / "rule:<flow>#<n>" for automatic changes */
  actor: string;
  at: string;
  data: Record<string, unknown>;
}
