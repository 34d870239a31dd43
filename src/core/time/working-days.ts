import { DateTime, IANAZone } from 'luxon';
import type { Calendar } from '../../flows/model.ts';

/**
 * Calendar days and their working windows, in one person's time zone.
 *
 * Days are walked as plain dates (UTC midnights, used only for their year/month/day), so a DST
 * change can never make a day be skipped or visited twice; each day's opening and closing are
 * then placed in the person's zone, which is where DST is accounted for.
 */

/** A calendar date, as the epoch milliseconds of its UTC midnight (cheap to step and compare). */
export type Day = number;
const DAY_MS = 86_400_000;
export type Window = { open: number; close: number }; // epoch milliseconds, open < close

const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

type Prepared = { working: ReadonlySet<number>; holidays: ReadonlySet<string>; start: HhMm; end: HhMm };
type HhMm = { hour: number; minute: number };

// Calendars are loaded once and shared, so their derived sets are worth keeping.
const prepared = new WeakMap<Calendar, Prepared>();

function prepare(calendar: Calendar): Prepared {
  const known = prepared.get(calendar);
  if (known) return known;
  const start = hhmm(calendar.hours.start);
  const end = hhmm(calendar.hours.end);
  if (end.hour * 60 + end.minute <= start.hour * 60 + start.minute) {
    // Overnight shifts are not modelled; the flow loader should refuse such a calendar.
    throw new Error(`calendar hours must end after they start (${calendar.hours.start}–${calendar.hours.end})`);
  }
  const working = new Set(calendar.workingDays.map((d) => WEEKDAYS.indexOf(d) + 1)); // luxon: 1 = Monday
  const result = { working, holidays: new Set(calendar.holidays.map((h) => h.date)), start, end };
  prepared.set(calendar, result);
  return result;
}

function hhmm(text: string): HhMm {
  const [h = '', m = ''] = text.split(':');
  return { hour: Number(h), minute: Number(m) };
}

/** The calendar date, in `zone`, on which the instant falls. */
export function dayOf(zone: string, instant: number): Day {
  const local = instant + offsetOf(ianaZone(zone), instant) * MINUTE_MS;
  return local - (((local % DAY_MS) + DAY_MS) % DAY_MS);
}

// Zone maths is most of the cost of an SLA clock, and the same few instants come back on every
// commit (the opening and closing of the same working days): offsets and windows are pure
// functions of their arguments, so they are remembered. Bounded: a map past its size starts over.
const MEMO_LIMIT = 20_000;
const offsets = new Map<IANAZone, Map<number, number>>();

/** the zone's offset from UTC in minutes at the instant (luxon asks Intl each time: 2–5 µs) */
function offsetOf(tz: IANAZone, instant: number): number {
  let memo = offsets.get(tz);
  if (!memo) offsets.set(tz, (memo = new Map()));
  let offset = memo.get(instant);
  if (offset === undefined) {
    if (memo.size >= MEMO_LIMIT) memo.clear();
    offset = tz.offset(instant);
    memo.set(instant, offset);
  }
  return offset;
}

export function nextDay(day: Day): Day {
  return day + DAY_MS; // UTC has no DST, so a date is always 24h after the previous one
}

export type WallTime = { hour: number; minute: number; second?: number; millisecond?: number };

/**
 * The instant at which the date reads the given wall-clock time in `zone`. Around DST the answer
 * is not unique, so the caller says which one it wants: when the clock falls back and reads the
 * time twice, 'first' or 'last' picks the occurrence; when it springs forward over the time, both
 * give the moment of the jump (the first instant the clock reads the time or later).
 * A working day runs from the first time the clock reads the opening to the last time it reads
 * the closing, so an hour gained inside working hours is worked and an hour lost is not.
 */
export function atTime(zone: string, day: Day, time: WallTime, which: 'first' | 'last' = 'first'): number {
  const tz = ianaZone(zone);
  const wall = day + ((time.hour * 60 + time.minute) * 60 + (time.second ?? 0)) * 1000 + (time.millisecond ?? 0);
  // Offsets never exceed ±14h, so the offsets 15h either side are the ones in force before and
  // after any transition that could affect this wall time.
  const before = offsetOf(tz, wall - 15 * HOUR_MS);
  const after = offsetOf(tz, wall + 15 * HOUR_MS);
  if (before === after) return wall - before * MINUTE_MS; // no transition nearby: the usual case
  const valid = [...new Set([before, after])]
    .map((offset) => wall - offset * MINUTE_MS)
    .filter((instant) => wall - offsetOf(tz, instant) * MINUTE_MS === instant)
    .sort((a, b) => a - b);
  const chosen = which === 'first' ? valid[0] : valid[valid.length - 1];
  if (chosen !== undefined) return chosen;
  // The wall time falls in a spring-forward gap: find the jump between the two readings.
  let lo = wall - after * MINUTE_MS; // still on the old offset, reads earlier than `time`
  let hi = wall - before * MINUTE_MS; // already on the new offset, reads later than `time`
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (tz.offset(mid) === before) lo = mid;
    else hi = mid;
  }
  return hi;
}

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;

function ianaZone(zone: string): IANAZone {
  // IANAZone.create keeps one instance per name, so the memo above is per zone
  const tz = IANAZone.create(zone);
  if (!tz.isValid) throw new Error(`invalid time zone: ${zone}`);
  return tz;
}

export function isWorkingDay(calendar: Calendar, day: Day): boolean {
  const p = prepare(calendar);
  const weekday = ((new Date(day).getUTCDay() + 6) % 7) + 1; // 1 = Monday, as luxon counts
  return p.working.has(weekday) && !p.holidays.has(new Date(day).toISOString().slice(0, 10));
}

/** Opening and closing of a working day in `zone`; undefined on weekends and holidays. */
export function workingWindow(calendar: Calendar, zone: string, day: Day): Window | undefined {
  if (!isWorkingDay(calendar, day)) return undefined;
  let byZone = windows.get(calendar);
  if (!byZone) windows.set(calendar, (byZone = new Map()));
  let memo = byZone.get(zone);
  if (!memo) byZone.set(zone, (memo = new Map()));
  const known = memo.get(day);
  if (known) return { ...known };
  const p = prepare(calendar);
  const window = { open: atTime(zone, day, p.start, 'first'), close: atTime(zone, day, p.end, 'last') };
  if (memo.size >= MEMO_LIMIT) memo.clear();
  memo.set(day, window);
  return { ...window };
}

const windows = new WeakMap<Calendar, Map<string, Map<Day, Window>>>();

export function inZone(zone: string, instant: number): DateTime {
  const local = DateTime.fromMillis(instant, { zone });
  if (!local.isValid) throw new Error(`invalid time zone: ${zone}`);
  return local;
}

/**
 * Bound on days walked in one call. A year-long business duration on a calendar with one short
 * working day a week still fits; past this, the calendar is broken and looping on is worse.
 */
export const MAX_DAYS_SCANNED = 100 * 366;
