// `--at 2026-12-24T10:00 Europe/Berlin`: a wall-clock time in a named zone, as a person says it.
// Without a zone the caller's default (the requester's time zone) is used; an explicit offset
// or Z in the text wins over both.
import { DateTime, IANAZone } from 'luxon';

export type AtTime = { ok: true; at: Date; zone: string } | { ok: false; message: string };

export function parseAtTime(text: string, zone: string | undefined, fallbackZone: string): AtTime {
  const useZone = zone ?? fallbackZone;
  if (!IANAZone.isValidZone(useZone)) return { ok: false, message: `unknown time zone ${JSON.stringify(useZone)}; expected an IANA name such as Europe/Berlin` };
  if (!/^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2})?)?(Z|[+-]\d{2}:?\d{2})?$/.test(text.trim())) {
    return { ok: false, message: `expected a time such as 2026-12-24T10:00, got ${JSON.stringify(text.slice(0, 40))}` };
  }
  const parsed = DateTime.fromISO(text.trim().replace(' ', 'T'), { zone: useZone, setZone: false });
  if (!parsed.isValid) return { ok: false, message: `${JSON.stringify(text.slice(0, 40))} is not a real time: ${parsed.invalidExplanation ?? parsed.invalidReason}` };
  return { ok: true, at: parsed.toJSDate(), zone: useZone };
}

/** "Thu 24 Dec 2026 10:00 GMT+1" in the given zone */
export function showInstant(at: Date | string, zone: string): string {
  return DateTime.fromJSDate(typeof at === 'string' ? new Date(at) : at, { zone }).toFormat('ccc d LLL yyyy HH:mm ZZZZ');
}
