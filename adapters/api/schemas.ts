// The shapes of the REST API, in zod: the handlers parse what comes in with them and build what
// goes out to them, and openapi.ts turns the same objects into the OpenAPI document, so the
// document cannot say one thing while the handlers do another.
import { z } from 'zod';
import { Field } from '../../src/flows/model.ts';

const Email = z.string().max(254).describe('a person\'s email, as in org.yaml');
const Time = z.string().describe('an ISO 8601 time in UTC');
const FormInput = z.record(z.string(), z.unknown()).describe('field id → value, as the flow\'s form describes them (money: {"amount": 12.5, "currency": "EUR"})');
const FormValue = z.union([z.string(), z.number(), z.boolean(), z.object({ amount: z.number(), currency: z.string() })]);

// ------------------------------------------------------------------ what comes in

export const RequestId = z.object({ id: z.string().regex(/^[Rr]-\d{1,12}$/).describe('a request id such as R-12') });
export const CaseId = z.object({ id: z.string().regex(/^[Cc]-\d{1,12}$/).describe('a case id such as C-3') });
export const FlowId = z.object({ id: z.string().min(1).max(64) });

const paging = {
  limit: z.coerce.number().int().min(1).max(200).default(50).describe('items per page'),
  cursor: z.string().max(400).optional().describe('the `next` of the previous page'),
};

export const RequestListQuery = z.object({
  ...paging,
  flow: z.string().max(64).optional(),
  status: z.enum(['pending', 'changes_requested', 'approved', 'rejected', 'recalled']).optional(),
  requester: z.string().max(254).optional(),
});

export const CaseListQuery = z.object({
  ...paging,
  flow: z.string().max(64).optional(),
  status: z.string().max(64).optional().describe('a status id of the case flow'),
  category: z.enum(['open', 'waiting', 'closed']).optional(),
  owner: z.string().max(254).optional(),
  priority: z.string().max(64).optional(),
});

export const NewRequest = z.object({ flow: z.string().min(1).max(64), form: FormInput }).strict();

export const Decision = z
  .object({
    outcome: z.enum(['approved', 'rejected']),
    step: z.string().max(64).optional().describe('the step decided; by default the current one'),
    comment: z.string().max(3000).optional().describe('required when rejecting: the reason'),
  })
  .strict();

export const SendBack = z.object({ reason: z.string().max(3000), step: z.string().max(64).optional() }).strict();
export const StepRef = z.object({ id: RequestId.shape.id, step: z.string().min(1).max(64) });
export const StepReport = z
  .object({
    outcome: z.enum(['ok', 'failed']),
    note: z.string().max(3000).optional().describe('what the system did, or why it failed; on the card and in the audit trail'),
  })
  .strict();
export const Recall = z.object({ reason: z.string().max(3000).optional() }).strict();
export const Resubmit = z.object({ form: FormInput }).strict();
export const Reassign = z
  .object({ to: Email.describe('who decides instead'), from: Email.optional().describe('whose place (default: the caller\'s own; someone else\'s needs an admin)'), step: z.string().max(64).optional() })
  .strict();
export const RequestComment = z.object({ text: z.string().min(1).max(3000) }).strict();
export const AddApprover = z.object({ approver: Email, step: z.string().max(64).optional() }).strict();
export const StartRequest = z.object({ flow: z.string().min(1).max(64), form: FormInput }).strict();

export const NewCase = z
  .object({
    flow: z.string().min(1).max(64),
    title: z.string().min(1).max(200),
    description: z.string().max(3000).optional(),
    priority: z.string().max(64).optional(),
    fields: FormInput.optional(),
  })
  .strict();

export const Comment = z.object({ text: z.string().max(3000) }).strict();

export const CaseCommand = z.discriminatedUnion('type', [
  z.object({ type: z.literal('take') }).strict(),
  z.object({ type: z.literal('assign'), to: Email }).strict(),
  z.object({ type: z.literal('add_member'), person: Email }).strict(),
  z.object({ type: z.literal('remove_member'), person: Email }).strict(),
  z.object({ type: z.literal('add_watcher'), person: Email }).strict(),
  z.object({ type: z.literal('remove_watcher'), person: Email }).strict(),
  z.object({ type: z.literal('mute') }).strict(),
  z.object({ type: z.literal('unmute') }).strict(),
  z.object({ type: z.literal('set_status'), status: z.string().max(64) }).strict(),
  z.object({ type: z.literal('set_priority'), priority: z.string().max(64) }).strict(),
  z.object({ type: z.literal('resolve'), resolution: z.string().max(3000) }).strict(),
  z.object({ type: z.literal('reopen'), reason: z.string().max(3000).optional() }).strict(),
  z.object({ type: z.literal('link'), kind: z.enum(['related', 'parent', 'child', 'duplicate_of', 'duplicated_by']), target: z.string().max(64) }).strict(),
]);

export const TaskCommand = z.discriminatedUnion('type', [
  z.object({ type: z.literal('add'), title: z.string().min(1).max(200), assignee: Email.optional(), due: z.string().max(32).optional() }).strict(),
  z.object({ type: z.literal('assign'), task: z.string().max(16), assignee: Email }).strict(),
  z.object({ type: z.literal('set_due'), task: z.string().max(16), due: z.string().max(32) }).strict(),
  z.object({ type: z.literal('complete'), task: z.string().max(16) }).strict(),
  z.object({ type: z.literal('reopen'), task: z.string().max(16) }).strict(),
]);

// ------------------------------------------------------------------ what goes out

const LinkOut = z.object({ kind: z.string(), subject: z.string() });

export const RequestOut = z.object({
  id: z.string(),
  flow: z.string(),
  flowVersion: z.string(),
  title: z.string(),
  requester: Email,
  status: z.enum(['pending', 'changes_requested', 'approved', 'rejected', 'recalled']),
  form: z.record(z.string(), FormValue),
  currentStep: z.string().optional(),
  steps: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      status: z.enum(['waiting', 'active', 'approved', 'rejected', 'skipped']),
      mode: z.enum(['any', 'all', 'quorum']),
      approvers: z.array(
        z.object({
          email: Email,
          onBehalfOf: Email.optional(),
          replaced: z.boolean(),
          decision: z.object({ outcome: z.enum(['approved', 'rejected']), by: z.string(), at: Time, comment: z.string().optional() }).optional(),
        }),
      ),
      decidedAt: Time.optional(),
      note: z.string().optional(),
    }),
  ),
  submittedAt: Time,
  updatedAt: Time,
  closedAt: Time.optional(),
  links: z.array(LinkOut),
  version: z.number().int(),
});

export const CaseOut = z.object({
  id: z.string(),
  flow: z.string(),
  flowVersion: z.string(),
  title: z.string(),
  description: z.string().optional(),
  status: z.string(),
  category: z.enum(['open', 'waiting', 'closed']),
  priority: z.string(),
  owner: Email.optional(),
  openedBy: Email,
  members: z.array(Email),
  watchers: z.array(Email),
  fields: z.record(z.string(), FormValue),
  tasks: z.array(z.object({ id: z.string(), title: z.string(), assignee: Email.optional(), due: z.string().optional(), done: z.object({ by: z.string(), at: Time }).optional() })),
  links: z.array(LinkOut),
  openedAt: Time,
  updatedAt: Time,
  resolvedAt: Time.optional(),
  resolution: z.string().optional(),
  version: z.number().int(),
});

const page = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), next: z.string().optional().describe('pass as `cursor` for the next page; absent on the last page') });
export const RequestPage = page(RequestOut);
export const CasePage = page(CaseOut);

export const FlowOut = z.object({
  id: z.string(),
  kind: z.enum(['request', 'case']),
  name: z.string(),
  description: z.string().optional(),
  version: z.string(),
  form: z.array(Field).describe('the request form, or the case intake fields'),
  statuses: z.array(z.object({ id: z.string(), name: z.string(), category: z.enum(['open', 'waiting', 'closed']) })).optional(),
  priorities: z.array(z.object({ id: z.string(), name: z.string() })).optional(),
});
export const FlowList = z.object({ items: z.array(FlowOut) });

export const AuditEntry = z.object({
  seq: z.number().int(),
  at: Time,
  actor: z.string().describe('a person, or "clock" / "rule:…" for automatic changes'),
  via: z.string().optional().describe('the integration that acted for the person, e.g. api:hr-system'),
  type: z.string(),
  data: z.record(z.string(), z.unknown()),
  hash: z.string(),
});
export const AuditTrail = z.object({ subject: z.string(), items: z.array(AuditEntry) });

export const ProblemOut = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string(),
  code: z.string().describe('stable: match on this, never on the sentence'),
  instance: z.string().optional(),
  errors: z.record(z.string(), z.string()).optional(),
});

// ------------------------------------------------------------------ webhooks

const EventPattern = z.string().regex(/^(\*|[a-z]+\.(\*|[a-z_]+))$/).describe('an event type such as request.approved, or request.* / case.* / *');

export const NewSubscription = z
  .object({
    name: z.string().regex(/^[a-z0-9][a-z0-9._-]{0,63}$/),
    url: z.url({ protocol: /^https?$/ }).max(2000),
    events: z.array(EventPattern).min(1).max(50),
    flows: z.array(z.string().max(64)).min(1).max(50).optional(),
  })
  .strict();

export const SubscriptionId = z.object({ id: z.string().min(1).max(80) });
export const DeliveryId = z.object({ id: z.coerce.number().int().min(1) });

export const SubscriptionOut = z.object({
  id: z.string(),
  name: z.string(),
  url: z.string(),
  events: z.array(z.string()),
  flows: z.array(z.string()).optional(),
  source: z.enum(['yaml', 'api']),
});
export const SubscriptionCreated = SubscriptionOut.extend({ secret: z.string().describe('whsec_…: shown this once; verify deliveries with it') });
export const SubscriptionList = z.object({ items: z.array(SubscriptionOut) });

export const DeliveryOut = z.object({
  id: z.number().int(),
  messageId: z.string().describe('the webhook-id header: the same on every attempt'),
  subscription: z.string(),
  eventType: z.string(),
  subject: z.string(),
  status: z.enum(['pending', 'done', 'dead']),
  attempts: z.number().int(),
  createdAt: z.string(),
  lastError: z.string().optional(),
  deadReason: z.string().optional(),
});
export const DeliveryList = z.object({ items: z.array(DeliveryOut) });
export const DeliveryQuery = z.object({ status: z.enum(['pending', 'done', 'dead']).optional(), limit: z.coerce.number().int().min(1).max(200).default(50) });

// ------------------------------------------------------------------ inbound hooks

export const HookResult = z.object({
  action: z.enum(['opened', 'updated', 'resolved', 'ignored']),
  case: z.string().optional(),
  url: z.string().optional(),
  detail: z.string().optional(),
});
