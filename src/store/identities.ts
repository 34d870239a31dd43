// The identity cache (platform_identities, migration 002) on Knex.
import type { Knex } from 'knex';
import type { Platform } from '../ports/chat.ts';
import type { IdentityStore, PlatformIdentity } from '../ports/identities.ts';

interface Row {
  platform: string;
  platform_user_id: string;
  email: string | null;
  display_name: string | null;
  fetched_at: string;
}

export class SqlIdentityStore implements IdentityStore {
  constructor(private readonly db: Knex) {}

  async find(platform: Platform, platformUserId: string): Promise<PlatformIdentity | undefined> {
    const row = (await this.db('platform_identities').where({ platform, platform_user_id: platformUserId }).first()) as Row | undefined;
    if (!row) return undefined;
    return {
      platform,
      platformUserId: row.platform_user_id,
      ...(row.email ? { email: row.email } : {}),
      ...(row.display_name ? { displayName: row.display_name } : {}),
      fetchedAt: row.fetched_at,
    };
  }

  async remember(identity: PlatformIdentity): Promise<void> {
    await this.db('platform_identities')
      .insert({
        platform: identity.platform,
        platform_user_id: identity.platformUserId,
        email: identity.email?.toLowerCase() ?? null,
        display_name: identity.displayName ?? null,
        fetched_at: identity.fetchedAt,
      })
      .onConflict(['platform', 'platform_user_id'])
      .merge();
  }

  async idsOf(platform: Platform, email: string): Promise<string[]> {
    const rows = (await this.db('platform_identities').select('platform_user_id').where({ platform, email: email.toLowerCase() }).orderBy('fetched_at', 'desc')) as Pick<Row, 'platform_user_id'>[];
    return rows.map((r) => r.platform_user_id);
  }
}
