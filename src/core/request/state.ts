// A request as stored: one JSON document per request, parsed with zod when read back.
import { z } from 'zod';

export const FormValue = z.union([
  z.string(),
  z.number(),
  z.boolean(),
  z.object({ amount: z.number(), currency: z.string() }).strict(),
]);
export type FormValue = z.infer<typeof FormValue>;
/** Validated form values keyed by field id; an optional field left empty is absent. */
export const FormValues = z.record(z.string(), FormValue);
export type FormValues = z.infer<typeof FormValues>;

export const Decision = z.object({
  outcome: z.enum(['approved', 'rejected']),
  /** who clicked: the approver, their delegate, or "clock"/"rule" for automatic decisions */
  by: z.string(),
  at: z.string(),
  comment: z.string().optional(),
});
export type Decision = z.infer<typeof Decision>;

/** One approver's place in a step. */
export const Slot = z.object({
  email: z.string(),
  /** why this person is asked, shown on their card: "you are Ann's manager" */
  reason: z.string(),
  /** set when the slot was routed to a delegate because the approver is out of office */
  onBehalfOf: z.string().optional(),
  decision: Decision.optional(),
  /** a reassigned slot stays for the record but no longer counts */
  replacedBy: z.string().optional(),
  addedBy: z.string().optional(),
  /** when this person was last asked: handed the step later than its start, or reminded */
  askedAt: z.string().optional(),
  /** reminders sent to this slot so far; names the next reminder's timer */
  reminded: z.number().int().min(0).optional(),
});
export type Slot = z.infer<typeof Slot>;

export const StepStatus = z.enum(['waiting', 'active', 'approved', 'rejected', 'skipped']);
export type StepStatus = z.infer<typeof StepStatus>;

export const StepState = z.object({
  id: z.string(),
  name: z.string(),
  status: StepStatus,
  mode: z.enum(['any', 'all', 'quorum']),
  /** approvals needed: 1 for any, the slot count for all, N for quorum */
  required: z.number().int().min(1).optional(),
  slots: z.array(Slot),
  startedAt: z.string().optional(),
  decidedAt: z.string().optional(),
  /** why the step was skipped or decided automatically */
  note: z.string().optional(),
  /** a decision made by a rule or the clock rather than a person */
  automatic: z.object({ outcome: z.enum(['approved', 'rejected']), by: z.string(), reason: z.string() }).optional(),
  /** 2 and up after a resubmission restarted the step; its clock (SLA, escalation) starts over */
  round: z.number().int().min(1).optional(),
  /** who the step was escalated to, over which waiting approvers: a target who decides acts for them */
  escalation: z.object({ to: z.array(z.string()), over: z.array(z.string()) }).optional(),
  /** people staffing left out by segregation of duties, and why: shown on the card */
  leftOut: z.array(z.string()).optional(),
  /** set while nobody eligible is left to decide the step: the request waits for an admin */
  unstaffed: z.string().optional(),
});
export type StepState = z.infer<typeof StepState>;

export const RequestStatus = z.enum(['pending', 'changes_requested', 'approved', 'rejected', 'recalled']);
export type RequestStatus = z.infer<typeof RequestStatus>;

export const Link = z.object({
  kind: z.enum(['related', 'parent', 'child', 'duplicate_of', 'duplicated_by', 'started', 'started_by']),
  subject: z.string(),
});
export type Link = z.infer<typeof Link>;

export const RequestState = z.object({
  id: z.string(),
  flowId: z.string(),
  flowVersion: z.string(),
  flowName: z.string(),
  title: z.string(),
  requester: z.string(),
  form: FormValues,
  status: RequestStatus,
  steps: z.array(StepState),
  /** index into steps of the step being decided, absent when the request is closed */
  current: z.number().int().optional(),
  submittedAt: z.string(),
  updatedAt: z.string(),
  closedAt: z.string().optional(),
  sentBack: z.object({ by: z.string(), at: z.string(), reason: z.string() }).optional(),
  rejection: z.object({ by: z.string(), at: z.string(), reason: z.string() }).optional(),
  links: z.array(Link).default([]),
  /** bumped on every change; updates are compare-and-set on it */
  version: z.number().int().min(1),
});
export type RequestState = z.infer<typeof RequestState>;
