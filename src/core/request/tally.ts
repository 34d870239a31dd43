// Where a step stands: the count of approvals against its mode. Pure arithmetic on slots.
import type { Slot, StepState } from './state.ts';

export type StepOutcome = 'approved' | 'rejected' | 'open';

/** Slots that count: a reassigned slot is kept for the record but replaced by the new one. */
export const countingSlots = (step: StepState): Slot[] => step.slots.filter((s) => !s.replacedBy);

export interface Tally {
  approvals: number;
  rejections: number;
  pending: number;
  required: number;
}

export function tally(step: StepState): Tally {
  const slots = countingSlots(step);
  const approvals = slots.filter((s) => s.decision?.outcome === 'approved').length;
  const rejections = slots.filter((s) => s.decision?.outcome === 'rejected').length;
  const pending = slots.filter((s) => !s.decision).length;
  const required = step.mode === 'any' ? 1 : step.mode === 'all' ? slots.length : (step.required ?? 1);
  return { approvals, rejections, pending, required };
}

export function outcomeOf(step: StepState): StepOutcome {
  // a step nobody is left to decide (segregation of duties) waits for an admin to add someone
  if (countingSlots(step).length === 0) return 'open';
  const t = tally(step);
  switch (step.mode) {
    case 'any':
      // first answer decides, as in Teams Approvals' "first to respond"
      if (t.approvals > 0) return 'approved';
      if (t.rejections > 0) return 'rejected';
      return 'open';
    case 'all':
      if (t.rejections > 0) return 'rejected';
      return t.pending === 0 ? 'approved' : 'open';
    case 'quorum':
      if (t.approvals >= t.required) return 'approved';
      // reject early once rejections mean the quorum can no longer be reached; a step short of
      // people (segregation of duties) waits for an admin to add approvers instead
      return t.rejections > 0 && t.approvals + t.pending < t.required ? 'rejected' : 'open';
    default: {
      const unhandled: never = step.mode;
      throw new Error(`unhandled mode ${String(unhandled)}`);
    }
  }
}

export function describeTally(step: StepState): string {
  const t = tally(step);
  if (step.mode === 'any') return t.pending > 1 ? `any one of ${t.pending}` : 'one approval';
  return `${t.approvals} of ${t.required} approvals${t.rejections ? `, ${t.rejections} rejected` : ''}`;
}
