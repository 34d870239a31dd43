// Erasure and retention: redacting personal values of a request or case, or every trace of a
// person, as an admin action with a reason. One transaction each: the item's document, every
// copy of the values elsewhere (see RetentionTx.scrub), the audit rows through redactAudit (so
// every chain still verifies, and an `audit.redacted` event says when, by whom and why), and
// the chat cards redrawn so the copies people see say "[redacted]" too.
import { caseCard } from '../core/case/card.ts';
import type { CaseState } from '../core/case/state.ts';
import type { Delivery } from '../core/delivery.ts';
import { formatValue } from '../core/present/values.ts';
import { requestCard } from '../core/request/card.ts';
import { audienceOf } from '../core/request/deliveries.ts';
import type { FormValues, RequestState } from '../core/request/state.ts';
import { ok, refuse, type Result } from '../core/result.ts';
import type { Field } from '../flows/model.ts';
import type { RetentionStore, ScrubReport } from '../ports/retention.ts';
import type { StoreTx } from '../ports/store.ts';
import type { Engine } from './execute.ts';
import { caseFlowAt, requestFlowAt } from './flow-versions.ts';

export const REDACTED = '[redacted]';

export interface Redaction {
  subject: string;
  /** form or intake values replaced in the item itself */
  fields: string[];
  report: ScrubReport;
}

export interface RedactInput {
  /** "R-12" or "C-3" */
  item: string;
  /** which fields; absent: the flow's personalData */
  fields?: readonly string[];
  /** an admin's email, or "clock" for the retention job */
  actor: string;
  reason: string;
}

function mayRedact(engine: Engine, actor: string, reason: string) {
  const { directory } = engine.deps;
  if (actor !== 'clock' && !directory.isAdmin(actor)) {
    return refuse('permission.admin_only', { who: directory.role('admin').map((e) => directory.nameOf(e)).join(', ') || 'nobody yet' });
  }
  if (!reason.trim()) return refuse('redact.reason_required', {});
  return undefined;
}

/**
 * The texts a value shows as (itself, as the cards print it). Free text long enough to be its
 * own (an IBAN, a justification) is hunted for everywhere; anything else (a choice such as
 * "Sick leave", an amount, a date) is common to many items, so it is removed only from this
 * item and its own messages, never from other people's.
 */
function needlesOf(fields: readonly Field[], values: FormValues, ids: readonly string[], engine: Engine): { global: string[]; local: string[] } {
  const global = new Set<string>();
  const local = new Set<string>();
  for (const id of ids) {
    const field = fields.find((f) => f.id === id);
    const value = values[id];
    if (!field || value === undefined || value === REDACTED) continue;
    const shown = formatValue(field, value, engine.deps.directory);
    // a person field holds someone's email: that person stays everywhere else; only this place goes
    const own = (field.type === 'text' || field.type === 'longtext') && typeof value === 'string' && value.trim().length >= 6;
    for (const text of typeof value === 'string' && field.type !== 'person' ? [value, shown] : [shown]) (own ? global : local).add(text);
  }
  const usable = (set: Set<string>) => [...set].filter((n) => n.trim().length >= 3 && n !== REDACTED);
  return { global: usable(global), local: usable(local) };
}

/** Redacts fields of one request or case (default: its flow's personal data). */
export async function redactItem(engine: Engine, retention: RetentionStore, input: RedactInput, at: Date, markDone = false): Promise<Result<Redaction>> {
  const denied = mayRedact(engine, input.actor, input.reason);
  if (denied) return denied;
  const id = input.item.trim().toUpperCase().replace(/^(REQUEST|CASE):/, '');
  const { store, flows } = engine.deps;
  const by = { actor: input.actor, at: at.toISOString(), reason: input.reason.trim().slice(0, 500) };
  const ctx = engine.context(input.actor === 'clock' ? 'clock' : input.actor, at);
  const result = await store.transaction(async (tx): Promise<Result<Redaction>> => {
    const request = id.startsWith('R-') ? await tx.getRequest(id) : undefined;
    const kase = id.startsWith('C-') ? await tx.getCase(id) : undefined;
    if (!request && !kase) return refuse(id.startsWith('C-') ? 'case.not_found' : 'request.not_found', { request: id, case: id });
    const flow = request ? await requestFlowAt(flows, tx, request.flowId, request.flowVersion) : await caseFlowAt(flows, tx, kase!.flowId, kase!.flowVersion);
    const form = flow.kind === 'request' ? flow.def.form : flow.def.fields;
    const values = request ? request.form : kase!.fields;
    const wanted = input.fields?.length ? input.fields : flow.def.personalData;
    const unknown = wanted.filter((f) => !form.some((x) => x.id === f));
    if (unknown.length) return refuse('redact.nothing', { what: `${flow.def.name} has no field ${unknown.join(', ')} (fields: ${form.map((f) => f.id).join(', ')})` });
    const fields = wanted.filter((f) => values[f] !== undefined && values[f] !== REDACTED);
    const retained = () => (markDone ? retention.within(tx).markDone(`${request ? 'request' : 'case'}:${id}`, by.at, 0) : Promise.resolve(true));
    if (fields.length === 0) {
      // nothing (left) to redact: the retention job still records that it looked
      if (markDone && (await retained())) return ok({ subject: `${request ? 'request' : 'case'}:${id}`, fields: [], report: { tables: {}, auditValues: 0 } });
      return refuse('redact.nothing', { what: `${id} holds no value in ${wanted.join(', ') || 'any field marked as personal data'}` });
    }
    const needles = needlesOf(form, values, fields, engine);
    const scrubbed = <S extends { version: number }>(state: S): S => {
      const next = structuredClone(state) as S & { form?: FormValues; fields?: FormValues };
      const own = request ? next.form! : next.fields!;
      for (const f of fields) own[f] = REDACTED;
      return { ...(scrubValue(next, [...needles.global, ...needles.local]) as S), version: state.version + 1 };
    };
    const subject = request ? `request:${id}` : `case:${id}`;
    const deliveries: Delivery[] = [];
    if (request) {
      const next = scrubbed(request);
      await tx.updateRequest(next, request.version);
      if (flow.kind === 'request') deliveries.push(...audienceOf(next, ctx).map((email): Delivery => ({ type: 'card.upsert', target: { kind: 'person', email }, card: requestCard(next, flow, email, ctx) })));
    } else {
      const next = scrubbed(kase!);
      await tx.updateCase(next, kase!.version);
      if (flow.kind === 'case') deliveries.push({ type: 'card.upsert', target: { kind: 'channel', channel: flow.def.channel }, card: caseCard(next, flow, ctx) });
    }
    const place = request ? 'form' : 'fields';
    const report = await retention.within(tx).scrub(needles.global, by, { subject, paths: fields.map((f) => `${place}/${f}`), local: needles.local });
    if (report.auditValues === 0) throw new Error(`${subject}: no audit value was redacted, so the redaction would go unrecorded`);
    if (markDone && !(await retained())) throw new AlreadyDone(subject);
    await enqueueCards(tx, deliveries, by.at, engine);
    return ok({ subject, fields, report });
  });
  if (result.ok) await retention.settle();
  return result;
}

/** another replica's retention run redacted it first: this transaction rolls back */
export class AlreadyDone extends Error {
  constructor(readonly subject: string) {
    super(`${subject} was already handled by retention`);
  }
}

async function enqueueCards(tx: StoreTx, deliveries: Delivery[], at: string, engine: Engine): Promise<void> {
  if (deliveries.length) await tx.enqueue(deliveries, at, engine.deps.platforms);
}

/**
 * An erasure request for a person: the personal-data fields of everything they raised or opened, then
 * every copy of their email and name, everywhere, in one transaction.
 */
export async function redactPerson(engine: Engine, retention: RetentionStore, input: { email: string; actor: string; reason: string }, at: Date): Promise<Result<{ items: string[]; report: ScrubReport }>> {
  const denied = mayRedact(engine, input.actor, input.reason);
  if (denied) return denied;
  const email = input.email.trim().toLowerCase();
  if (email.length < 3) return refuse('redact.nothing', { what: `"${input.email}" is not an email` });
  const { store, directory } = engine.deps;
  const items: string[] = [];
  for (const r of await store.requestsBy(email, { limit: 10_000 })) {
    const done = await redactItem(engine, retention, { item: r.id, actor: input.actor, reason: input.reason }, at);
    if (done.ok) items.push(done.value.subject);
  }
  // and the cases they opened (through the console, chat, or an inbound hook acting for them):
  // a case's fields are as much theirs as a request's form
  for (const c of await store.casesOf(email, { limit: 10_000 })) {
    if (c.openedBy !== email) continue;
    const done = await redactItem(engine, retention, { item: c.id, actor: input.actor, reason: input.reason }, at);
    if (done.ok) items.push(done.value.subject);
  }
  const name = directory.person(email)?.name;
  const by = { actor: input.actor, at: at.toISOString(), reason: input.reason.trim().slice(0, 500) };
  const report = await store.transaction((tx) => retention.within(tx).scrub([email, ...(name && name.length >= 3 ? [name] : [])], by));
  await retention.settle();
  if (items.length === 0 && report.auditValues === 0 && Object.keys(report.tables).length === 0) return refuse('redact.nothing', { what: `nothing in Docket mentions ${email}` });
  return ok({ items, report });
}

function scrubValue(value: unknown, needles: readonly string[]): unknown {
  if (typeof value === 'string') return needles.reduce((t, n) => t.split(n).join(REDACTED), value);
  if (Array.isArray(value)) return value.map((v) => scrubValue(v, needles));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, scrubValue(v, needles)]));
  return value;
}

export type { CaseState, RequestState };
