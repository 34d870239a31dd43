// Turns a step's approver specs into people, each with the reason they are asked, applying
// out-of-office delegation and the rule that nobody approves their own request.
import type { ApproverSpec, Step } from '../../flows/model.ts';
import type { Directory } from '../../ports/directory.ts';
import { peopleOf } from '../recipients.ts';
import type { Conflicts } from './segregation.ts';
import type { FormValues, Slot } from './state.ts';

export interface StaffedStep {
  slots: Slot[];
  /** approvals needed to complete the step */
  required: number;
  /** things worth recording: who was left out and why, who covers for whom */
  notes: string[];
  /** the people segregation of duties left out, and why (also in notes): for the card */
  leftOut: string[];
}

function reasonFor(spec: ApproverSpec, requester: string, form: FormValues, directory: Directory): string {
  if ('person' in spec) return 'You are named as an approver of this step.';
  if ('group' in spec) return `You are in the ${directory.group(spec.group)?.name ?? spec.group} group.`;
  if ('role' in spec) return `You hold the ${spec.role} role.`;
  const whose = spec.manager === 'requester' ? requester : String(form[spec.manager.field] ?? '');
  const name = directory.nameOf(whose);
  return `You are ${name}'s manager${"'s manager".repeat(spec.level - 1)}.`;
}

/** Resolves approvers for one step at `now`. */
export function staffStep(step: Step, requester: string, form: FormValues, directory: Directory, now: Date, options: { adminFill?: boolean; conflicts?: Conflicts } = {}): StaffedStep {
  const notes: string[] = [];
  const leftOut: string[] = [];
  const conflicts = options.conflicts ?? new Map();
  // segregation of duties: a conflicted person is skipped, and so is their place when they are its delegate
  const conflicted = (email: string, covering?: string): boolean => {
    const hit = conflicts.get(email) ?? (covering ? conflicts.get(covering) : undefined);
    if (!hit) return false;
    const line = `${directory.nameOf(covering ?? email)}${covering && !conflicts.get(covering) ? ` (covered by ${directory.nameOf(email)})` : ''} was left out: ${hit.why}.`;
    if (!leftOut.includes(line)) {
      leftOut.push(line);
      notes.push(line);
    }
    return true;
  };
  const slots: Slot[] = [];
  const seen = new Set<string>();
  const add = (slot: Slot) => {
    if (seen.has(slot.email)) return;
    seen.add(slot.email);
    slots.push(slot);
  };
  for (const spec of step.approvers) {
    for (const email of peopleOf(spec, { requester, form }, directory)) {
      const reason = reasonFor(spec, requester, form, directory);
      if (email === requester) {
        notes.push(`${directory.nameOf(email)} was left out: nobody approves their own request.`);
        continue;
      }
      if (conflicted(email)) continue;
      const away = directory.absence(email, now);
      if (away?.delegate && away.delegate !== email) {
        if (away.delegate === requester) {
          notes.push(`${directory.nameOf(email)} is away and their delegate is the requester, so they were left out.`);
          continue;
        }
        if (conflicted(away.delegate, email)) continue;
        notes.push(`${directory.nameOf(email)} is away until ${away.until}; ${directory.nameOf(away.delegate)} covers.`);
        add({ email: away.delegate, onBehalfOf: email, reason: `You cover for ${directory.nameOf(email)} (away until ${away.until}). ${reason.replace(/^You are/, 'They are').replace(/^You hold/, 'They hold')}` });
        continue;
      }
      add({ email, reason });
    }
  }
  let required = step.mode === 'quorum' ? (step.quorum ?? 1) : step.mode === 'all' ? Math.max(slots.length, 1) : 1;
  if (slots.length < required && options.adminFill !== false) {
    // Not enough eligible people (the requester was left out of a small group, say): admins
    // fill the gap so the step can still complete, and the card says why they are asked.
    for (const admin of directory.role('admin')) {
      if (slots.length >= required) break;
      if (admin === requester || seen.has(admin) || conflicts.has(admin)) continue;
      add({ email: admin, reason: 'You are an admin: too few eligible approvers were left for this step.' });
      notes.push(`${directory.nameOf(admin)} (admin) was added: too few eligible approvers.`);
    }
    if (step.mode === 'all') required = Math.max(slots.length, 1);
  }
  return { slots, required, notes, leftOut };
}

/** The slot an actor may decide on: their own, or one they cover as the active delegate. */
export function slotFor(slots: readonly Slot[], actor: string, directory: Directory, now: Date): { slot: Slot; via?: string } | undefined {
  const own = slots.find((s) => (s.email === actor || s.onBehalfOf === actor) && !s.replacedBy && !s.decision);
  if (own) return { slot: own };
  for (const slot of slots) {
    if (slot.replacedBy || slot.decision) continue;
    if (directory.absence(slot.email, now)?.delegate === actor) return { slot, via: slot.email };
  }
  return undefined;
}
