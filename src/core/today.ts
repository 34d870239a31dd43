import type { EngineContext } from './context.ts';

/** Today's date (YYYY-MM-DD) where a person is, for date fields such as "not before today". */
export function todayFor(ctx: EngineContext, email: string): string {
  const zone = ctx.directory.timezoneOf(email);
  return new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(ctx.now);
}
