// The shape of flows/tests/*.yaml: tests an admin writes beside the flows, run by `docket test`.
// One file tests one flow; each test gives a requester (or opener), a form, optionally a time
// and people out of office, what happens, and what is expected. Validated with zod like every
// flow file, so a mistake is reported at its file:line:col.
import { z } from 'zod';
import { Email, Id } from './model.ts';

/** "2026-12-24T10:00" (in the zone that applies), "2026-12-24T10:00 Europe/Berlin", or with Z / an offset */
export const LocalTime = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2})?)?(Z|[+-]\d{2}:?\d{2})?( [A-Za-z_]+\/[A-Za-z_/+-]+| UTC)?$/, 'a time such as 2026-12-24T10:00, optionally followed by a zone such as Europe/Berlin');

const IsoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD');

export const AwayOverride = z.object({ person: Email, from: IsoDay, until: IsoDay, delegate: Email.optional() }).strict();

/** the directory as it is for this test: people away (replacing what org.yaml says for them), people back */
export const DirectoryOverrides = z.object({ away: z.array(AwayOverride).default([]), present: z.array(Email).default([]) }).strict();

export const DecisionSpec = z
  .object({
    step: Id.optional(),
    outcome: z.enum(['approve', 'reject']),
    by: Email.optional(),
    comment: z.string().max(500).optional(),
  })
  .strict();

const NoticeExpectation = z
  .object({
    /** everyone it goes to (emails, or #channel), in any order */
    to: z.array(z.string().min(1)).min(1).optional(),
    /** a part of the text */
    text: z.string().min(1).optional(),
  })
  .strict();
const OpenedExpectation = z.object({ flow: Id, title: z.string().optional(), priority: Id.optional() }).strict();

const effects = {
  /** the notices sent, in order; [] expects none */
  notices: z.array(NoticeExpectation).optional(),
  /** cases a rule or an outcome opens; [] expects none */
  casesOpened: z.array(OpenedExpectation).optional(),
  /** requests a rule starts; [] expects none */
  requestsStarted: z.array(z.object({ flow: Id }).strict()).optional(),
};

export const StepExpectation = z.union([
  z.enum(['applied', 'skipped', 'not_reached']),
  z
    .object({
      status: z.enum(['applied', 'skipped', 'not_reached']).optional(),
      /** exactly these people are asked, in any order */
      approvers: z.array(Email).optional(),
      /** approvals needed */
      required: z.number().int().min(1).optional(),
      result: z.enum(['approved', 'rejected', 'waiting', 'auto_approved', 'auto_rejected']).optional(),
      /** the step's SLA due time, in the step's time zone unless the text names one */
      slaDue: LocalTime.optional(),
    })
    .strict(),
]);

export const RequestTest = z
  .object({
    name: z.string().min(1).max(200),
    as: Email,
    at: LocalTime.optional(),
    form: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])),
    directory: DirectoryOverrides.optional(),
    /** in order; absent: everyone approves */
    decisions: z.array(DecisionSpec).optional(),
    expect: z
      .object({
        steps: z.record(Id, StepExpectation).optional(),
        outcome: z.enum(['approved', 'rejected', 'pending']).optional(),
        /** the refusal code when the submission or a decision is expected to be refused */
        refused: z.string().optional(),
        ...effects,
      })
      .strict(),
  })
  .strict();
export type RequestTest = z.infer<typeof RequestTest>;

export const CaseEventSpec = z.union([
  z.object({ status: Id, by: Email.optional() }).strict(),
  z.object({ priority: Id, by: Email.optional() }).strict(),
  z.object({ resolve: z.string().min(1).max(500), by: Email.optional() }).strict(),
  z.object({ reopen: z.string().min(1).max(500), by: Email.optional() }).strict(),
  z.object({ assign: Email, by: Email.optional() }).strict(),
  z.object({ note: z.string().min(1).max(500), by: Email.optional() }).strict(),
  /** let time pass ("4 business hours", "2 days"); timers due meanwhile fire */
  z.object({ wait: z.string().min(2).max(40) }).strict(),
]);
export type CaseEventSpec = z.infer<typeof CaseEventSpec>;

export const CaseTest = z
  .object({
    name: z.string().min(1).max(200),
    as: Email,
    at: LocalTime.optional(),
    title: z.string().min(1).max(200).default('A test case'),
    priority: Id.optional(),
    fields: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).default({}),
    directory: DirectoryOverrides.optional(),
    events: z.array(CaseEventSpec).default([]),
    expect: z
      .object({
        status: Id.optional(),
        priority: Id.optional(),
        owner: Email.optional(),
        /** SLA due times still running, in the owner's time zone unless the text names one */
        sla: z.object({ response: LocalTime.optional(), resolution: LocalTime.optional() }).strict().optional(),
        /** SLA clocks that breached during the test */
        breached: z.array(z.enum(['response', 'resolution'])).optional(),
        refused: z.string().optional(),
        ...effects,
      })
      .strict(),
  })
  .strict();
export type CaseTest = z.infer<typeof CaseTest>;

export const TestFile = z.discriminatedUnion('kind', [
  z.object({ flow: Id, kind: z.literal('request'), tests: z.array(RequestTest).min(1).max(200) }).strict(),
  z.object({ flow: Id, kind: z.literal('case'), tests: z.array(CaseTest).min(1).max(200) }).strict(),
]);
export type TestFile = z.infer<typeof TestFile>;
