// The period a report covers: whole ISO weeks (Monday 00:00 UTC), the current one included.
import { DateTime } from 'luxon';
import type { ReportWindow } from '../../../src/ports/reports.ts';

export const WEEK_CHOICES = [4, 13, 26, 52, 104] as const;
export const DEFAULT_WEEKS = 26;

export interface Period extends ReportWindow {
  weeks: number;
  /** the Monday of each week, YYYY-MM-DD, oldest first */
  mondays: string[];
}

export function parseWeeks(raw: string | null): number {
  const n = Number(raw);
  return (WEEK_CHOICES as readonly number[]).includes(n) ? n : DEFAULT_WEEKS;
}

export function periodOf(now: Date, weeks: number): Period {
  const thisMonday = DateTime.fromJSDate(now, { zone: 'utc' }).startOf('week');
  const first = thisMonday.minus({ weeks: weeks - 1 });
  const mondays = Array.from({ length: weeks }, (_, i) => first.plus({ weeks: i }).toISODate()!);
  return { from: first.toISO()!, to: thisMonday.plus({ weeks: 1 }).toISO()!, weeks, mondays };
}

/** "2026-03-02" → "2026-W10" */
export function isoWeek(monday: string): string {
  return DateTime.fromISO(monday, { zone: 'utc' }).toFormat("kkkk-'W'WW");
}
