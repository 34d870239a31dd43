// Small checks shared by org.yaml and flow files: duplicates, durations, time zones, dates.
import { DateTime, IANAZone } from 'luxon';
import { parseDuration } from '../core/time/duration.ts';
import { formatPath, type PathProblem, type PathSegment } from './problem.ts';

/** Reports the second and later uses of an id, pointing back at the first. */
export function duplicates<T>(items: readonly T[], idOf: (item: T) => string, at: PathSegment[], key: string, what: string): PathProblem[] {
  const first = new Map<string, number>();
  const out: PathProblem[] = [];
  items.forEach((item, i) => {
    const id = idOf(item);
    const seen = first.get(id);
    if (seen === undefined) first.set(id, i);
    else out.push({ path: [...at, i, key], message: `duplicate ${what} "${id}"; expected each ${what} once (first at ${formatPath([...at, seen])})` });
  });
  return out;
}

export function checkDuration(text: string | undefined, path: PathSegment[]): PathProblem[] {
  if (text === undefined || parseDuration(text)) return [];
  return [{ path, message: `expected a duration such as 30m, 4h, 2 days, 1 week or 2 business days, got "${text}"` }];
}

export function checkTimeZone(zone: string | undefined, path: PathSegment[]): PathProblem[] {
  if (zone === undefined || IANAZone.isValidZone(zone)) return [];
  return [{ path, message: `unknown time zone "${zone}"; expected an IANA zone such as Europe/Berlin or America/New_York` }];
}

export function checkDate(date: string, path: PathSegment[]): PathProblem[] {
  if (DateTime.fromISO(date).isValid) return [];
  return [{ path, message: `expected a real calendar date, got "${date}"` }];
}

/** "one of: a, b, c" for a message, shortened when the list is long. */
export function oneOf(ids: Iterable<string>): string {
  const list = [...new Set(ids)];
  if (list.length === 0) return 'one that is defined (there are none)';
  const shown = list.slice(0, 12).join(', ');
  return `one of: ${shown}${list.length > 12 ? ', ...' : ''}`;
}
