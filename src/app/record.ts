// One item's full record for an auditor: what it is, its flow version, every audit row with its
// hash chain, the decisions with who acted on whose behalf, the rules and conditions evaluated,
// the redactions, and the latest signed checkpoints its chain is committed to. Read-only.
import type { CaseState } from '../core/case/state.ts';
import type { RequestState } from '../core/request/state.ts';
import type { FlowRegistry } from '../flows/registry.ts';
import type { Directory } from '../ports/directory.ts';
import type { AuditCheckpoint, AuditRow, Store } from '../ports/store.ts';
import { caseFlowAt, requestFlowAt } from './flow-versions.ts';

export interface DecisionRecord {
  step: string;
  outcome: 'approved' | 'rejected';
  by: string;
  /** the approver whose place it was, when someone else decided it (a delegate, an escalation target) */
  onBehalfOf?: string;
  at: string;
  comment?: string;
  automatic?: boolean;
}

export interface ItemRecord {
  subject: string;
  exportedAt: string;
  item: RequestState | CaseState;
  flow: { id: string; name: string; version: string };
  decisions: DecisionRecord[];
  /** rules fired or failed, conditions that skipped steps, automatic decisions */
  rules: Array<{ seq: number; at: string; type: string; detail: Record<string, unknown> }>;
  redactions: Array<{ seq: number; at: string; by: string; reason: string; rows: unknown }>;
  timeline: AuditRow[];
  /** the chain's last row: what a checkpoint commits to */
  head: { subjectSeq: number; hash: string } | undefined;
  checkpoints: AuditCheckpoint[];
  /** how to check it independently */
  verify: string;
}

const RULE_EVENTS = new Set(['request.rule_fired', 'request.rule_failed', 'request.step_skipped', 'case.rule_fired', 'case.rule_failed', 'request.step_unstaffed']);

export async function itemRecord(deps: { store: Store; flows: FlowRegistry; directory: Directory }, subject: string, now: Date): Promise<ItemRecord | undefined> {
  const [kind, id] = subject.split(':') as [string, string];
  const item = kind === 'request' ? await deps.store.getRequest(id) : kind === 'case' ? await deps.store.getCase(id) : undefined;
  if (!item) return undefined;
  const flow = kind === 'request' ? await requestFlowAt(deps.flows, deps.store, item.flowId, item.flowVersion) : await caseFlowAt(deps.flows, deps.store, item.flowId, item.flowVersion);
  const timeline = await deps.store.timeline(subject);
  const decisions: DecisionRecord[] = [];
  if (kind === 'request') {
    for (const step of (item as RequestState).steps) {
      for (const slot of step.slots) {
        const d = slot.decision;
        if (!d) continue;
        // the person whose place it was, when the clicker was someone else
        const behalf = slot.onBehalfOf ?? (d.by !== slot.email ? slot.email : undefined);
        decisions.push({ step: step.name, outcome: d.outcome, by: d.by, ...(behalf ? { onBehalfOf: behalf } : {}), at: d.at, ...(d.comment ? { comment: d.comment } : {}) });
      }
      if (step.automatic && step.decidedAt) decisions.push({ step: step.name, outcome: step.automatic.outcome, by: step.automatic.by, at: step.decidedAt, comment: step.automatic.reason, automatic: true });
    }
  }
  const last = timeline.at(-1);
  return {
    subject,
    exportedAt: now.toISOString(),
    item,
    flow: { id: flow.def.id, name: flow.def.name, version: flow.version },
    decisions: decisions.sort((a, b) => a.at.localeCompare(b.at)),
    rules: timeline.filter((r) => RULE_EVENTS.has(r.type) || (r.type.endsWith('step_approved') && r.data.automatic)).map((r) => ({ seq: r.seq, at: r.at, type: r.type, detail: r.data })),
    redactions: timeline.filter((r) => r.type === 'audit.redacted').map((r) => ({ seq: r.seq, at: r.at, by: r.actor, reason: String(r.data.reason ?? ''), rows: r.data.rows })),
    timeline,
    head: last ? { subjectSeq: last.subjectSeq, hash: last.hash } : undefined,
    checkpoints: await deps.store.auditCheckpoints(5),
    verify: 'docket audit verify [--checkpoint FILE] checks every chain, including this one, against the signed checkpoints',
  };
}
