// An item's history, read from the audit log: one sentence per event for people, and the raw
// trail (seq, hash chain) for auditors. Every event type has its sentence here, so a new type
// breaks the build until it is described (house style 5); rows of a type this build does not
// know (written by a newer replica) still show, by name.
import type { EventType } from '../../../src/core/events.ts';
import type { Directory } from '../../../src/ports/directory.ts';
import type { AuditRow } from '../../../src/ports/store.ts';
import { formatInstant } from '../../../src/core/present/when.ts';
import { html, type Html } from '../html.ts';

type Describe = (d: Record<string, unknown>, name: (email: unknown) => string, step: (id: unknown) => string) => string;

const s = (v: unknown): string => (v === undefined || v === null ? '' : typeof v === 'string' ? v : JSON.stringify(v));
const withText = (label: string, v: unknown) => (v ? `${label}: ${s(v)}` : '');

const sentences: Record<EventType, Describe> = {
  'request.submitted': () => 'submitted the request',
  'request.step_started': (d, n, step) => `${step(d.step)} started; asked ${Array.isArray(d.approvers) ? d.approvers.map(n).join(', ') : 'nobody'}`,
  // the condition stays in the audit trail below; people read the reason (older rows have none)
  'request.step_skipped': (d, _n, step) => `${step(d.step)} not needed${d.reason ? `: ${s(d.reason)}` : ' for this request'}`,
  'request.approver_routed': (d, n, step) => `routed ${step(d.step)} to ${n(d.to ?? d.approver)}`,
  'request.approved_by': (d, n, step) => `approved ${step(d.step)}${d.onBehalfOf ? ` for ${n(d.onBehalfOf)}` : ''}${d.comment ? `: ${s(d.comment)}` : ''}`,
  'request.rejected_by': (d, n, step) => `rejected ${step(d.step)}${d.onBehalfOf ? ` for ${n(d.onBehalfOf)}` : ''}${d.comment ? `: ${s(d.comment)}` : ''}`,
  'request.step_approved': (d, _n, step) => `${step(d.step)} approved${d.automatic ? ` automatically (${s(d.reason)})` : ''}`,
  'request.step_rejected': (d, _n, step) => `${step(d.step)} rejected${d.automatic ? ` automatically (${s(d.reason)})` : ''}`,
  'request.sent_back': (d, _n, step) => `sent it back at ${step(d.step)}: ${s(d.reason)}`,
  'request.resubmitted': (d) => `resubmitted it${Array.isArray(d.changed) && d.changed.length ? ` (changed ${d.changed.join(', ')})` : ''}`,
  'request.recalled': (d) => `recalled it${d.reason ? `: ${s(d.reason)}` : ''}`,
  'request.reassigned': (d, n, step) => `handed ${n(d.from)}'s place at ${step(d.step)} to ${n(d.to)}`,
  'request.approver_added': (d, n, step) => `added ${n(d.approver)} as an approver of ${step(d.step)}`,
  'request.approved': () => 'the request is approved',
  'request.rejected': (d) => `the request is rejected${d.reason ? `: ${s(d.reason)}` : ''}`,
  'request.rule_fired': (d) => `rule #${s(d.rule)} (${s(d.on)}) fired`,
  'request.rule_failed': (d) => `a rule could not be evaluated: ${s(d.error)}`,
  'request.linked': (d) => `linked: ${s(d.kind).replace(/_/g, ' ')} ${s(d.target)}`,
  'request.commented': (d) => `commented: ${s(d.text)}`,
  'request.reminded': (d, n, step) => `reminded ${n(d.approver)} about ${step(d.step)} (reminder ${s(d.n)})`,
  'request.sla_breached': (d, _n, step) => `${step(d.step)} is past its SLA`,
  'request.escalated': (d, _n, step) => `escalated ${step(d.step)} to ${Array.isArray(d.to) ? d.to.map(s).join(', ') : s(d.to)}`,
  'request.step_unstaffed': (d, n, step) => `${step(d.step)} cannot be staffed (segregation of duties); told ${Array.isArray(d.told) ? d.told.map(n).join(', ') : 'nobody'}`,
  'case.opened': (d) => `opened the case (priority ${s(d.priority)})`,
  'case.owner_changed': (d, n) => (d.from ? `owner ${n(d.from)} → ${n(d.to)}` : `owner: ${n(d.to)}`),
  'case.status_changed': (d) => `status ${s(d.from)} → ${s(d.to)}`,
  'case.priority_changed': (d) => `priority ${s(d.from)} → ${s(d.to)}`,
  'case.member_added': (d, n) => `added ${n(d.person)} as a member`,
  'case.watcher_added': (d, n) => `${n(d.person)} is watching`,
  'case.member_removed': (d, n) => `${n(d.person)} is no longer a member`,
  'case.watcher_removed': (d, n) => `${n(d.person)} stopped watching`,
  'case.muted': () => 'muted the case',
  'case.unmuted': () => 'unmuted the case',
  'case.task_overdue': (d, n) => `task ${s(d.task)} is overdue${d.assignee ? ` (${n(d.assignee)})` : ''}`,
  'case.task_added': (d, n) => `added task ${s(d.task)} "${s(d.title)}"${d.assignee ? ` for ${n(d.assignee)}` : ''}`,
  'case.task_assigned': (d, n) => `assigned task ${s(d.task)} to ${n(d.assignee)}`,
  'case.task_due_set': (d) => `task ${s(d.task)} due ${s(d.due)}`,
  'case.task_completed': (d) => `completed task ${s(d.task)}`,
  'case.task_reopened': (d) => `reopened task ${s(d.task)}`,
  'case.note_added': (d) => `wrote: ${s(d.text)}`,
  'case.linked': (d) => `linked: ${s(d.kind).replace(/_/g, ' ')} ${s(d.target)}`,
  'case.resolved': (d) => `resolved it (${s(d.to)}): ${s(d.resolution)}`,
  'case.reopened': (d) => `reopened it${d.reason ? `: ${s(d.reason)}` : ''}`,
  'case.rule_fired': (d) => `rule #${s(d.rule)} (${s(d.on)}) fired`,
  'case.rule_failed': (d) => `a rule could not be evaluated: ${s(d.error)}`,
  'case.sla_breached': (d) => `the ${s(d.which)} SLA is breached (priority ${s(d.priority)})`,
  'case.status_update_requested': (d, n) => `asked ${d.owner ? n(d.owner) : 'the owner'} for a status update`,
  'audit.redacted': (d) => `redacted personal data${Array.isArray(d.rows) ? ` (${d.rows.length} event${d.rows.length === 1 ? '' : 's'})` : ''}${d.reason ? `: ${s(d.reason)}` : ''}`,
  'audit.chains_migrated': (d) => `moved the audit log to per-item chains (${s(d.legacyRows)} rows, old chain ${d.legacyVerified ? 'intact' : 'BROKEN'})`,
};

/** step ids → names, so "manager" reads "Manager approval" */
export type StepNames = ReadonlyMap<string, string>;

export function describeEvent(row: AuditRow, directory: Directory, steps: StepNames = new Map()): { who: string; what: string } {
  const name = (email: unknown) => (typeof email === 'string' ? directory.nameOf(email) : s(email));
  const step = (id: unknown) => (typeof id === 'string' ? steps.get(id) ?? id : s(id));
  const describe = (sentences as Record<string, Describe | undefined>)[row.type];
  // automatic changes are Docket's: its clock, or a rule of the flow
  const who = row.actor === 'clock' || row.actor.startsWith('rule:') ? 'Docket' : directory.nameOf(row.actor);
  return { who, what: describe ? describe(row.data, name, step) : `${row.type} ${withText('data', JSON.stringify(row.data))}` };
}

/** seq → when and by whom its values were redacted, from the subject's audit.redacted events */
export function redactionsOf(rows: readonly AuditRow[]): Map<number, { at: string; actor: string }> {
  const out = new Map<number, { at: string; actor: string }>();
  for (const row of rows) {
    if (row.type !== 'audit.redacted' || !Array.isArray(row.data.rows)) continue;
    for (const t of row.data.rows as Array<{ seq?: unknown }>) if (typeof t?.seq === 'number') out.set(t.seq, { at: row.at, actor: row.actor });
  }
  return out;
}

export function renderTimeline(rows: readonly AuditRow[], directory: Directory, zone: string, steps: StepNames = new Map()): Html {
  // the one date-time format of every surface, in the reader's zone with the zone named
  const when = (at: string) => formatInstant(new Date(at), zone);
  const redacted = redactionsOf(rows);
  const by = (actor: string) => (actor === 'clock' ? 'Docket retention' : directory.nameOf(actor));
  return html`<ol class="timeline">${rows.map((row) => {
    const { who, what } = describeEvent(row, directory, steps);
    const r = redacted.get(row.seq);
    // a value taken out for data protection says so where it was, with when and by whom
    const note = r ? html` <em class="redacted">(personal data redacted on ${when(r.at)} by ${by(r.actor)})</em>` : '';
    return html`<li data-type="${row.type}"><time datetime="${row.at}">${when(row.at)}</time> <strong>${who}</strong> ${what}${note}</li>`;
  })}</ol>`;
}

export function renderAuditTrail(rows: readonly AuditRow[]): Html {
  return html`<details class="audit"><summary>Audit trail (${rows.length} rows, hash-chained)</summary>
    <table class="data"><thead><tr><th>seq</th><th>at (UTC)</th><th>actor</th><th>type</th><th>data</th><th>hash</th></tr></thead>
    <tbody>${rows.map((r) => html`<tr><td>${r.seq}</td><td>${r.at}</td><td>${r.actor}</td><td>${r.type}</td><td class="json">${JSON.stringify(r.data)}</td><td class="hash" title="${`prev ${r.prevHash}`}">${r.hash.slice(0, 12)}…</td></tr>`)}</tbody></table>
  </details>`;
}
