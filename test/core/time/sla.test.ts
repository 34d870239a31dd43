import { describe, expect, it } from 'vitest';
import { dueWithPauses, recomputeDue, slaState } from '../../../src/core/time/sla.ts';
import type { Duration } from '../../../src/core/time/duration.ts';
import { at, berlin, iso } from './calendars.ts';

const BERLIN = 'Europe/Berlin';
const hours = (n: number): Duration => ({ kind: 'business', minutes: n * 60 });
const minutesAfter = (d: Date, m: number): Date => new Date(d.getTime() + m * 60_000);

describe('slaState', () => {
  const start = at('2026-06-01T09:00:00Z');
  const due = minutesAfter(start, 100);

  it('is on track before 75% of the window has passed', () => {
    expect(slaState(start, start, due)).toBe('on_track');
    expect(slaState(minutesAfter(start, 74), start, due)).toBe('on_track');
    expect(slaState(minutesAfter(start, -30), start, due)).toBe('on_track');
  });

  it('is at risk from 75% of the window until the due instant', () => {
    expect(slaState(minutesAfter(start, 75), start, due)).toBe('at_risk');
    expect(slaState(minutesAfter(start, 99), start, due)).toBe('at_risk');
  });

  it('is breached from the due instant on', () => {
    expect(slaState(due, start, due)).toBe('breached');
    expect(slaState(minutesAfter(start, 5000), start, due)).toBe('breached');
  });

  it('takes another at-risk fraction', () => {
    expect(slaState(minutesAfter(start, 49), start, due, 0.5)).toBe('on_track');
    expect(slaState(minutesAfter(start, 50), start, due, 0.5)).toBe('at_risk');
  });

  it('treats an empty window as at risk until due', () => {
    expect(slaState(minutesAfter(start, -1), start, start)).toBe('at_risk');
    expect(slaState(start, start, start)).toBe('breached');
  });
});

describe('dueWithPauses', () => {
  const monday9 = at('2026-06-01T09:00:00+02:00');

  it('without pauses is the plain business due time', () => {
    expect(iso(dueWithPauses(berlin, BERLIN, monday9, hours(8), []))).toBe('2026-06-01T15:00:00.000Z');
  });

  it('moves later by the business time spent paused, not the wall time', () => {
    // Paused Mon 11:00 → Tue 10:00: 6h on Monday + 1h on Tuesday of business time
    const pauses = [{ from: at('2026-06-01T11:00:00+02:00'), to: at('2026-06-02T10:00:00+02:00') }];
    expect(iso(dueWithPauses(berlin, BERLIN, monday9, hours(8), pauses))).toBe('2026-06-02T14:00:00.000Z');
  });

  it('ignores a pause that starts at or after the due time', () => {
    const atDue = [{ from: at('2026-06-01T17:00:00+02:00'), to: at('2026-06-02T12:00:00+02:00') }];
    const later = [{ from: at('2026-06-02T10:00:00+02:00'), to: at('2026-06-02T12:00:00+02:00') }];
    expect(iso(dueWithPauses(berlin, BERLIN, monday9, hours(8), atDue))).toBe('2026-06-01T15:00:00.000Z');
    expect(iso(dueWithPauses(berlin, BERLIN, monday9, hours(8), later))).toBe('2026-06-01T15:00:00.000Z');
  });

  it('counts overlapping pauses once', () => {
    const pauses = [
      { from: at('2026-06-01T12:00:00+02:00'), to: at('2026-06-01T14:00:00+02:00') },
      { from: at('2026-06-01T11:00:00+02:00'), to: at('2026-06-01T13:00:00+02:00') },
    ];
    expect(iso(dueWithPauses(berlin, BERLIN, monday9, hours(8), pauses))).toBe('2026-06-02T10:00:00.000Z');
  });

  it('ignores the part of a pause before the clock started', () => {
    const pauses = [{ from: at('2026-05-31T10:00:00+02:00'), to: at('2026-06-01T10:00:00+02:00') }];
    expect(iso(dueWithPauses(berlin, BERLIN, monday9, hours(8), pauses))).toBe('2026-06-02T08:00:00.000Z');
  });

  it('counts an open pause up to now', () => {
    // Paused since Mon 15:00, still waiting on Tue 11:00: 4h paused, 2h left after resuming now
    const pauses = [{ from: at('2026-06-01T15:00:00+02:00') }];
    expect(iso(dueWithPauses(berlin, BERLIN, monday9, hours(8), pauses, at('2026-06-02T11:00:00+02:00')))).toBe('2026-06-02T11:00:00.000Z');
    expect(() => dueWithPauses(berlin, BERLIN, monday9, hours(8), pauses)).toThrow('dueWithPauses: an open pause needs `now`');
  });

  it('measures pauses of an elapsed SLA in real time', () => {
    const pauses = [{ from: at('2026-06-01T08:00:00Z'), to: at('2026-06-01T10:00:00Z') }];
    expect(iso(dueWithPauses(berlin, BERLIN, at('2026-06-01T07:00:00Z'), { kind: 'elapsed', minutes: 240 }, pauses))).toBe('2026-06-01T13:00:00.000Z');
  });

  it('does not move a business due time for a pause outside working hours', () => {
    const pauses = [{ from: at('2026-06-01T18:00:00+02:00'), to: at('2026-06-02T08:00:00+02:00') }];
    expect(iso(dueWithPauses(berlin, BERLIN, at('2026-06-01T16:00:00+02:00'), hours(2), pauses))).toBe('2026-06-02T08:00:00.000Z');
  });

  it('moves a business-days due time by the paused business time', () => {
    const threeDays: Duration = { kind: 'business_days', days: 3 };
    expect(iso(dueWithPauses(berlin, BERLIN, monday9, threeDays, []))).toBe('2026-06-04T07:00:00.000Z');
    const pauses = [{ from: at('2026-06-01T13:00:00+02:00'), to: at('2026-06-01T15:00:00+02:00') }];
    expect(iso(dueWithPauses(berlin, BERLIN, monday9, threeDays, pauses))).toBe('2026-06-04T09:00:00.000Z');
  });
});

describe('recomputeDue on a priority change', () => {
  // Opened Monday 09:00, waited on the customer 13:00–15:00; priority changes on Tuesday 10:00.
  const openedAt = at('2026-06-01T09:00:00+02:00');
  const pauses = [{ from: at('2026-06-01T13:00:00+02:00'), to: at('2026-06-01T15:00:00+02:00') }];
  const changedAt = at('2026-06-02T10:00:00+02:00');

  it('counts the new SLA from the original open time, minus paused time', () => {
    // P2 = 8 business hours: Mon 09–13 (4h), paused, Mon 15–17 (2h), Tue 09–11 (2h)
    const due = recomputeDue(berlin, BERLIN, openedAt, hours(8), pauses);
    expect(iso(due)).toBe('2026-06-02T09:00:00.000Z');
    expect(slaState(changedAt, openedAt, due)).toBe('at_risk');
  });

  it('can make a case breached at once when raised to a tighter SLA', () => {
    // P1 = 4 business hours ran out at Mon 13:00, when the pause began
    const due = recomputeDue(berlin, BERLIN, openedAt, hours(4), pauses);
    expect(iso(due)).toBe('2026-06-01T11:00:00.000Z');
    expect(slaState(changedAt, openedAt, due)).toBe('breached');
  });

  it('gives back the later due time when lowered, still from the open time', () => {
    const due = recomputeDue(berlin, BERLIN, openedAt, { kind: 'business_days', days: 3 }, pauses);
    expect(iso(due)).toBe('2026-06-04T09:00:00.000Z');
    expect(slaState(changedAt, openedAt, due)).toBe('on_track');
  });
});
