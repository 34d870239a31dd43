// Segregation of duties: with distinctApprovers on, nobody decides two steps of one request,
// and the requester, their delegate and the people the flow names in neverApprove never decide
// it at all. A decision counts for everyone it was made as: the person who clicked, the approver
// whose place it was (a delegate acts as themselves and for the absent approver), and the
// approvers a step was escalated for when the escalation target decided it. Pure functions of
// the request, the flow and the time: staffing uses them to leave people out (and say so), the
// engine to refuse a decision, and card drawing (the parity guard) to offer no buttons to them.
import type { RequestFlow, Step } from '../../flows/model.ts';
import type { Directory } from '../../ports/directory.ts';
import { peopleOf } from '../recipients.ts';
import type { RequestState, Slot, StepState } from './state.ts';

/** email → why this person may not decide the step, in words for the card and the refusal */
export type Conflicts = ReadonlyMap<string, { why: string; kind: 'decided_other_step' | 'conflicted'; other?: string }>;

export function segregated(flow: RequestFlow, stepId: string): boolean {
  const step = flow.steps.find((s) => s.id === stepId);
  // a system step is reported back by a service account, not decided by a person: nobody is
  // kept from reporting it, or the reporter of two systems would leave the request stuck
  if (step?.system) return false;
  return step?.distinctApprovers ?? flow.distinctApprovers;
}

/** Everyone a decision on a slot was made as. */
export function decidedAs(step: StepState, slot: Slot): string[] {
  const by = slot.decision?.by;
  if (!by || by === 'clock' || by.startsWith('rule:')) return [];
  const as = new Set([by, slot.email, ...(slot.onBehalfOf ? [slot.onBehalfOf] : [])]);
  // the escalation target who decided acted for the approvers it was escalated over
  if (step.escalation?.to.includes(by)) step.escalation.over.forEach((e) => as.add(e));
  return [...as];
}

/** Who may not decide step `stepId` of `r` at `now`, and why. Empty when segregation is off for it. */
export function conflictsFor(r: RequestState, flow: RequestFlow, stepId: string, directory: Directory, now: Date): Conflicts {
  const out = new Map<string, { why: string; kind: 'decided_other_step' | 'conflicted'; other?: string }>();
  if (!segregated(flow, stepId)) return out;
  const name = (e: string) => directory.nameOf(e);
  const add = (email: string | undefined, entry: { why: string; kind: 'decided_other_step' | 'conflicted'; other?: string }) => {
    if (email && !out.has(email.toLowerCase())) out.set(email.toLowerCase(), entry);
  };
  for (const step of r.steps) {
    // a system's report is not a person's decision: it bars nobody from a later step
    if (step.id === stepId || flow.steps.find((s) => s.id === step.id)?.system) continue;
    for (const slot of step.slots) {
      for (const as of decidedAs(step, slot)) {
        const by = slot.decision!.by;
        const acting = as === by ? '' : ` (${name(by)} decided it for ${as === slot.email || as === slot.onBehalfOf ? name(as) : `${name(as)}, on escalation`})`;
        add(as, { kind: 'decided_other_step', other: step.name, why: `${name(as)} already decided ${step.name}${acting}` });
      }
    }
  }
  const delegate = directory.absence(r.requester, now)?.delegate;
  if (delegate) add(delegate, { kind: 'conflicted', why: `${name(delegate)} is ${name(r.requester)}'s delegate, and the requester's side never approves` });
  for (const c of flow.neverApprove) {
    if ('field' in c) {
      const v = r.form[c.field];
      const label = flow.form.find((f) => f.id === c.field)?.label ?? c.field;
      if (typeof v === 'string') add(v, { kind: 'conflicted', why: `${name(v)} is named in the request as ${label}` });
      continue;
    }
    for (const email of peopleOf(c, { requester: r.requester, form: r.form }, directory)) add(email, { kind: 'conflicted', why: `${name(email)} may never approve a ${flow.name}` });
  }
  return out;
}

/**
 * Why `actor` may not decide this slot, or undefined. A delegate is checked as themselves and
 * for the approver they cover, so covering for someone never launders a second decision.
 */
export function conflictOf(conflicts: Conflicts, actor: string, slot: Slot, via?: string): { why: string; kind: 'decided_other_step' | 'conflicted'; other?: string; as: string } | undefined {
  for (const as of [actor, slot.email, slot.onBehalfOf, via]) {
    if (!as) continue;
    const hit = conflicts.get(as.toLowerCase());
    if (hit) return { ...hit, as };
  }
  return undefined;
}

/** The approvers still able to decide, for "who may instead". */
export function stillAble(step: StepState, conflicts: Conflicts, directory: Directory): string {
  const able = step.slots.filter((s) => !s.decision && !s.replacedBy && !conflicts.has(s.email) && !(s.onBehalfOf && conflicts.has(s.onBehalfOf))).map((s) => directory.nameOf(s.email));
  return able.length ? `${able.join(', ')} can decide it.` : 'Ask an admin to add an approver who has not decided this request.';
}

export type { Step };
