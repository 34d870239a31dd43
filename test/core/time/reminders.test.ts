import { describe, expect, it } from 'vitest';
import { addBusinessTime } from '../../../src/core/time/business-calendar.ts';
import { MAX_REMINDERS, reminderTimes } from '../../../src/core/time/reminders.ts';
import type { Duration } from '../../../src/core/time/duration.ts';
import { at, berlin, iso } from './calendars.ts';

const hourly: Duration = { kind: 'business', minutes: 60 };

describe('reminderTimes', () => {
  // Friday 22 May 2026 15:00 in Berlin; Monday 25 May is Whit Monday, a holiday.
  const from = at('2026-05-22T13:00:00Z');

  it('"never" gives no reminders', () => {
    expect(reminderTimes(berlin, 'Europe/Berlin', from, 'never', at('2027-01-01T00:00:00Z'))).toEqual([]);
  });

  it('advancing 5 business hours over a weekend and a holiday gives exactly five hourly reminders', () => {
    const until = addBusinessTime(berlin, 'Europe/Berlin', from, { kind: 'business', minutes: 300 });
    expect(iso(until)).toBe('2026-05-26T10:00:00.000Z');
    expect(reminderTimes(berlin, 'Europe/Berlin', from, hourly, until).map(iso)).toEqual([
      '2026-05-22T14:00:00.000Z', // Fri 16:00
      '2026-05-22T15:00:00.000Z', // Fri 17:00, closing
      '2026-05-26T08:00:00.000Z', // Tue 10:00, after the weekend and Whit Monday
      '2026-05-26T09:00:00.000Z',
      '2026-05-26T10:00:00.000Z',
    ]);
  });

  it('runs in the approver\'s time zone: the same span in New York gives other reminders', () => {
    // 13:00Z is 09:00 in New York, so all of Friday is working time there
    expect(reminderTimes(berlin, 'America/New_York', from, hourly, at('2026-05-26T10:00:00Z')).map(iso)).toEqual([
      '2026-05-22T14:00:00.000Z',
      '2026-05-22T15:00:00.000Z',
      '2026-05-22T16:00:00.000Z',
      '2026-05-22T17:00:00.000Z',
      '2026-05-22T18:00:00.000Z',
      '2026-05-22T19:00:00.000Z',
      '2026-05-22T20:00:00.000Z',
      '2026-05-22T21:00:00.000Z', // Fri 17:00 EDT; Tue 09:00 EDT is after `until`
    ]);
  });

  it('steps business days over Easter', () => {
    const thursday = at('2026-04-02T10:00:00+02:00');
    expect(reminderTimes(berlin, 'Europe/Berlin', thursday, { kind: 'business_days', days: 2 }, at('2026-04-10T12:00:00+02:00')).map(iso)).toEqual([
      '2026-04-08T08:00:00.000Z',
      '2026-04-10T08:00:00.000Z',
    ]);
  });

  it('steps elapsed time through the weekend and includes a reminder due exactly at the end', () => {
    expect(reminderTimes(berlin, 'Europe/Berlin', from, { kind: 'elapsed', minutes: 1440 }, at('2026-05-26T13:00:00Z')).map(iso)).toEqual([
      '2026-05-23T13:00:00.000Z',
      '2026-05-24T13:00:00.000Z',
      '2026-05-25T13:00:00.000Z',
      '2026-05-26T13:00:00.000Z',
    ]);
  });

  it('gives none when the end comes before the first reminder', () => {
    expect(reminderTimes(berlin, 'Europe/Berlin', from, hourly, at('2026-05-22T13:59:59Z'))).toEqual([]);
  });

  it('stops at 100 reminders', () => {
    const times = reminderTimes(berlin, 'Europe/Berlin', from, { kind: 'elapsed', minutes: 30 }, at('2027-05-22T00:00:00Z'));
    expect(MAX_REMINDERS).toBe(100);
    expect(times).toHaveLength(100);
    expect(iso(times[99] ?? from)).toBe('2026-05-24T15:00:00.000Z');
  });
});
