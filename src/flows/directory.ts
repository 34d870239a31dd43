// The org directory built from org.yaml: people by email, groups, roles, managers, absences.
import { DateTime } from 'luxon';
import type { Absence, Org, Person } from './model.ts';
import type { Directory } from '../ports/directory.ts';

export function buildDirectory(org: Org): Directory {
  const people = new Map<string, Person>(org.people.map((p) => [p.email.toLowerCase(), p]));
  const groups = new Map(org.groups.map((g) => [g.id, { id: g.id, name: g.name, members: g.members.map(lower) }]));
  const roles = new Map(org.roles.map((r) => [r.id, r.members.map(lower)]));

  const person = (email: string) => people.get(lower(email));
  const timezoneOf = (email: string) => person(email)?.timezone ?? org.calendar.timezone;

  const absence = (email: string, at: Date): Absence | undefined => {
    const p = person(email);
    if (!p || p.outOfOffice.length === 0) return undefined;
    // Absences are whole days in the person's own time zone: away "until 2026-08-14" means
    // until the end of that day where they live. ISO dates compare as strings.
    const day = DateTime.fromJSDate(at, { zone: timezoneOf(p.email) }).toISODate();
    if (!day) return undefined;
    return p.outOfOffice.find((a) => a.from <= day && day <= a.until);
  };

  return {
    calendar: org.calendar,
    permissions: org.permissions,
    person,
    people: () => org.people,
    manager(email, level = 1) {
      const seen = new Set<string>([lower(email)]);
      let current = person(email);
      for (let i = 0; i < level && current; i++) {
        const next = current.manager ? lower(current.manager) : undefined;
        // A cycle (a is b's manager and b is a's) ends the chain rather than looping.
        if (!next || seen.has(next)) return undefined;
        seen.add(next);
        current = people.get(next);
      }
      return current;
    },
    group: (id) => groups.get(id),
    role: (id) => roles.get(id) ?? [],
    isAdmin: (email) => (roles.get('admin') ?? []).includes(lower(email)),
    absence,
    coveredBy(email, at) {
      const delegate = lower(email);
      return org.people.filter((p) => absence(p.email, at)?.delegate?.toLowerCase() === delegate).map((p) => lower(p.email));
    },
    timezoneOf,
    nameOf: (email) => person(email)?.name ?? email,
  };
}

function lower(email: string): string {
  return email.toLowerCase();
}
