// "What if Fiona is away that week": the org directory with some people's absences replaced,
// for simulate and flow tests. Everything else (managers, groups, roles, the calendar) is the
// org.yaml directory as loaded.
import { DateTime } from 'luxon';
import type { Absence, Person } from '../../flows/model.ts';
import type { Directory } from '../../ports/directory.ts';

export interface AbsenceOverride {
  person: string;
  from: string;
  until: string;
  delegate?: string;
}

/** Absences given here replace what org.yaml says for those people; `present` clears them. */
export function withAbsences(base: Directory, away: readonly AbsenceOverride[], present: readonly string[] = []): Directory {
  if (away.length === 0 && present.length === 0) return base;
  const replaced = new Map<string, Absence[]>();
  for (const email of present) replaced.set(email.toLowerCase(), []);
  for (const a of away) {
    const key = a.person.toLowerCase();
    replaced.set(key, [...(replaced.get(key) ?? []), { from: a.from, until: a.until, ...(a.delegate ? { delegate: a.delegate.toLowerCase() } : {}) }]);
  }
  const person = (email: string): Person | undefined => {
    const p = base.person(email);
    const own = p && replaced.get(p.email.toLowerCase());
    return p && own ? { ...p, outOfOffice: own } : p;
  };
  const absence = (email: string, at: Date): Absence | undefined => {
    const p = person(email);
    if (!p || p.outOfOffice.length === 0) return undefined;
    // the same rule as src/flows/directory.ts: whole days in the person's own time zone
    const day = DateTime.fromJSDate(at, { zone: base.timezoneOf(p.email) }).toISODate();
    return day ? p.outOfOffice.find((a) => a.from <= day && day <= a.until) : undefined;
  };
  return {
    calendar: base.calendar,
    permissions: base.permissions,
    person,
    people: () => base.people().map((p) => person(p.email) ?? p),
    manager: (email, level) => base.manager(email, level),
    group: (id) => base.group(id),
    role: (id) => base.role(id),
    isAdmin: (email) => base.isAdmin(email),
    absence,
    coveredBy: (email, at) => base.people().filter((p) => absence(p.email, at)?.delegate?.toLowerCase() === email.toLowerCase()).map((p) => p.email.toLowerCase()),
    timezoneOf: (email) => base.timezoneOf(email),
    nameOf: (email) => base.nameOf(email),
  };
}
