// The shape of the files admins write under flows/. These zod schemas are the single source of
// truth: the loader validates YAML against them, the JSON Schema for editors is generated from
// them, and the types the engine uses are inferred from them.
import { z } from 'zod';

export const Id = z
  .string()
  .regex(/^[a-z][a-z0-9_-]{0,62}$/, 'an id: lower-case letters, digits, "-" or "_", starting with a letter');
export const Email = z
  .string()
  .max(254)
  .regex(/^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/, 'an email address')
  .transform((s) => s.toLowerCase());
/** "30m", "4h", "2 days", "2 business days", "1 business hour"; parsed by src/core/time/duration.ts */
export const Duration = z.string().min(2).max(40);
export const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD');
/** A CEL expression, compiled once at load (src/flows/cel.ts). */
export const Cel = z.string().min(1).max(2000);
/** Text with {{ CEL }} placeholders, e.g. "Dispute: {{ form.item }}". */
export const Template = z.string().min(1).max(2000);

// ---------------------------------------------------------------- form fields

const fieldBase = {
  id: Id,
  label: z.string().min(1).max(150),
  help: z.string().max(500).optional(),
  required: z.boolean().default(false),
};

export const Field = z.discriminatedUnion('type', [
  z.object({ ...fieldBase, type: z.literal('text'), minLength: z.number().int().min(0).optional(), maxLength: z.number().int().min(1).max(3000).default(300) }).strict(),
  z.object({ ...fieldBase, type: z.literal('longtext'), minLength: z.number().int().min(0).optional(), maxLength: z.number().int().min(1).max(3000).default(3000) }).strict(),
  z.object({ ...fieldBase, type: z.literal('number'), min: z.number().optional(), max: z.number().optional(), integer: z.boolean().default(false) }).strict(),
  z.object({ ...fieldBase, type: z.literal('money'), currencies: z.array(z.string().regex(/^[A-Z]{3}$/, 'an ISO 4217 currency code such as EUR')).min(1).default(['EUR']), min: z.number().optional(), max: z.number().optional() }).strict(),
  z.object({ ...fieldBase, type: z.literal('date'), notBefore: z.union([z.literal('today'), IsoDate]).optional(), notAfter: IsoDate.optional() }).strict(),
  z.object({ ...fieldBase, type: z.literal('choice'), options: z.array(z.object({ id: Id, label: z.string().min(1).max(75) }).strict()).min(1).max(100) }).strict(),
  z.object({ ...fieldBase, type: z.literal('person') }).strict(),
  z.object({ ...fieldBase, type: z.literal('yesno') }).strict(),
]);
export type Field = z.infer<typeof Field>;
export type FieldType = Field['type'];

// ---------------------------------------------------------------- who

/** Whose manager: the requester's, or the person named in a form field of type person. */
export const ManagerOf = z.union([z.literal('requester'), z.object({ field: Id }).strict()]);

/** One way of naming approvers. */
export const ApproverSpec = z.union([
  z.object({ person: Email }).strict(),
  z.object({ group: Id }).strict(),
  z.object({ role: Id }).strict(),
  /** level 1 = the manager, 2 = the manager's manager */
  z.object({ manager: ManagerOf, level: z.number().int().min(1).max(5).default(1) }).strict(),
]);
export type ApproverSpec = z.infer<typeof ApproverSpec>;

/** Where a notification goes. */
export const Recipient = z.union([
  z.object({ person: Email }).strict(),
  z.object({ group: Id }).strict(),
  z.object({ role: Id }).strict(),
  z.object({ manager: ManagerOf, level: z.number().int().min(1).max(5).default(1) }).strict(),
  /** the manager of each approver still waiting on the step: an escalation target */
  z.object({ manager: z.literal('approver'), level: z.number().int().min(1).max(5).default(1) }).strict(),
  z.object({ requester: z.literal(true) }).strict(),
  z.object({ owner: z.literal(true) }).strict(),
  z.object({ channel: z.string().min(1).max(200) }).strict(),
]);
export type Recipient = z.infer<typeof Recipient>;

/** Who may do something (raise a request type, open a case type, run a case command). */
export const Audience = z.union([
  z.literal('everyone'),
  z.object({ person: Email }).strict(),
  z.object({ group: Id }).strict(),
  z.object({ role: Id }).strict(),
]);
export type Audience = z.infer<typeof Audience>;

/**
 * Where a command may be used: dm (a direct message with Docket in Slack or Teams), channel
 * (any shared channel or group chat), case-channel (the channel a case type lives in: its own
 * for a case flow, any case type's for a request flow), console (the web console), api (REST).
 */
export const Place = z.enum(['dm', 'channel', 'case-channel', 'console', 'api']);
export type Place = z.infer<typeof Place>;

/** People the flow names who may never approve: a person field of the form, or people by name. */
export const Conflicted = z.union([z.object({ field: Id }).strict(), z.object({ person: Email }).strict(), z.object({ group: Id }).strict(), z.object({ role: Id }).strict()]);
export type Conflicted = z.infer<typeof Conflicted>;

/** How long a closed item is kept: "2 years", "18 months", "90 days". */
export const Retention = z.string().regex(/^\s*\d{1,4}\s+(day|days|month|months|year|years)\s*$/, 'a period such as "2 years", "18 months" or "90 days"');

// ---------------------------------------------------------------- actions

export const NotifyAction = z.object({ notify: z.object({ to: Recipient, text: Template }).strict() }).strict();
export const OpenCaseAction = z
  .object({
    openCase: z
      .object({
        type: Id,
        title: Template,
        priority: Id.optional(),
        /** case intake field id → CEL expression over the request */
        fields: z.record(Id, Cel).default({}),
      })
      .strict(),
  })
  .strict();
export const StartRequestAction = z
  .object({
    startRequest: z
      .object({
        type: Id,
        /** request form field id → CEL expression */
        fields: z.record(Id, Cel).default({}),
      })
      .strict(),
  })
  .strict();
export const AssignOwnerAction = z.object({ assignOwner: z.union([z.object({ person: Email }).strict(), z.object({ group: Id, strategy: z.enum(['round-robin', 'least-loaded']).default('round-robin') }).strict()]) }).strict();
export const SetPriorityAction = z.object({ setPriority: Id }).strict();
export const AddTaskAction = z.object({ addTask: z.object({ title: Template, due: Duration.optional() }).strict() }).strict();
export const EscalateAction = z.object({ escalate: z.object({ to: Recipient, text: Template.optional() }).strict() }).strict();
export const AutoDecideAction = z.union([
  z.object({ autoApprove: z.object({ reason: z.string().min(1).max(300) }).strict() }).strict(),
  z.object({ autoReject: z.object({ reason: z.string().min(1).max(300) }).strict() }).strict(),
]);
export const AddApproverAction = z.object({ addApprover: ApproverSpec }).strict();

/** Fire and forget: POST the item's state to a URL, signed per Standard Webhooks, retried, SSRF-filtered. */
export const WebhookAction = z
  .object({
    webhook: z
      .object({
        url: z.url({ protocol: /^https?$/ }),
        secretEnv: z.string().regex(/^[A-Z_][A-Z0-9_]*$/, 'an environment variable name such as ERP_WEBHOOK_SECRET'),
      })
      .strict(),
  })
  .strict();

export const RequestAction = z.union([NotifyAction, OpenCaseAction, StartRequestAction, EscalateAction, AutoDecideAction, AddApproverAction, WebhookAction]);
export type RequestAction = z.infer<typeof RequestAction>;
export const OutcomeAction = z.union([NotifyAction, OpenCaseAction, StartRequestAction, WebhookAction]);
export type OutcomeAction = z.infer<typeof OutcomeAction>;
export const CaseAction = z.union([NotifyAction, AssignOwnerAction, SetPriorityAction, AddTaskAction, EscalateAction, StartRequestAction, OpenCaseAction, WebhookAction]);
export type CaseAction = z.infer<typeof CaseAction>;

// ---------------------------------------------------------------- request flows

/**
 * A step done by another system, not a person: when it starts, Docket calls `url` (signed per
 * Standard Webhooks, retried, SSRF-filtered like every webhook) and waits for the system to
 * report back through POST /api/v1/requests/{id}/steps/{step}/complete as `reporter` (an API
 * token acting for that person), or for the step's autoDecision, its timeout.
 */
export const SystemCall = z
  .object({
    /** how the card names the wait: "waiting on the identity system" */
    name: z.string().min(1).max(80),
    url: z.url({ protocol: /^https?$/ }),
    secretEnv: z.string().regex(/^[A-Z_][A-Z0-9_]*$/, 'an environment variable name such as IDM_WEBHOOK_SECRET'),
    reporter: Email,
  })
  .strict();
export type SystemCall = z.infer<typeof SystemCall>;

export const Step = z
  .object({
    id: Id,
    name: z.string().min(1).max(100),
    /** people who decide; a system step has none (its reporter reports back instead) */
    approvers: z.array(ApproverSpec).optional(),
    system: SystemCall.optional(),
    mode: z.enum(['any', 'all', 'quorum']).default('any'),
    /** with mode: quorum, how many approvals complete the step */
    quorum: z.number().int().min(1).optional(),
    /** CEL; false → the step is skipped and the skip recorded */
    when: Cel.optional(),
    /**
     * `when` in people's words, for cards and timelines (which never show CEL): why the step is
     * needed ("the order is over 20,000 EUR") and why not. Without it, Docket words simple
     * comparisons itself and calls anything else a rule of the flow. `docket simulate` and
     * `docket test` show the same words.
     */
    explain: z
      .object({ needed: z.string().min(1).max(200).optional(), notNeeded: z.string().min(1).max(200).optional() })
      .strict()
      .optional(),
    allowSendBack: z.boolean().default(true),
    sla: Duration.optional(),
    reminders: z.union([z.literal('never'), z.object({ every: Duration }).strict()]).default('never'),
    escalation: z.object({ after: Duration.optional(), to: Recipient }).strict().optional(),
    autoDecision: z.object({ after: Duration, decision: z.enum(['approve', 'reject']) }).strict().optional(),
    /** segregation of duties for this step; absent, the flow's distinctApprovers applies */
    distinctApprovers: z.boolean().optional(),
  })
  .strict()
  // approvers are required of a person's step only; reported even beside other shape problems
  .superRefine(
    (s, ctx) => {
      if (typeof s === 'object' && s !== null && !s.system && s.approvers === undefined) ctx.addIssue({ code: 'invalid_type', expected: 'array', input: undefined, path: ['approvers'] });
    },
    { when: () => true } as never,
  )
  .transform((s) => ({ ...s, approvers: s.approvers ?? [] }));
export type Step = z.infer<typeof Step>;

export const RequestRule = z
  .object({
    on: z.enum(['submitted', 'step_started', 'approved', 'rejected']),
    /** with on: step_started, only this step */
    step: Id.optional(),
    when: Cel.optional(),
    /** the condition in people's words, shown by simulate and tests */
    explain: z.string().min(1).max(200).optional(),
    then: z.array(RequestAction).min(1),
  })
  .strict();
export type RequestRule = z.infer<typeof RequestRule>;

export const RequestFlow = z
  .object({
    kind: z.literal('request'),
    id: Id,
    name: z.string().min(1).max(100),
    description: z.string().max(1000).optional(),
    /** CEL over form/requester giving the request's title; defaults to the flow name */
    title: Template.optional(),
    form: z.array(Field).min(1).max(50),
    steps: z.array(Step).min(1).max(20),
    onApprove: z.array(OutcomeAction).default([]),
    onReject: z.array(OutcomeAction).default([]),
    rules: z.array(RequestRule).default([]),
    /** who may raise this request type; absent: org.yaml permissions.raise, else everyone */
    raise: z.array(Audience).min(1).optional(),
    /** where it may be raised; absent: anywhere */
    where: z.array(Place).min(1).optional(),
    /** who administers this flow: told when a step cannot be staffed; absent: the admin role */
    admins: z.array(Audience).min(1).optional(),
    /**
     * segregation of duties: nobody decides two steps of one request, and the requester, their
     * delegate and the people in neverApprove never approve it
     */
    distinctApprovers: z.boolean().default(false),
    neverApprove: z.array(Conflicted).default([]),
    /** how long a request is kept after it closes; then its personal data is redacted */
    retention: Retention.optional(),
    /** form fields that hold personal data: redacted when retention runs out or on erasure */
    personalData: z.array(Id).default([]),
  })
  .strict();
export type RequestFlow = z.infer<typeof RequestFlow>;

// ---------------------------------------------------------------- case flows

export const CaseStatus = z
  .object({
    id: Id,
    name: z.string().min(1).max(60),
    /** open: work goes on; waiting: open, SLA clock paused; closed: resolved */
    category: z.enum(['open', 'waiting', 'closed']),
  })
  .strict();
export type CaseStatus = z.infer<typeof CaseStatus>;

export const Priority = z
  .object({
    id: Id,
    name: z.string().min(1).max(60),
    response: Duration.optional(),
    resolution: Duration.optional(),
  })
  .strict();
export type Priority = z.infer<typeof Priority>;

export const OwnerRouting = z.union([
  z.object({ person: Email }).strict(),
  z.object({ group: Id, strategy: z.enum(['round-robin', 'least-loaded']).default('round-robin') }).strict(),
  z.literal('opener'),
]);
export type OwnerRouting = z.infer<typeof OwnerRouting>;

export const CaseRule = z
  .object({
    on: z.enum(['opened', 'priority_changed', 'status_changed', 'sla_breached']),
    when: Cel.optional(),
    /** the condition in people's words, shown by simulate and tests */
    explain: z.string().min(1).max(200).optional(),
    then: z.array(CaseAction).min(1),
  })
  .strict();
export type CaseRule = z.infer<typeof CaseRule>;

/** Where a case type's threads live, per platform: a Slack channel id, a Teams channel id. */
export const ChannelRef = z
  .object({
    name: z.string().min(1).max(80),
    slack: z.string().regex(/^[CG][A-Z0-9]{2,}$/, 'a Slack channel id such as C0123ABCD').optional(),
    teams: z.string().min(3).max(300).optional(),
  })
  .strict();
export type ChannelRef = z.infer<typeof ChannelRef>;

/** The case commands a flow may open up to more people (beyond owner, members and admins). */
export const CaseCommandName = z.enum(['assign', 'add_member', 'add_watcher', 'set_status', 'set_priority', 'link', 'resolve', 'reopen', 'task', 'start_request']);
export type CaseCommandName = z.infer<typeof CaseCommandName>;

/**
 * An inbound hook: POST /api/v1/hooks/<name> with its own secret opens or updates a case of
 * this flow. CEL over `payload` (the JSON body) maps it: a dedup key (a repeat updates the open
 * case with that key), the title, priority and intake fields of a new case, a note for each
 * repeat, and whether the payload says it is over (then a note, or resolve).
 */
export const InboundHook = z
  .object({
    name: Id,
    /** the environment variable holding the hook's secret (sent as Authorization: Bearer …) */
    secretEnv: z.string().regex(/^[A-Z_][A-Z0-9_]*$/, 'an environment variable name such as ALERTMANAGER_HOOK_SECRET'),
    /** the person in org.yaml the hook acts as (a service account is best); audited via hook:<name> */
    actor: Email,
    key: Cel,
    title: Cel,
    priority: Cel.optional(),
    fields: z.record(Id, Cel).default({}),
    note: Cel.optional(),
    resolved: Cel.optional(),
    onResolved: z.enum(['note', 'resolve']).default('note'),
  })
  .strict();
export type InboundHook = z.infer<typeof InboundHook>;

export const CaseFlow = z
  .object({
    kind: z.literal('case'),
    id: Id,
    name: z.string().min(1).max(100),
    description: z.string().max(1000).optional(),
    channel: ChannelRef,
    fields: z.array(Field).max(50).default([]),
    statuses: z.array(CaseStatus).min(2),
    initialStatus: Id,
    /** the status Resolve moves to; defaults to the first closed status */
    resolvedStatus: Id.optional(),
    /** allowed moves; a status missing here may move to any other */
    transitions: z.record(Id, z.array(Id)).default({}),
    priorities: z.array(Priority).min(1),
    defaultPriority: Id,
    owner: OwnerRouting,
    tasks: z.array(z.object({ title: z.string().min(1).max(200), due: Duration.optional() }).strict()).default([]),
    statusUpdates: z.union([z.literal('never'), z.object({ every: Duration }).strict()]).default('never'),
    rules: z.array(CaseRule).default([]),
    /** who may open this case type; absent: org.yaml permissions.open, else everyone */
    open: z.array(Audience).min(1).optional(),
    /** where it may be opened and worked on; absent: anywhere */
    where: z.array(Place).min(1).optional(),
    /** who administers this flow; absent: the admin role */
    admins: z.array(Audience).min(1).optional(),
    /** who else (beyond the owner, members and admins) may run a case command */
    commands: z.partialRecord(CaseCommandName, z.array(Audience).min(1)).default({}),
    retention: Retention.optional(),
    personalData: z.array(Id).default([]),
    inbound: z.array(InboundHook).default([]),
  })
  .strict();
export type CaseFlow = z.infer<typeof CaseFlow>;

export const FlowFile = z.discriminatedUnion('kind', [RequestFlow, CaseFlow]);
export type FlowFile = z.infer<typeof FlowFile>;

// ---------------------------------------------------------------- org.yaml

const HhMm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time as HH:MM');
export const Weekday = z.enum(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']);

export const Calendar = z
  .object({
    timezone: z.string().min(1).max(64),
    workingDays: z.array(Weekday).min(1).default(['mon', 'tue', 'wed', 'thu', 'fri']),
    hours: z.object({ start: HhMm, end: HhMm }).strict().default({ start: '09:00', end: '17:00' }),
    holidays: z.array(z.object({ date: IsoDate, name: z.string().min(1).max(100) }).strict()).default([]),
  })
  .strict();
export type Calendar = z.infer<typeof Calendar>;

export const Absence = z.object({ from: IsoDate, until: IsoDate, delegate: Email.optional() }).strict();
export type Absence = z.infer<typeof Absence>;

export const Person = z
  .object({
    email: Email,
    name: z.string().min(1).max(100),
    manager: Email.optional(),
    department: z.string().max(100).optional(),
    timezone: z.string().min(1).max(64).optional(),
    slackId: z.string().regex(/^[UW][A-Z0-9]{2,}$/, 'a Slack user id such as U0123ABCD').optional(),
    teamsId: z.string().min(1).max(100).optional(),
    outOfOffice: z.array(Absence).default([]),
  })
  .strict();
export type Person = z.infer<typeof Person>;

export const Org = z
  .object({
    calendar: Calendar,
    people: z.array(Person).min(1),
    groups: z.array(z.object({ id: Id, name: z.string().min(1).max(100), members: z.array(Email).min(1) }).strict()).default([]),
    /** roles with a fixed meaning to Docket: admin (may act on anything, receives what cannot be routed) */
    roles: z.array(z.object({ id: Id, name: z.string().min(1).max(100).optional(), members: z.array(Email).min(1) }).strict()).default([]),
    /** defaults for flows that do not say: who may raise requests and open cases */
    permissions: z
      .object({ raise: z.array(Audience).min(1).optional(), open: z.array(Audience).min(1).optional() })
      .strict()
      .default({}),
  })
  .strict();
export type Org = z.infer<typeof Org>;
