// The SLA clocks of a case: response (until someone other than the opener first acts) and
// resolution (until it is resolved), each from the open time with the priority's SLA, moved
// later by the time the case was paused (time/sla.ts dueWithPauses). A priority change simply
// recomputes from the open time with the new SLA (time/sla.ts recomputeDue documents why).
// The clock runs for the owner: their time zone, the org calendar.
import type { Directory } from '../../ports/directory.ts';
import type { CaseState } from '../case/state.ts';
import type { LoadedCaseFlow } from '../flow-runtime.ts';
import { addBusinessTime } from '../time/business-calendar.ts';
import { parseDuration } from '../time/duration.ts';
import { dueWithPauses, type Pause } from '../time/sla.ts';
import type { SlaClock } from './desired.ts';

export interface CaseClock {
  which: SlaClock;
  start: Date;
  due: Date;
  /** the case is waiting (or resolved): the clock stands still and `due` is "if resumed now" */
  paused: boolean;
}

export const caseZone = (c: CaseState, directory: Directory): string => (c.owner ? directory.timezoneOf(c.owner) : directory.calendar.timezone);

export function casePauses(c: CaseState): Pause[] {
  return c.pauses.map((p) => (p.to ? { from: new Date(p.from), to: new Date(p.to) } : { from: new Date(p.from) }));
}

/**
 * The clocks still running or paused; a met clock (responded, resolved) is absent. `now` is
 * needed only while a pause is open, to say when the case would be due if it resumed now.
 */
export function caseClocks(c: CaseState, flow: LoadedCaseFlow, directory: Directory, now?: Date): CaseClock[] {
  const priority = flow.def.priorities.find((p) => p.id === c.priority);
  if (!priority || c.category === 'closed') return [];
  const zone = caseZone(c, directory);
  const start = new Date(c.openedAt);
  const pauses = casePauses(c);
  const paused = c.category !== 'open';
  // an open pause without `now` cannot be measured; the timers ask without `now` and only while running
  const usable = now ? pauses : pauses.filter((p) => p.to);
  const out: CaseClock[] = [];
  const clock = (which: SlaClock, text: string | undefined) => {
    const d = text ? parseDuration(text) : undefined;
    if (d) out.push({ which, start, due: dueWithPauses(directory.calendar, zone, start, d, usable, now), paused });
  };
  if (!c.firstResponseAt) clock('response', priority.response);
  clock('resolution', priority.resolution);
  return out;
}

/** When the owner is due a status-update reminder next; undefined with "never", no owner, or while paused. */
export function nextStatusUpdate(c: CaseState, flow: LoadedCaseFlow, directory: Directory): { at: Date; n: number } | undefined {
  const cadence = flow.def.statusUpdates;
  if (cadence === 'never' || !c.owner || c.category !== 'open') return undefined;
  const every = parseDuration(cadence.every);
  if (!every) return undefined;
  const since = new Date(c.updateReminders?.since ?? c.openedAt);
  return { at: addBusinessTime(directory.calendar, caseZone(c, directory), since, every), n: (c.updateReminders?.sent ?? 0) + 1 };
}
