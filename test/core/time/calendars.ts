import { Calendar } from '../../../src/flows/model.ts';

/** Berlin office, Mon–Fri 09:00–17:00, with Easter 2026, Whit Monday and Christmas as holidays. */
export const berlin: Calendar = Calendar.parse({
  timezone: 'Europe/Berlin',
  holidays: [
    { date: '2026-04-03', name: 'Good Friday' },
    { date: '2026-04-06', name: 'Easter Monday' },
    { date: '2026-05-25', name: 'Whit Monday' },
    { date: '2026-12-25', name: 'Christmas Day' },
  ],
});

/** A night shift every day 01:00–05:00, so DST changes fall inside working hours. */
export const nightShift: Calendar = Calendar.parse({
  timezone: 'Europe/Berlin',
  workingDays: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'],
  hours: { start: '01:00', end: '05:00' },
});

export const iso = (d: Date): string => d.toISOString();
export const at = (text: string): Date => new Date(text);
