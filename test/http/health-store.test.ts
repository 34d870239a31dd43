// /healthz against real databases: a committed heartbeat proves the database takes writes, a
// SQLite database that is full answers 503 although `select 1` still works, and the outbox's
// oldest due row and the most overdue timer are reported.
import { afterEach, describe, expect, it } from 'vitest';
import { healthHandler } from '../../adapters/http/health.ts';
import { healthProbeOf } from '../../src/store/health.ts';
import { sqlOf, storeTargets, type OpenedStore } from '../support/databases.ts';
import { listening } from './helpers.ts';

const flows = { requestFlows: () => ['purchase'], caseFlows: () => ['incident'] };
const platforms = { slack: true, teams: false };
const NOW = new Date('2026-11-30T08:10:00Z');

describe.each(storeTargets())('/healthz on $name', (target) => {
  let opened: OpenedStore | undefined;
  let close: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await close?.();
    close = undefined;
    await opened?.cleanup();
    opened = undefined;
  });

  const health = async () => {
    opened ??= await target.open();
    const store = opened.store;
    if (!close) {
      const s = await listening((server) => server.route('GET', '/healthz', healthHandler({ store, probe: healthProbeOf(store), replica: 'r1', now: () => NOW, flows, platforms, version: '1' })));
      close = s.close;
      (health as { url?: string }).url = s.url;
    }
    const res = await fetch(`${(health as { url?: string }).url}/healthz`);
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };

  it('writes a heartbeat, and reports the outbox age and the timer lag', async () => {
    opened = await target.open();
    const db = sqlOf(opened.store);
    await db('outbox').insert([
      { created_at: '2026-11-30T08:00:00.000Z', due_at: '2026-11-30T08:00:00.000Z', type: 'message.post', target: '{}', payload: '{}', status: 'pending', attempts: 0 },
      { created_at: '2026-11-30T08:05:00.000Z', due_at: '2026-11-30T08:05:00.000Z', type: 'message.post', target: '{}', payload: '{}', status: 'pending', attempts: 0 },
      // waiting for a retry later: not overdue
      { created_at: '2026-11-30T07:00:00.000Z', due_at: '2026-11-30T09:00:00.000Z', type: 'message.post', target: '{}', payload: '{}', status: 'pending', attempts: 1 },
      { created_at: '2026-11-30T06:00:00.000Z', due_at: '2026-11-30T06:00:00.000Z', type: 'message.post', target: '{}', payload: '{}', status: 'done', attempts: 1 },
    ]);
    await db('timers').insert({ id: 't1', subject: 'request:R-1', kind: 'request.remind', due_at: '2026-11-30T08:09:30.000Z', payload: '{}', status: 'pending', attempts: 0, created_at: '2026-11-30T08:00:00.000Z' });
    const { status, body } = await health();
    expect(status).toBe(200);
    expect(body).toMatchObject({ status: 'ok', database: 'ok', databaseWrite: 'ok', outbox: { due: 2, oldestSeconds: 600 }, timers: { due: 1, lagSeconds: 30 } });
    expect(await db('health_heartbeats').select('replica', 'at')).toEqual([{ replica: 'r1', at: NOW.toISOString() }]);
    await health();
    expect(await db('health_heartbeats').count({ n: '*' })).toEqual([{ n: target.name === 'postgres' ? '1' : 1 }]);
  });

  it.runIf(target.name === 'sqlite')('a full SQLite database answers 503 although select 1 still works', async () => {
    opened = await target.open();
    const db = sqlOf(opened.store);
    // the disk is full: no page can be added to the file (SQLITE_FULL, "database or disk is full")
    const pages = ((await db.raw("PRAGMA page_count")) as { page_count: number }[])[0]!.page_count;
    await db.raw(`PRAGMA max_page_count = ${pages + 2}`);
    // filled to the last byte: large rows until one no longer fits, then ever smaller ones
    let filled = 0;
    for (const size of [400, 100, 30, 1]) {
      for (;;) {
        try {
          await db('health_heartbeats').insert({ replica: `f${filled++}`.padEnd(size, 'x'), at: '0' });
        } catch (err) {
          expect(String(err)).toContain('database or disk is full');
          break;
        }
      }
    }
    await opened.store.ping(); // a read still works: a ping alone would say "ok"
    const { status, body } = await health();
    expect(status).toBe(503);
    expect(body).toMatchObject({ status: 'error', database: 'ok', databaseWrite: 'error' });
  });
});
