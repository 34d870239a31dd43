import type { Calendar } from '../../flows/model.ts';
import type { Duration } from './duration.ts';
import { addBusinessTime } from './business-calendar.ts';

/** A runaway cadence (every minute for a year) must not flood a chat or a timer table. */
export const MAX_REMINDERS = 100;

/**
 * The reminder instants after `from` up to and including `until`: from + every, then + every
 * again, each step counted on the person's calendar (a "4 business hours" cadence sleeps through
 * nights, weekends and holidays). A reminder due exactly at `until` is included, because a clock
 * advanced to `until` fires what is due at it. "never" gives none; at most MAX_REMINDERS.
 */
export function reminderTimes(calendar: Calendar, zone: string, from: Date, every: Duration | 'never', until: Date): Date[] {
  if (every === 'never') return [];
  const times: Date[] = [];
  let at = from;
  while (times.length < MAX_REMINDERS) {
    const next = addBusinessTime(calendar, zone, at, every);
    // A non-advancing step would loop forever; parseDuration never yields one, but guard anyway.
    if (next.getTime() <= at.getTime() || next.getTime() > until.getTime()) break;
    times.push(next);
    at = next;
  }
  return times;
}
