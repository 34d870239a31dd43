// The health probe on Knex: a heartbeat row per replica (migration 008), and the outbox and
// timer backlog read through their (status, due_at) indexes.
import type { Knex } from 'knex';
import type { Backlog, HealthProbe } from '../ports/health.ts';
import type { Store } from '../ports/store.ts';
import { SqlStore } from './sql-store.ts';
import { toInt } from './sql-util.ts';

export function healthProbeOf(store: Store): HealthProbe {
  if (!(store instanceof SqlStore)) throw new Error('the health probe needs a store opened by openStore()');
  return new SqlHealthProbe(store.knex);
}

class SqlHealthProbe implements HealthProbe {
  constructor(private readonly db: Knex) {}

  async write(replica: string, at: Date): Promise<void> {
    const iso = at.toISOString();
    await this.db.transaction(async (trx) => {
      // a new row every time, not an update in place: a full disk refuses the new row
      await trx('health_heartbeats').insert({ replica, at: iso }).onConflict(['replica', 'at']).merge();
      await trx('health_heartbeats').where({ replica }).andWhere('at', '<', iso).delete();
    });
  }

  async backlog(now: Date): Promise<Backlog> {
    const at = now.toISOString();
    const seconds = (iso: string | null | undefined) => (iso ? Math.max(0, Math.round((now.getTime() - Date.parse(iso)) / 1000)) : null);
    const outbox = (await this.db('outbox').where({ status: 'pending' }).andWhere('due_at', '<=', at).count({ n: '*' }).min({ oldest: 'created_at' }).first()) as { n: number | string; oldest: string | null };
    const timers = (await this.db('timers').where({ status: 'pending' }).andWhere('due_at', '<=', at).count({ n: '*' }).min({ oldest: 'due_at' }).first()) as { n: number | string; oldest: string | null };
    return {
      outbox: { due: toInt(outbox.n), oldestSeconds: seconds(outbox.oldest) },
      timers: { due: toInt(timers.n), lagSeconds: seconds(timers.oldest) },
    };
  }
}
