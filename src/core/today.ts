import type { EngineContext } from './context.ts';

/** Today's date (YYYY-MM-DD) where a person is, for date fields such as "not before today". */
export function todayFor(ctx: EngineContext, email: string): string {
  const zone = ctx.directory.timezoneOf(email);
  let format = formats.get(zone);
  if (!format) {
    // building an Intl.DateTimeFormat costs tens of µs; there are only so many zones
    format = new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' });
    formats.set(zone, format);
  }
  return format.format(ctx.now);
}

const formats = new Map<string, Intl.DateTimeFormat>();
