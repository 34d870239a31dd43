import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { Calendar } from '../../../src/flows/model.ts';
import { addBusinessTime, businessMinutesBetween } from '../../../src/core/time/business-calendar.ts';
import { berlin, nightShift } from './calendars.ts';

/** mulberry32: a tiny seeded generator, so every run checks the same cases. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const sixDays = Calendar.parse({
  timezone: 'America/New_York',
  workingDays: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat'],
  hours: { start: '07:30', end: '19:15' },
  holidays: [{ date: '2026-03-09', name: 'x' }, { date: '2026-11-02', name: 'y' }, { date: '2026-07-03', name: 'z' }],
});
const calendars = [berlin, nightShift, sixDays];
const zones = ['Europe/Berlin', 'America/New_York', 'Asia/Kolkata', 'Australia/Sydney', 'Asia/Tokyo'];
const YEAR_2026 = Date.parse('2026-01-01T00:00:00Z');
const YEAR_MS = 365 * 24 * 3600 * 1000;

function pick<T>(next: () => number, items: readonly T[]): T {
  return items[Math.floor(next() * items.length)] as T;
}

/** Brute force, independent of the implementation: is this instant inside working hours? */
function isWorkingMinute(calendar: Calendar, zone: string, instant: number): boolean {
  const local = DateTime.fromMillis(instant, { zone });
  const weekday = (['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const)[local.weekday - 1];
  if (!weekday || !calendar.workingDays.includes(weekday)) return false;
  if (calendar.holidays.some((h) => h.date === local.toISODate())) return false;
  const hhmm = local.toFormat('HH:mm');
  return hhmm >= calendar.hours.start && hhmm < calendar.hours.end;
}

describe('business time properties (seed 20260329)', () => {
  it('businessMinutesBetween undoes addBusinessTime on 300 generated cases', () => {
    const next = seeded(20260329);
    for (let i = 0; i < 300; i++) {
      const calendar = pick(next, calendars);
      const zone = pick(next, zones);
      const from = new Date(YEAR_2026 + Math.floor(next() * YEAR_MS)); // millisecond precision
      const minutes = 1 + Math.floor(next() * 20_000);
      const due = addBusinessTime(calendar, zone, from, { kind: 'business', minutes });
      const back = businessMinutesBetween(calendar, zone, from, due);
      expect({ i, minutes: back }).toEqual({ i, minutes });
      expect(due.getTime()).toBeGreaterThan(from.getTime());
    }
  });

  it('business days land on a working day at the start time of day, one working day per day', () => {
    const next = seeded(7);
    for (let i = 0; i < 200; i++) {
      const calendar = pick(next, calendars);
      const zone = pick(next, zones);
      const from = new Date(YEAR_2026 + Math.floor(next() * YEAR_MS));
      const days = 1 + Math.floor(next() * 30);
      const one = addBusinessTime(calendar, zone, from, { kind: 'business_days', days: 1 });
      const many = addBusinessTime(calendar, zone, from, { kind: 'business_days', days });
      // n business days are n times one business day (composition), and always in working hours
      let chained = one;
      for (let d = 1; d < days; d++) chained = addBusinessTime(calendar, zone, chained, { kind: 'business_days', days: 1 });
      expect({ i, at: chained.toISOString() }).toEqual({ i, at: many.toISOString() });
      expect({ i, open: isWorkingMinute(calendar, zone, many.getTime()) }).toEqual({ i, open: true });
    }
  });

  it('businessMinutesBetween agrees with a minute-by-minute count on 40 generated ranges', () => {
    const next = seeded(42);
    for (let i = 0; i < 40; i++) {
      const calendar = pick(next, calendars);
      const zone = pick(next, zones);
      const from = YEAR_2026 + Math.floor(next() * (YEAR_MS / 60_000)) * 60_000; // whole minutes
      const to = from + Math.floor(next() * 4 * 1440) * 60_000;
      let expected = 0;
      for (let t = from; t < to; t += 60_000) if (isWorkingMinute(calendar, zone, t)) expected++;
      expect({ i, minutes: businessMinutesBetween(calendar, zone, new Date(from), new Date(to)) }).toEqual({ i, minutes: expected });
    }
  });

  it('agrees with the minute-by-minute count on every DST day of 2026 in Berlin and New York', () => {
    const cases: [Calendar, string, string][] = [
      [nightShift, 'Europe/Berlin', '2026-03-29'],
      [nightShift, 'Europe/Berlin', '2026-10-25'],
      [nightShift, 'America/New_York', '2026-03-08'],
      [nightShift, 'America/New_York', '2026-11-01'],
    ];
    for (const [calendar, zone, date] of cases) {
      const from = DateTime.fromISO(date, { zone }).minus({ days: 1 }).toMillis();
      const to = from + 3 * 24 * 3600 * 1000;
      let expected = 0;
      for (let t = from; t < to; t += 60_000) if (isWorkingMinute(calendar, zone, t)) expected++;
      expect({ date, zone, minutes: businessMinutesBetween(calendar, zone, new Date(from), new Date(to)) }).toEqual({ date, zone, minutes: expected });
    }
  });
});
