// A case's SLA clocks run only while its status is in the open category. Leaving it (a
// waiting status, or resolving) starts a pause; coming back (resuming, reopening) ends it.
// The spans are kept on the case, so due times can be recomputed at any later change.
import type { CaseState } from './state.ts';

export type Category = CaseState['category'];

export function moveCategory(c: CaseState, to: Category, at: string): void {
  const wasRunning = c.category === 'open';
  c.category = to;
  if (wasRunning && to !== 'open') c.pauses.push({ from: at });
  else if (!wasRunning && to === 'open') {
    const current = c.pauses[c.pauses.length - 1];
    if (current && !current.to) current.to = at;
  }
}

/** A note or a status change by the owner or a member is a status update: the cadence starts over. */
export function noteUpdate(c: CaseState, actor: string, at: string): void {
  if (actor !== c.owner && !c.members.includes(actor)) return;
  c.updateReminders = { since: at, sent: c.updateReminders?.sent ?? 0 };
}
