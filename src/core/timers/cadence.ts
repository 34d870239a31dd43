// Recurring reminders (an approver's reminders, a case owner's status-update nudges) follow a
// beat: from the moment the person was last asked, every `every`, on their calendar. One timer
// row stands for the next beat only; firing it moves the start of the beat.
import type { Calendar } from '../../flows/model.ts';
import { addBusinessTime } from '../time/business-calendar.ts';
import type { Duration } from '../time/duration.ts';
import { MAX_REMINDERS } from '../time/reminders.ts';

/**
 * The last beat at or before `now`, starting from the beat that is firing (`due`). A runner that
 * was down for a day fires one reminder, not a burst of the eight it missed, and the next one
 * stays on the beat (due + k·every) instead of drifting to whenever the runner woke up.
 */
export function lastBeat(calendar: Calendar, zone: string, due: Date, every: Duration, now: Date): Date {
  let at = due;
  for (let i = 0; i < MAX_REMINDERS; i++) {
    const next = addBusinessTime(calendar, zone, at, every);
    if (next.getTime() > now.getTime()) return at;
    at = next;
  }
  return now;
}
