// The timers a case should have right now: while it runs (an open-category status), the
// at-risk and breach instants of each SLA clock not yet met, and the owner's next status-update
// reminder. While it waits or is resolved it has none: the commit that pauses it cancels them,
// the one that resumes it writes them again with the due times moved by the pause.
import type { Directory } from '../../ports/directory.ts';
import type { CaseState } from '../case/state.ts';
import type { LoadedCaseFlow } from '../flow-runtime.ts';
import { addBusinessTime, nextBusinessInstant } from '../time/business-calendar.ts';
import type { Duration } from '../time/duration.ts';
import { caseClocks, caseZone, nextStatusUpdate } from './case-clock.ts';
import { atRiskInstant, type DesiredTimer } from './desired.ts';

/** How long a task may stay overdue, in working time, before its case's owner is told. */
export const TASK_OVERDUE_GRACE: Duration = { kind: 'business', minutes: 4 * 60 };

/**
 * Each open task with a due time: its assignee is reminded at the due time (the next working
 * moment on the org calendar, in the assignee's zone), and the owner told once the grace has
 * passed in working hours too. The due time is part of the id, so a new due date reminds again
 * and the same one never twice. A waiting case still has its tasks' timers; a resolved one none.
 */
export function taskTimers(c: CaseState, directory: Directory): DesiredTimer[] {
  if (c.category === 'closed') return [];
  const subject = `case:${c.id}`;
  const out: DesiredTimer[] = [];
  for (const task of c.tasks) {
    if (task.done || !task.due) continue;
    const due = new Date(task.due);
    if (Number.isNaN(due.getTime())) continue;
    const who = task.assignee ?? c.owner;
    const zone = who ? directory.timezoneOf(who) : caseZone(c, directory);
    const stamp = task.due.replace(/[^0-9]/g, '').slice(0, 12);
    out.push({ id: `${subject}:task:${task.id}:due:${stamp}`, subject, dueAt: nextBusinessInstant(directory.calendar, zone, due).toISOString(), what: { kind: 'case.task_due', task: task.id } });
    if (c.owner) out.push({ id: `${subject}:task:${task.id}:overdue:${stamp}`, subject, dueAt: addBusinessTime(directory.calendar, caseZone(c, directory), due, TASK_OVERDUE_GRACE).toISOString(), what: { kind: 'case.task_overdue', task: task.id } });
  }
  return out;
}

export function caseTimers(c: CaseState, flow: LoadedCaseFlow, directory: Directory): DesiredTimer[] {
  const tasks = taskTimers(c, directory);
  if (c.category !== 'open') return tasks;
  const subject = `case:${c.id}`;
  const out: DesiredTimer[] = [...tasks];
  for (const clock of caseClocks(c, flow, directory)) {
    const atRisk = atRiskInstant(clock.start, clock.due);
    if (atRisk) out.push({ id: `${subject}:${clock.which}:at-risk`, subject, dueAt: atRisk.toISOString(), what: { kind: 'case.at_risk', which: clock.which } });
    out.push({ id: `${subject}:${clock.which}:breach`, subject, dueAt: clock.due.toISOString(), what: { kind: 'case.breach', which: clock.which } });
  }
  const update = nextStatusUpdate(c, flow, directory);
  if (update) out.push({ id: `${subject}:status-update:${update.n}`, subject, dueAt: update.at.toISOString(), what: { kind: 'case.status_update', n: update.n } });
  return out;
}
