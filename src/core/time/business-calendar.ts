import type { Calendar } from '../../flows/model.ts';
import type { Duration } from './duration.ts';
import { MAX_DAYS_SCANNED, atTime, dayOf, inZone, isWorkingDay, nextDay, workingWindow } from './working-days.ts';

/**
 * Business-time arithmetic. The clock runs in `zone`, the time zone of the person it runs for
 * (the approver of a step, the owner of a case); callers pass the calendar's own timezone when
 * the person has none. Weekends, holidays and opening hours are read in that zone, so the same
 * instant can give different due times for a person in Berlin and one in New York.
 *
 * The walk goes a calendar day at a time (never a minute at a time): non-working days cost one
 * set lookup, working days one window computation.
 */

const MS_PER_MINUTE = 60_000;

export function addBusinessTime(calendar: Calendar, zone: string, from: Date, duration: Duration): Date {
  switch (duration.kind) {
    case 'elapsed':
      // Real time passing: nights, weekends and DST changes all count as they happen.
      return new Date(from.getTime() + duration.minutes * MS_PER_MINUTE);
    case 'business':
      return new Date(addBusinessMs(calendar, zone, from.getTime(), duration.minutes * MS_PER_MINUTE));
    case 'business_days':
      return new Date(addBusinessDays(calendar, zone, from.getTime(), duration.days));
  }
}

/**
 * Business minutes in [from, to): time inside working hours on working days. Negative when `to`
 * is before `from`, so "remaining business time" can go below zero once a deadline has passed.
 */
export function businessMinutesBetween(calendar: Calendar, zone: string, from: Date, to: Date): number {
  return businessMsBetween(calendar, zone, from.getTime(), to.getTime()) / MS_PER_MINUTE;
}

/** businessMinutesBetween in epoch milliseconds, for callers that chain computations exactly. */
export function businessMsBetween(calendar: Calendar, zone: string, a: number, b: number): number {
  if (b < a) return -businessMsBetween(calendar, zone, b, a);
  let total = 0;
  let day = dayOf(zone, a);
  const last = dayOf(zone, b);
  for (let n = 0; day <= last; n++, day = nextDay(day)) {
    if (n > MAX_DAYS_SCANNED) throw new Error('businessMinutesBetween: range too long');
    const w = workingWindow(calendar, zone, day);
    if (!w) continue;
    total += Math.max(0, Math.min(w.close, b) - Math.max(w.open, a));
  }
  return total;
}

/**
 * The first instant at or after `instant` that is inside working hours: the instant itself when
 * it is, otherwise the next opening. Closing time itself counts as closed.
 */
export function nextBusinessInstant(calendar: Calendar, zone: string, instant: Date): Date {
  return new Date(nextOpenMs(calendar, zone, instant.getTime()));
}

function nextOpenMs(calendar: Calendar, zone: string, t: number): number {
  let day = dayOf(zone, t);
  for (let n = 0; n <= MAX_DAYS_SCANNED; n++, day = nextDay(day)) {
    const w = workingWindow(calendar, zone, day);
    if (!w || t >= w.close) continue;
    return Math.max(t, w.open);
  }
  throw new Error('calendar has no working time ahead');
}

/** Adds business time given in milliseconds to an epoch-millisecond instant. */
export function addBusinessMs(calendar: Calendar, zone: string, from: number, amount: number): number {
  if (amount <= 0) return from;
  let remaining = amount;
  let day = dayOf(zone, from);
  for (let n = 0; n <= MAX_DAYS_SCANNED; n++, day = nextDay(day)) {
    const w = workingWindow(calendar, zone, day);
    if (!w) continue;
    const start = Math.max(from, w.open);
    if (start >= w.close) continue;
    const available = w.close - start;
    // Ending exactly at closing time stays on this day ("due by 17:00"), not the next opening.
    if (remaining <= available) return start + remaining;
    remaining -= available;
  }
  throw new Error('addBusinessTime: duration runs past the calendar scan bound');
}

/**
 * "N business days" lands on the same time of day N working days later. A start outside working
 * hours first moves to the next opening, so Friday 18:00 + 1 business day is Tuesday 09:00 (one
 * full working day after Monday's opening; Monday 17:00 would be the same business instant).
 */
export function addBusinessDays(calendar: Calendar, zone: string, from: number, days: number): number {
  if (days <= 0) return from;
  const start = nextOpenMs(calendar, zone, from);
  const local = inZone(zone, start);
  let day = dayOf(zone, start);
  let counted = 0;
  for (let n = 0; counted < days; n++) {
    if (n > MAX_DAYS_SCANNED) throw new Error('addBusinessTime: no working days ahead');
    day = nextDay(day);
    if (isWorkingDay(calendar, day)) counted++;
  }
  // Placing the wall-clock time on the target date (not adding 24h per day) keeps the time of
  // day across DST changes.
  return atTime(zone, day, { hour: local.hour, minute: local.minute, second: local.second, millisecond: local.millisecond });
}
