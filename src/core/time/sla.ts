import type { Calendar } from '../../flows/model.ts';
import type { Duration } from './duration.ts';
import { addBusinessDays, addBusinessMs, businessMsBetween } from './business-calendar.ts';

export type SlaState = 'on_track' | 'at_risk' | 'breached';

export type Pause = { from: Date; to?: Date };

const MS_PER_MINUTE = 60_000;

/**
 * Where a clock stands. Breached from the due instant on (the breach timer fires at dueAt, so the
 * card and the timer agree); at risk once `atRiskFraction` of the window from start to due has
 * passed. The fraction is of real time: the due instant already carries the calendar.
 */
export function slaState(now: Date, startedAt: Date, dueAt: Date, atRiskFraction = 0.75): SlaState {
  const t = now.getTime();
  const due = dueAt.getTime();
  if (t >= due) return 'breached';
  const window = due - startedAt.getTime();
  if (window <= 0) return 'at_risk';
  return (t - startedAt.getTime()) / window >= atRiskFraction ? 'at_risk' : 'on_track';
}

/**
 * The due time of a clock that stops while the case is waiting. The clock runs from `startedAt`;
 * time inside a pause does not count, so the due time moves later by the paused time, measured
 * the way the SLA itself is measured (business time for business SLAs, real time for elapsed
 * ones). A pause that starts at or after the due instant changes nothing: the clock had already
 * run out. Overlapping pauses count once; time before `startedAt` is ignored.
 *
 * A pause without `to` is still going on: it is counted up to `now`, which gives "due if the case
 * resumed now". Callers keep no breach timer while a case is paused, so this value is for
 * display; passing an open pause without `now` is a bug and throws.
 */
export function dueWithPauses(
  calendar: Calendar,
  zone: string,
  startedAt: Date,
  duration: Duration,
  pauses: readonly Pause[],
  now?: Date,
): Date {
  const start = startedAt.getTime();
  const clock = clockFor(calendar, zone, duration);
  const spans = mergedPauses(pauses, start, now);
  let remaining: number;
  if (duration.kind === 'business_days') {
    // Unpaused, the same-time-of-day rule stands; with pauses, the whole days become the
    // business time they span so that paused time can be taken out minute-exact.
    const plain = addBusinessDays(calendar, zone, start, duration.days);
    if ((spans[0]?.from ?? Infinity) >= plain) return new Date(plain);
    remaining = clock.between(start, plain);
  } else {
    remaining = duration.minutes * MS_PER_MINUTE;
  }

  let cursor = start;
  for (const pause of spans) {
    const due = clock.add(cursor, remaining);
    if (due <= pause.from) return new Date(due);
    remaining -= clock.between(cursor, pause.from);
    cursor = Math.max(cursor, pause.to);
  }
  return new Date(clock.add(cursor, remaining));
}

/**
 * The rule on a priority change: the due time is recomputed from the case's original open time
 * with the new priority's SLA, minus the time the case spent paused. It is not "the old remaining
 * time, rescaled" and not "the new SLA from the moment of the change": raising an incident from
 * P3 (3 business days) to P1 (4 business hours) on day two makes it due, or breached, as if it
 * had been P1 from the start, which is what the customer experienced.
 */
export function recomputeDue(
  calendar: Calendar,
  zone: string,
  openedAt: Date,
  newSla: Duration,
  pauses: readonly Pause[],
  now?: Date,
): Date {
  return dueWithPauses(calendar, zone, openedAt, newSla, pauses, now);
}

type Clock = { add(from: number, ms: number): number; between(a: number, b: number): number };

function clockFor(calendar: Calendar, zone: string, duration: Duration): Clock {
  if (duration.kind === 'elapsed') return { add: (from, ms) => from + ms, between: (a, b) => b - a };
  return {
    add: (from, ms) => addBusinessMs(calendar, zone, from, ms),
    between: (a, b) => businessMsBetween(calendar, zone, a, b),
  };
}

/** Pauses clipped to start at `start` or later, sorted, overlaps merged, open ones ended at `now`. */
function mergedPauses(pauses: readonly Pause[], start: number, now: Date | undefined): { from: number; to: number }[] {
  const spans = pauses
    .map((p) => {
      if (!p.to && !now) throw new Error('dueWithPauses: an open pause needs `now`');
      return { from: Math.max(start, p.from.getTime()), to: (p.to ?? now ?? p.from).getTime() };
    })
    .filter((s) => s.to > s.from)
    .sort((a, b) => a.from - b.from);
  const merged: { from: number; to: number }[] = [];
  for (const s of spans) {
    const last = merged[merged.length - 1];
    if (last && s.from <= last.to) last.to = Math.max(last.to, s.to);
    else merged.push({ ...s });
  }
  return merged;
}
