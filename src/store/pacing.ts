// Per-channel send slots, shared by every replica: Slack accepts about one message per second
// per channel (https://api.slack.com/apis/rate-limits#posting-messages) and answers bursts
// with 429. Each message to a channel reserves the next free slot; the row moves on by the gap.
import type { Knex } from 'knex';
import type { Platform } from '../ports/chat.ts';
import { lockForUpdate, type Dialect } from './sql-util.ts';

export async function reserveSlot(db: Knex, dialect: Dialect, platform: Platform, channelKey: string, now: Date, gapMs: number): Promise<Date> {
  const at = now.toISOString();
  return db.transaction(async (trx) => {
    // make sure the row exists, then lock it: concurrent reservers queue on the row lock
    await trx('channel_pacing').insert({ platform, channel_key: channelKey, next_at: at }).onConflict(['platform', 'channel_key']).ignore();
    const row = (await lockForUpdate(trx('channel_pacing').select('next_at').where({ platform, channel_key: channelKey }), dialect).first()) as { next_at: string } | undefined;
    const slot = Math.max(now.getTime(), row ? Date.parse(row.next_at) : 0);
    await trx('channel_pacing').where({ platform, channel_key: channelKey }).update({ next_at: new Date(slot + gapMs).toISOString() });
    return new Date(slot);
  });
}
