import { describe, expect, it } from 'vitest';
import { buildDirectory } from '../../src/flows/directory.ts';
import { Org } from '../../src/flows/model.ts';

const org = Org.parse({
  calendar: { timezone: 'Europe/Berlin' },
  people: [
    { email: 'Carol@Example.com', name: 'Carol' },
    { email: 'bob@example.com', name: 'Bob', manager: 'carol@example.com' },
    { email: 'ann@example.com', name: 'Ann', manager: 'bob@example.com' },
    // away 3..14 August in New York, Frank covers
    { email: 'sam@example.com', name: 'Sam', manager: 'bob@example.com', timezone: 'America/New_York', outOfOffice: [{ from: '2026-08-03', until: '2026-08-14', delegate: 'frank@example.com' }] },
    // away on 10 August in Berlin (the calendar's zone), Frank covers too
    { email: 'fiona@example.com', name: 'Fiona', outOfOffice: [{ from: '2026-08-10', until: '2026-08-10', delegate: 'Frank@example.com' }] },
    { email: 'frank@example.com', name: 'Frank' },
    // a cycle: each is the other's manager
    { email: 'x@example.com', name: 'X', manager: 'y@example.com' },
    { email: 'y@example.com', name: 'Y', manager: 'x@example.com' },
  ],
  groups: [{ id: 'finance', name: 'Finance', members: ['Fiona@example.com', 'frank@example.com'] }],
  roles: [{ id: 'admin', members: ['carol@example.com'] }],
});
const dir = buildDirectory(org);

describe('the org directory', () => {
  it('finds people by email whatever the case', () => {
    expect(dir.person('CAROL@example.com')?.name).toBe('Carol');
    expect(dir.nameOf('ann@example.com')).toBe('Ann');
    expect(dir.nameOf('stranger@example.com')).toBe('stranger@example.com');
    expect(dir.group('finance')?.members).toEqual(['fiona@example.com', 'frank@example.com']);
  });

  it('walks the manager chain by level and stops where it ends', () => {
    expect(dir.manager('ann@example.com')?.email).toBe('bob@example.com');
    expect(dir.manager('ann@example.com', 2)?.email).toBe('carol@example.com');
    expect(dir.manager('ann@example.com', 3)).toBeUndefined();
    expect(dir.manager('nobody@example.com')).toBeUndefined();
  });

  it('stops at a manager cycle instead of looping', () => {
    expect(dir.manager('x@example.com')?.email).toBe('y@example.com');
    expect(dir.manager('x@example.com', 2)).toBeUndefined();
    expect(dir.manager('x@example.com', 5)).toBeUndefined();
  });

  it('tells admins by the admin role', () => {
    expect(dir.isAdmin('Carol@example.com')).toBe(true);
    expect(dir.isAdmin('bob@example.com')).toBe(false);
    expect(dir.role('admin')).toEqual(['carol@example.com']);
    expect(dir.role('nope')).toEqual([]);
  });

  it('uses the person time zone, else the calendar one', () => {
    expect(dir.timezoneOf('sam@example.com')).toBe('America/New_York');
    expect(dir.timezoneOf('ann@example.com')).toBe('Europe/Berlin');
  });

  it('counts absence days inclusively in the person time zone', () => {
    // 3 Aug 03:00 UTC is still 2 Aug in New York
    expect(dir.absence('sam@example.com', new Date('2026-08-03T03:00:00Z'))).toBeUndefined();
    expect(dir.absence('sam@example.com', new Date('2026-08-03T05:00:00Z'))?.delegate).toBe('frank@example.com');
    // 15 Aug 03:00 UTC is still 14 Aug, the last day, in New York
    expect(dir.absence('sam@example.com', new Date('2026-08-15T03:00:00Z'))).toBeDefined();
    expect(dir.absence('sam@example.com', new Date('2026-08-15T05:00:00Z'))).toBeUndefined();
    // 9 Aug 22:30 UTC is already 10 Aug in Berlin
    expect(dir.absence('fiona@example.com', new Date('2026-08-09T22:30:00Z'))).toBeDefined();
    expect(dir.absence('fiona@example.com', new Date('2026-08-10T22:30:00Z'))).toBeUndefined();
  });

  it('lists whom a delegate covers at a moment', () => {
    expect(dir.coveredBy('frank@example.com', new Date('2026-08-10T12:00:00Z'))).toEqual(['sam@example.com', 'fiona@example.com']);
    expect(dir.coveredBy('FRANK@example.com', new Date('2026-08-05T12:00:00Z'))).toEqual(['sam@example.com']);
    expect(dir.coveredBy('frank@example.com', new Date('2026-09-01T12:00:00Z'))).toEqual([]);
    expect(dir.coveredBy('bob@example.com', new Date('2026-08-10T12:00:00Z'))).toEqual([]);
  });
});
