// Checks of org.yaml beyond its shape: unknown people, duplicates, time zones, absences.
import { checkDate, checkTimeZone, duplicates, oneOf } from './check-common.ts';
import type { Org } from './model.ts';
import type { PathProblem, PathSegment } from './problem.ts';

/** What flow files may refer to: people by email, groups and roles with their members. */
export interface OrgIndex {
  people: ReadonlySet<string>;
  groups: ReadonlyMap<string, readonly string[]>;
  roles: ReadonlyMap<string, readonly string[]>;
}

export function indexOrg(org: Org): OrgIndex {
  return {
    people: new Set(org.people.map((p) => p.email)),
    groups: new Map(org.groups.map((g) => [g.id, g.members])),
    roles: new Map(org.roles.map((r) => [r.id, r.members])),
  };
}

export function checkOrg(org: Org): PathProblem[] {
  const index = indexOrg(org);
  const out: PathProblem[] = [];
  const person = (email: string, path: PathSegment[]) => {
    if (!index.people.has(email)) out.push({ path, message: `unknown person "${email}"; expected the email of someone under people` });
  };

  out.push(...checkTimeZone(org.calendar.timezone, ['calendar', 'timezone']));
  if (org.calendar.hours.start >= org.calendar.hours.end) {
    out.push({ path: ['calendar', 'hours', 'end'], message: `expected a time after the start (${org.calendar.hours.start})` });
  }
  org.calendar.holidays.forEach((h, i) => out.push(...checkDate(h.date, ['calendar', 'holidays', i, 'date'])));

  out.push(...duplicates(org.people, (p) => p.email, ['people'], 'email', 'email'));
  org.people.forEach((p, i) => {
    const at: PathSegment[] = ['people', i];
    if (p.manager === p.email) out.push({ path: [...at, 'manager'], message: 'expected someone else: a person cannot be their own manager' });
    else if (p.manager) person(p.manager, [...at, 'manager']);
    out.push(...checkTimeZone(p.timezone, [...at, 'timezone']));
    p.outOfOffice.forEach((a, j) => {
      const away: PathSegment[] = [...at, 'outOfOffice', j];
      const dates = [...checkDate(a.from, [...away, 'from']), ...checkDate(a.until, [...away, 'until'])];
      out.push(...dates);
      if (dates.length === 0 && a.until < a.from) out.push({ path: [...away, 'until'], message: `expected a date on or after from (${a.from})` });
      if (a.delegate === p.email) out.push({ path: [...away, 'delegate'], message: 'expected someone else: a person cannot be their own delegate' });
      else if (a.delegate) person(a.delegate, [...away, 'delegate']);
    });
  });

  // the org-wide defaults name people, groups and roles like a flow does
  for (const key of ['raise', 'open'] as const) {
    org.permissions[key]?.forEach((a, i) => {
      if (a === 'everyone') return;
      const at: PathSegment[] = ['permissions', key, i];
      if ('person' in a) person(a.person, [...at, 'person']);
      else if ('group' in a && !index.groups.has(a.group)) out.push({ path: [...at, 'group'], message: `unknown group "${a.group}"; expected ${oneOf(index.groups.keys())}` });
      else if ('role' in a && !index.roles.has(a.role)) out.push({ path: [...at, 'role'], message: `unknown role "${a.role}"; expected ${oneOf(index.roles.keys())}` });
    });
  }
  for (const kind of ['groups', 'roles'] as const) {
    out.push(...duplicates(org[kind], (g) => g.id, [kind], 'id', kind === 'groups' ? 'group id' : 'role id'));
    org[kind].forEach((g, i) => g.members.forEach((m, j) => person(m, [kind, i, 'members', j])));
  }
  return out;
}
