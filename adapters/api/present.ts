// Stored items → the documented shapes of schemas.ts. A plain copy of the fields a client
// needs; the engine's bookkeeping (reminder counters, pause spans, rotation cursors) stays in.
import type { z } from 'zod';
import type { CaseState } from '../../src/core/case/state.ts';
import type { LoadedFlow } from '../../src/core/flow-runtime.ts';
import type { RequestState } from '../../src/core/request/state.ts';
import type { AuditRow } from '../../src/ports/store.ts';
import type { AuditEntry, CaseOut, FlowOut, RequestOut } from './schemas.ts';

const opt = <K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } => (value === undefined ? {} : ({ [key]: value } as { [P in K]?: V }));

export function presentRequest(r: RequestState): z.infer<typeof RequestOut> {
  const current = r.current === undefined ? undefined : r.steps[r.current];
  return {
    id: r.id,
    flow: r.flowId,
    flowVersion: r.flowVersion,
    title: r.title,
    requester: r.requester,
    status: r.status,
    form: r.form,
    ...opt('currentStep', r.status === 'pending' ? current?.id : undefined),
    steps: r.steps.map((s) => ({
      id: s.id,
      name: s.name,
      status: s.status,
      mode: s.mode,
      approvers: s.slots.map((slot) => ({
        email: slot.email,
        ...opt('onBehalfOf', slot.onBehalfOf),
        replaced: slot.replacedBy !== undefined,
        ...opt('decision', slot.decision ? { outcome: slot.decision.outcome, by: slot.decision.by, at: slot.decision.at, ...opt('comment', slot.decision.comment) } : undefined),
      })),
      ...opt('decidedAt', s.decidedAt),
      ...opt('note', s.note),
    })),
    submittedAt: r.submittedAt,
    updatedAt: r.updatedAt,
    ...opt('closedAt', r.closedAt),
    links: r.links.map((l) => ({ kind: l.kind, subject: l.subject })),
    version: r.version,
  };
}

export function presentCase(c: CaseState): z.infer<typeof CaseOut> {
  return {
    id: c.id,
    flow: c.flowId,
    flowVersion: c.flowVersion,
    title: c.title,
    ...opt('description', c.description),
    status: c.status,
    category: c.category,
    priority: c.priority,
    ...opt('owner', c.owner),
    openedBy: c.openedBy,
    members: c.members,
    watchers: c.watchers,
    fields: c.fields,
    tasks: c.tasks.map((t) => ({ id: t.id, title: t.title, ...opt('assignee', t.assignee), ...opt('due', t.due), ...opt('done', t.done) })),
    links: c.links.map((l) => ({ kind: l.kind, subject: l.subject })),
    openedAt: c.openedAt,
    updatedAt: c.updatedAt,
    ...opt('resolvedAt', c.resolvedAt),
    ...opt('resolution', c.resolution),
    version: c.version,
  };
}

export function presentFlow(f: LoadedFlow): z.infer<typeof FlowOut> {
  const common = { id: f.def.id, name: f.def.name, ...opt('description', f.def.description), version: f.version };
  if (f.kind === 'request') return { ...common, kind: 'request', form: f.def.form };
  return {
    ...common,
    kind: 'case',
    form: f.def.fields,
    statuses: f.def.statuses.map((s) => ({ id: s.id, name: s.name, category: s.category })),
    priorities: f.def.priorities.map((p) => ({ id: p.id, name: p.name })),
  };
}

export function presentAudit(row: AuditRow): z.infer<typeof AuditEntry> {
  const via = typeof row.data.via === 'string' ? row.data.via : undefined;
  return { seq: row.seq, at: row.at, actor: row.actor, ...opt('via', via), type: row.type, data: row.data, hash: row.hash };
}
