// The SQLite Knex client (src/store/sqlite-client.ts): prepared statements are reused and stay
// correct past the cache's size and across a schema change; and a backlog of transactions on
// the one connection does not keep the event loop from reading sockets (issue 14: acks waited
// for the whole backlog, because the connection passed from waiter to waiter in promise
// callbacks without ever yielding).
import { mkdtemp, rm } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../src/ports/store.ts';
import { openStore } from '../../src/store/open.ts';
import type { SqlStore } from '../../src/store/sql-store.ts';
import { STATEMENT_CACHE_SIZE } from '../../src/store/sqlite-client.ts';
import { sqlOf } from '../support/databases.ts';

let dir: string;
let store: Store;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'docket-client-'));
  store = await openStore(`sqlite:${path.join(dir, 'docket.db')}`);
});
afterEach(async () => {
  await store.close();
  await rm(dir, { recursive: true, force: true });
});

describe('the SQLite client', () => {
  it('answers right from reused statements, past the cache size and after the schema changes', async () => {
    const db = sqlOf(store);
    await db.schema.createTable('probe', (t) => {
      t.integer('id').primary();
      t.text('v');
    });
    await db('probe').insert([{ id: 1, v: 'a' }, { id: 2, v: 'b' }]);
    // more distinct statements than the cache holds, then the first ones again
    for (let i = 0; i < STATEMENT_CACHE_SIZE + 20; i++) expect(await db.raw(`SELECT v, ${i} AS n FROM probe WHERE id = ?`, [1 + (i % 2)])).toEqual([{ v: i % 2 ? 'b' : 'a', n: i }]);
    expect(await db('probe').select('*').where({ id: 2 })).toEqual([{ id: 2, v: 'b' }]);
    // a cached `select *` sees a column added after it was prepared
    await db.schema.alterTable('probe', (t) => t.text('w'));
    await db('probe').where({ id: 2 }).update({ w: 'new' });
    expect(await db('probe').select('*').where({ id: 2 })).toEqual([{ id: 2, v: 'b', w: 'new' }]);
    // writes report what they changed, as knex's own client does
    expect(await db('probe').where('id', '>', 0).update({ w: 'x' })).toBe(2);
  });

  it('keeps planner statistics: ANALYZE after migrating, PRAGMA optimize on demand (and at open, hourly)', async () => {
    const db = sqlOf(store);
    // migrations ran at open, so ANALYZE did: its table exists (rows only for non-empty tables)
    expect(await db.raw(`SELECT name FROM sqlite_master WHERE name = 'sqlite_stat1'`)).toEqual([{ name: 'sqlite_stat1' }]);
    await db('requests').insert(Array.from({ length: 50 }, (_, i) => ({ id: `R-${i}`, flow_id: 'f', flow_version: 'v', requester: 'a@example.com', status: 'pending', title: 't', submitted_at: 'x', updated_at: 'x', version: 1, state: '{}' })));
    await db.raw('ANALYZE');
    const rows = (await db.raw(`SELECT idx FROM sqlite_stat1 WHERE tbl = 'requests'`)) as { idx: string }[];
    expect(rows.map((r) => r.idx)).toContain('requests_status_idx');
    await expect((store as SqlStore).optimize()).resolves.toBeUndefined();
  });

  it('lets a waiting HTTP request in while a backlog of transactions runs', async () => {
    const server = http.createServer((_req, res) => res.end('ok'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const backlog = 200;
      let done = 0;
      const work = Array.from({ length: backlog }, () =>
        store
          .transaction(async (tx) => {
            await tx.nextNumber('request');
            await tx.nextNumber('case');
          })
          .then(() => done++),
      );
      const answeredAfter = await new Promise<number>((resolve, reject) => {
        http.get(`http://127.0.0.1:${port}/`, (res) => {
          res.resume();
          res.on('end', () => resolve(done));
        }).on('error', reject);
      });
      await Promise.all(work);
      expect(done).toBe(backlog);
      // without a turn of the event loop between transactions the answer came after all 200
      expect(answeredAfter).toBeLessThan(backlog / 2);
    } finally {
      server.close();
    }
  });
});
