/**
 * Durations as flow authors write them: `30m`, `4h`, `1.5 hours`, `2 days`, `1 week`,
 * `2 business days`, `3 business hours`, `90 business minutes`.
 *
 * Three kinds, because they are counted differently (see business-calendar.ts):
 * - elapsed: wall-clock minutes, nights and weekends included;
 * - business: minutes counted only inside working hours;
 * - business_days: whole working days, landing on the same time of day.
 */
export type Duration =
  | { kind: 'elapsed'; minutes: number }
  | { kind: 'business'; minutes: number }
  | { kind: 'business_days'; days: number };

const MINUTES_PER_HOUR = 60;
const MINUTES_PER_DAY = 24 * MINUTES_PER_HOUR;
const MINUTES_PER_WEEK = 7 * MINUTES_PER_DAY;

/** Nothing in a flow should wait longer than a year; a bigger number is a typo. */
const MAX_DAYS = 365;
const MAX_MINUTES = MAX_DAYS * MINUTES_PER_DAY;

type Unit = 'minute' | 'hour' | 'day' | 'week';

const UNITS: Record<string, Unit> = {
  m: 'minute', min: 'minute', mins: 'minute', minute: 'minute', minutes: 'minute',
  h: 'hour', hr: 'hour', hrs: 'hour', hour: 'hour', hours: 'hour',
  d: 'day', day: 'day', days: 'day',
  w: 'week', wk: 'week', wks: 'week', week: 'week', weeks: 'week',
};

const UNIT_MINUTES: Record<Unit, number> = {
  minute: 1,
  hour: MINUTES_PER_HOUR,
  day: MINUTES_PER_DAY,
  week: MINUTES_PER_WEEK,
};

// A number (no sign: zero and negatives are refused), an optional "business", a unit word.
const PATTERN = /^(\d{1,6}(?:\.\d{1,3})?)\s*(business\s+)?([a-z]+)$/;

/** Parses a duration; undefined for garbage, zero, fractions of a minute or more than a year. */
export function parseDuration(text: string): Duration | undefined {
  if (text.length > 60) return undefined;
  const match = PATTERN.exec(text.trim().toLowerCase().replace(/\s+/g, ' '));
  if (!match) return undefined;
  const [, amountText = '', businessWord, unitText = ''] = match;
  const unit = UNITS[unitText];
  const amount = Number(amountText);
  if (!unit || !Number.isFinite(amount) || amount <= 0) return undefined;

  if (businessWord) {
    if (unit === 'day') {
      // Business days land on the same time of day, so only whole days have a meaning.
      if (!Number.isInteger(amount) || amount > MAX_DAYS) return undefined;
      return { kind: 'business_days', days: amount };
    }
    // "business week" is refused: a week's worth of working days depends on the calendar,
    // so the author should say "5 business days".
    if (unit === 'week') return undefined;
    const minutes = wholeMinutes(amount * UNIT_MINUTES[unit]);
    return minutes === undefined ? undefined : { kind: 'business', minutes };
  }

  const minutes = wholeMinutes(amount * UNIT_MINUTES[unit]);
  return minutes === undefined ? undefined : { kind: 'elapsed', minutes };
}

function wholeMinutes(raw: number): number | undefined {
  // Guard against float noise (0.1 hours = 6.000000000000001 minutes).
  const rounded = Math.round(raw);
  if (Math.abs(raw - rounded) > 1e-9) return undefined;
  if (rounded <= 0 || rounded > MAX_MINUTES) return undefined;
  return rounded;
}

/** A human phrase that parseDuration reads back to the same value. */
export function formatDuration(d: Duration): string {
  switch (d.kind) {
    case 'business_days':
      return plural(d.days, 'business day');
    case 'business':
      return d.minutes % MINUTES_PER_HOUR === 0
        ? plural(d.minutes / MINUTES_PER_HOUR, 'business hour')
        : plural(d.minutes, 'business minute');
    case 'elapsed':
      if (d.minutes % MINUTES_PER_WEEK === 0) return plural(d.minutes / MINUTES_PER_WEEK, 'week');
      if (d.minutes % MINUTES_PER_DAY === 0) return plural(d.minutes / MINUTES_PER_DAY, 'day');
      if (d.minutes % MINUTES_PER_HOUR === 0) return plural(d.minutes / MINUTES_PER_HOUR, 'hour');
      return plural(d.minutes, 'minute');
  }
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
