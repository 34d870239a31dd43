// The people a request waits on right now: undecided, unreplaced slots of its current step.
import type { RequestState } from './state.ts';

export function pendingApprovers(r: RequestState): string[] {
  if (r.status !== 'pending' || r.current === undefined) return [];
  const step = r.steps[r.current];
  if (!step || step.status !== 'active') return [];
  return [...new Set(step.slots.filter((s) => !s.decision && !s.replacedBy).map((s) => s.email))];
}
