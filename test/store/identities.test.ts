import { afterEach, describe, expect, it } from 'vitest';
import { SqlIdentityStore } from '../../src/store/identities.ts';
import { sqlOf, storeTargets, type OpenedStore } from '../support/databases.ts';

describe.each(storeTargets())('identity cache on $name', (target) => {
  let opened: OpenedStore | undefined;
  afterEach(async () => opened?.cleanup());

  it('remembers, replaces and finds platform users by id and by email', async () => {
    opened = await target.open();
    const ids = new SqlIdentityStore(sqlOf(opened.store));
    expect(await ids.find('slack', 'U1')).toBeUndefined();
    await ids.remember({ platform: 'slack', platformUserId: 'U1', email: 'Ann@Example.com', fetchedAt: '2026-11-30T09:00:00.000Z' });
    await ids.remember({ platform: 'slack', platformUserId: 'U1', email: 'ann@example.com', displayName: 'Ann', fetchedAt: '2026-11-30T10:00:00.000Z' });
    await ids.remember({ platform: 'teams', platformUserId: 'aad-1', fetchedAt: '2026-11-30T10:00:00.000Z' });
    expect(await ids.find('slack', 'U1')).toEqual({ platform: 'slack', platformUserId: 'U1', email: 'ann@example.com', displayName: 'Ann', fetchedAt: '2026-11-30T10:00:00.000Z' });
    expect(await ids.find('teams', 'aad-1')).toEqual({ platform: 'teams', platformUserId: 'aad-1', fetchedAt: '2026-11-30T10:00:00.000Z' });
    expect(await ids.idsOf('slack', 'ANN@example.com')).toEqual(['U1']);
    expect(await ids.idsOf('teams', 'ann@example.com')).toEqual([]);
  });
});
