import { describe, expect, it } from 'vitest';
import { Calendar } from '../../../src/flows/model.ts';
import { addBusinessTime, businessMinutesBetween, nextBusinessInstant } from '../../../src/core/time/business-calendar.ts';
import type { Duration } from '../../../src/core/time/duration.ts';
import { at, berlin, iso, nightShift } from './calendars.ts';

const BERLIN = 'Europe/Berlin';
const NEW_YORK = 'America/New_York';
const hours = (n: number): Duration => ({ kind: 'business', minutes: n * 60 });
const days = (n: number): Duration => ({ kind: 'business_days', days: n });

describe('addBusinessTime with business minutes', () => {
  it('carries over a weekend', () => {
    // Friday 16:00 + 3h = 1h on Friday, 2h on Monday
    expect(iso(addBusinessTime(berlin, BERLIN, at('2026-06-05T16:00:00+02:00'), hours(3)))).toBe('2026-06-08T09:00:00.000Z');
  });

  it('skips a holiday and the weekend after it', () => {
    // Thu 24 Dec 16:00 + 2h: 1h on Thursday, Christmas Day, weekend, 1h on Monday 28th
    expect(iso(addBusinessTime(berlin, BERLIN, at('2026-12-24T16:00:00+01:00'), hours(2)))).toBe('2026-12-28T09:00:00.000Z');
  });

  it('starts counting at the opening when started before it', () => {
    expect(iso(addBusinessTime(berlin, BERLIN, at('2026-06-01T07:30:00+02:00'), hours(1)))).toBe('2026-06-01T08:00:00.000Z');
  });

  it('starts counting at the next opening when started after closing', () => {
    expect(iso(addBusinessTime(berlin, BERLIN, at('2026-06-01T18:00:00+02:00'), hours(1)))).toBe('2026-06-02T08:00:00.000Z');
  });

  it('ends at closing time rather than at the next opening', () => {
    expect(iso(addBusinessTime(berlin, BERLIN, at('2026-06-01T16:00:00+02:00'), hours(1)))).toBe('2026-06-01T15:00:00.000Z');
  });

  it('counts a fractional start exactly', () => {
    const due = addBusinessTime(berlin, BERLIN, at('2026-06-01T16:59:30.250+02:00'), { kind: 'business', minutes: 1 });
    expect(iso(due)).toBe('2026-06-02T07:00:30.250Z');
  });

  it('crosses the Berlin spring-forward weekend (CET → CEST)', () => {
    // Friday 16:00 +01:00 + 2h → Monday 10:00 +02:00; adding 24h steps would say 09:00Z
    expect(iso(addBusinessTime(berlin, BERLIN, at('2026-03-27T16:00:00+01:00'), hours(2)))).toBe('2026-03-30T08:00:00.000Z');
  });

  it('crosses the Berlin fall-back weekend (CEST → CET)', () => {
    expect(iso(addBusinessTime(berlin, BERLIN, at('2026-10-23T16:00:00+02:00'), hours(2)))).toBe('2026-10-26T09:00:00.000Z');
  });

  it('crosses the New York spring-forward weekend (EST → EDT)', () => {
    expect(iso(addBusinessTime(berlin, NEW_YORK, at('2026-03-06T16:00:00-05:00'), hours(2)))).toBe('2026-03-09T14:00:00.000Z');
  });

  it('crosses the New York fall-back weekend (EDT → EST)', () => {
    expect(iso(addBusinessTime(berlin, NEW_YORK, at('2026-10-30T16:00:00-04:00'), hours(2)))).toBe('2026-11-02T15:00:00.000Z');
  });

  it('counts the real length of working hours on a spring-forward day (01:00–05:00 is 3h)', () => {
    // 01:00 +01:00 = 00:00Z; 150 minutes later is 02:30Z = 04:30 +02:00, still inside the shift
    expect(iso(addBusinessTime(nightShift, BERLIN, at('2026-03-29T00:00:00Z'), { kind: 'business', minutes: 150 }))).toBe('2026-03-29T02:30:00.000Z');
    // 200 minutes do not fit in the 180 the day has: 20 minutes into Monday's shift (01:20 +02:00)
    expect(iso(addBusinessTime(nightShift, BERLIN, at('2026-03-29T00:00:00Z'), { kind: 'business', minutes: 200 }))).toBe('2026-03-29T23:20:00.000Z');
  });

  it('counts the real length of working hours on a fall-back day (01:00–05:00 is 5h)', () => {
    // 01:00 +02:00 = 23:00Z the day before; 270 minutes later is 03:30Z = 04:30 +01:00
    expect(iso(addBusinessTime(nightShift, BERLIN, at('2026-10-24T23:00:00Z'), { kind: 'business', minutes: 270 }))).toBe('2026-10-25T03:30:00.000Z');
  });

  it('gives different due times for the same instant in two zones', () => {
    const instant = at('2026-06-05T15:00:00Z'); // Friday: 17:00 in Berlin (closed), 11:00 in New York
    expect(iso(addBusinessTime(berlin, BERLIN, instant, hours(4)))).toBe('2026-06-08T11:00:00.000Z');
    expect(iso(addBusinessTime(berlin, NEW_YORK, instant, hours(4)))).toBe('2026-06-05T19:00:00.000Z');
  });

  it('reads holidays as dates in the zone the clock runs in', () => {
    const instant = at('2026-12-24T14:00:00Z'); // 15:00 on the 24th in Berlin, 23:00 in Tokyo
    expect(iso(addBusinessTime(berlin, BERLIN, instant, hours(1)))).toBe('2026-12-24T15:00:00.000Z');
    // Tokyo: closed now, the 25th is the holiday there, then the weekend → Monday 10:00 JST
    expect(iso(addBusinessTime(berlin, 'Asia/Tokyo', instant, hours(1)))).toBe('2026-12-28T01:00:00.000Z');
  });
});

describe('addBusinessTime with business days', () => {
  it('lands on the same time of day: Friday 15:00 + 2 business days → Tuesday 15:00', () => {
    expect(iso(addBusinessTime(berlin, BERLIN, at('2026-06-05T15:00:00+02:00'), days(2)))).toBe('2026-06-09T13:00:00.000Z');
  });

  it('skips Good Friday, the weekend and Easter Monday', () => {
    const thursday = at('2026-04-02T10:00:00+02:00');
    expect(iso(addBusinessTime(berlin, BERLIN, thursday, days(1)))).toBe('2026-04-07T08:00:00.000Z');
    expect(iso(addBusinessTime(berlin, BERLIN, thursday, days(2)))).toBe('2026-04-08T08:00:00.000Z');
  });

  it('starts from the next opening when started outside working hours', () => {
    expect(iso(addBusinessTime(berlin, BERLIN, at('2026-06-06T11:00:00+02:00'), days(1)))).toBe('2026-06-09T07:00:00.000Z');
    expect(iso(addBusinessTime(berlin, BERLIN, at('2026-06-05T18:00:00+02:00'), days(1)))).toBe('2026-06-09T07:00:00.000Z');
  });

  it('keeps the time of day across the Berlin spring-forward weekend', () => {
    expect(iso(addBusinessTime(berlin, BERLIN, at('2026-03-27T15:00:00+01:00'), days(2)))).toBe('2026-03-31T13:00:00.000Z');
  });

  it('keeps the time of day across the New York fall-back weekend', () => {
    expect(iso(addBusinessTime(berlin, NEW_YORK, at('2026-10-30T15:00:00-04:00'), days(1)))).toBe('2026-11-02T20:00:00.000Z');
  });

  it('handles a year of business days without walking minute by minute', () => {
    const from = at('2026-01-05T09:00:00+01:00');
    const due = addBusinessTime(berlin, BERLIN, from, days(365));
    expect(businessMinutesBetween(berlin, BERLIN, from, due)).toBe(365 * 480);
  });
});

describe('elapsed durations', () => {
  it('add real minutes, so a day across fall-back ends an hour earlier on the wall clock', () => {
    // Saturday 12:00 EDT + 1 day = Sunday 11:00 EST
    expect(iso(addBusinessTime(berlin, NEW_YORK, at('2026-10-31T12:00:00-04:00'), { kind: 'elapsed', minutes: 1440 }))).toBe('2026-11-01T16:00:00.000Z');
  });

  it('ignore weekends and holidays', () => {
    expect(iso(addBusinessTime(berlin, BERLIN, at('2026-12-24T16:00:00+01:00'), { kind: 'elapsed', minutes: 120 }))).toBe('2026-12-24T17:00:00.000Z');
  });
});

describe('businessMinutesBetween', () => {
  it('counts only working hours', () => {
    expect(businessMinutesBetween(berlin, BERLIN, at('2026-06-05T16:00:00+02:00'), at('2026-06-08T11:00:00+02:00'))).toBe(180);
  });

  it('is negative when the end is before the start', () => {
    expect(businessMinutesBetween(berlin, BERLIN, at('2026-06-08T11:00:00+02:00'), at('2026-06-05T16:00:00+02:00'))).toBe(-180);
  });

  it('skips Easter holidays', () => {
    // Thu 10–17 (7h) + Tue 9–10 (1h)
    expect(businessMinutesBetween(berlin, BERLIN, at('2026-04-02T10:00:00+02:00'), at('2026-04-07T10:00:00+02:00'))).toBe(480);
  });

  it('measures DST days by the real time inside working hours', () => {
    expect(businessMinutesBetween(nightShift, BERLIN, at('2026-03-28T12:00:00Z'), at('2026-03-29T12:00:00Z'))).toBe(180);
    expect(businessMinutesBetween(nightShift, BERLIN, at('2026-10-24T12:00:00Z'), at('2026-10-25T12:00:00Z'))).toBe(300);
  });

  it('is zero over a weekend and inside a holiday', () => {
    expect(businessMinutesBetween(berlin, BERLIN, at('2026-06-05T17:00:00+02:00'), at('2026-06-08T09:00:00+02:00'))).toBe(0);
    expect(businessMinutesBetween(berlin, BERLIN, at('2026-12-25T10:00:00+01:00'), at('2026-12-25T16:00:00+01:00'))).toBe(0);
  });
});

describe('opening and closing times that DST skips or repeats', () => {
  const everyDay = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
  const shift = (start: string, end: string): Calendar =>
    Calendar.parse({ timezone: BERLIN, workingDays: [...everyDay], hours: { start, end } });

  it('opens at the jump when the opening time does not exist (02:30 on spring-forward day)', () => {
    const late = shift('02:30', '05:00');
    expect(iso(nextBusinessInstant(late, BERLIN, at('2026-03-28T23:00:00Z')))).toBe('2026-03-29T01:00:00.000Z');
    expect(businessMinutesBetween(late, BERLIN, at('2026-03-28T12:00:00Z'), at('2026-03-29T12:00:00Z'))).toBe(120);
  });

  it('opens at the first reading of a repeated opening time (02:00 on fall-back day)', () => {
    const early = shift('02:00', '05:00');
    expect(iso(nextBusinessInstant(early, BERLIN, at('2026-10-24T21:00:00Z')))).toBe('2026-10-25T00:00:00.000Z');
    expect(businessMinutesBetween(early, BERLIN, at('2026-10-24T12:00:00Z'), at('2026-10-25T12:00:00Z'))).toBe(240);
  });

  it('closes at the last reading of a repeated closing time (02:30 on fall-back day)', () => {
    const midnight = shift('00:00', '02:30');
    // 00:00 CEST (22:00Z) until the second 02:30, in CET (01:30Z)
    expect(businessMinutesBetween(midnight, BERLIN, at('2026-10-24T21:00:00Z'), at('2026-10-25T12:00:00Z'))).toBe(210);
  });
});

describe('nextBusinessInstant', () => {
  it('is the instant itself inside working hours and the next opening outside them', () => {
    expect(iso(nextBusinessInstant(berlin, BERLIN, at('2026-06-01T12:00:00+02:00')))).toBe('2026-06-01T10:00:00.000Z');
    expect(iso(nextBusinessInstant(berlin, BERLIN, at('2026-06-05T17:00:00+02:00')))).toBe('2026-06-08T07:00:00.000Z');
  });
});

describe('broken input', () => {
  it('throws on a calendar whose hours end before they start', () => {
    const overnight = Calendar.parse({ timezone: BERLIN, hours: { start: '22:00', end: '06:00' } });
    expect(() => addBusinessTime(overnight, BERLIN, at('2026-06-01T12:00:00Z'), hours(1))).toThrow(
      'calendar hours must end after they start (22:00–06:00)',
    );
  });

  it('throws on an unknown time zone', () => {
    expect(() => addBusinessTime(berlin, 'Mars/Olympus', at('2026-06-01T12:00:00Z'), hours(1))).toThrow('invalid time zone: Mars/Olympus');
  });
});
