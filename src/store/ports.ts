// The timer and outbox ports of a store opened by openStore(), for the composition root and
// tests: the same database, the same connections.
import type { OutboxStore } from '../ports/outbox.ts';
import type { RetentionStore } from '../ports/retention.ts';
import { SqlRetentionStore } from './redaction.ts';
import type { Store } from '../ports/store.ts';
import type { TimerStore } from '../ports/timers.ts';
import { SqlOutboxStore } from './sql-outbox.ts';
import { SqlStore } from './sql-store.ts';
import { SqlTimerStore } from './timers.ts';

function sql(store: Store): SqlStore {
  if (!(store instanceof SqlStore)) throw new Error('timers and the outbox need a store opened by openStore()');
  return store;
}

export function timerStoreOf(store: Store): TimerStore {
  const s = sql(store);
  return new SqlTimerStore(s.knex, s.dialect);
}

export function outboxStoreOf(store: Store): OutboxStore {
  const s = sql(store);
  return new SqlOutboxStore(s.knex, s.dialect);
}

export function retentionStoreOf(store: Store): RetentionStore {
  const s = sql(store);
  return new SqlRetentionStore(s.knex, s.dialect);
}
