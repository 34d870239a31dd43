// Two writers on one SQLite file: why transactions begin with BEGIN IMMEDIATE, and proof that
// with it (and busy_timeout) concurrent writers queue instead of failing with SQLITE_BUSY.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrate, openStore } from '../../src/store/open.ts';
import { sqlOf } from '../support/databases.ts';

let dir: string;
let file: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'docket-writers-'));
  file = path.join(dir, 'docket.db');
  await migrate(`sqlite:${file}`);
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function rawConnection(busyTimeout: number): Database.Database {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma(`busy_timeout = ${busyTimeout}`);
  return db;
}

describe('SQLite write locking', () => {
  it('sets WAL, busy_timeout, foreign keys and synchronous=NORMAL on every connection', async () => {
    const store = await openStore(`sqlite:${file}`);
    try {
      const db = sqlOf(store);
      const pragma = async (name: string) => Object.values(((await db.raw(`PRAGMA ${name}`)) as Record<string, unknown>[])[0]!)[0];
      expect(await pragma('journal_mode')).toBe('wal');
      expect(await pragma('busy_timeout')).toBe(5000);
      expect(await pragma('foreign_keys')).toBe(1);
      expect(await pragma('synchronous')).toBe(1); // NORMAL
    } finally {
      await store.close();
    }
  });

  it('the problem: with a deferred BEGIN, a reader that upgrades after another writer committed gets SQLITE_BUSY whatever the timeout', () => {
    const a = rawConnection(5000);
    const b = rawConnection(5000);
    try {
      a.exec("INSERT INTO counters (name, value) VALUES ('x', 1)");
      a.exec('BEGIN');
      b.exec('BEGIN');
      a.prepare("SELECT value FROM counters WHERE name = 'x'").get();
      b.prepare("SELECT value FROM counters WHERE name = 'x'").get(); // b's snapshot starts here
      a.exec("UPDATE counters SET value = value + 1 WHERE name = 'x'");
      a.exec('COMMIT');
      // b's snapshot is stale: waiting cannot help, so SQLite refuses at once
      expect(() => b.exec("UPDATE counters SET value = value + 1 WHERE name = 'x'")).toThrow(
        expect.objectContaining({ code: 'SQLITE_BUSY_SNAPSHOT' }),
      );
      b.exec('ROLLBACK');
    } finally {
      a.close();
      b.close();
    }
  });

  it('the cure: our transactions take the write lock at BEGIN, before their first read', async () => {
    const store = await openStore(`sqlite:${file}`, { migrate: false });
    const other = rawConnection(0); // no waiting: show the lock, do not queue behind it
    try {
      await store.transaction(async (tx) => {
        await tx.findIdempotent('only-a-read');
        // another writer cannot even begin, so it can never read a snapshot this one will change
        expect(() => other.exec('BEGIN IMMEDIATE')).toThrow(expect.objectContaining({ code: 'SQLITE_BUSY' }));
        // readers are not blocked (WAL)
        expect(other.prepare('SELECT count(*) AS n FROM counters').get()).toEqual({ n: 0 });
      });
      other.exec('BEGIN IMMEDIATE');
      other.exec('ROLLBACK');
    } finally {
      other.close();
      await store.close();
    }
  });

  it('two processes writing 50 transactions each at once: no SQLITE_BUSY, every number once', async () => {
    const url = `sqlite:${file}`;
    const script = fileURLToPath(new URL('../support/sqlite-writer.ts', import.meta.url));
    const writers = ['alpha', 'beta'].map((name) => fork(script, [url, name, '50'], { execArgv: ['--import', 'tsx'], stdio: 'inherit' }));
    type Done = { kind: 'done'; numbers: number[]; errors: string[] };
    const ready = writers.map((w) => new Promise((resolve) => w.once('message', resolve)));
    const done = writers.map(
      (w) =>
        new Promise<Done>((resolve, reject) => {
          w.on('message', (m: { kind: string }) => m.kind === 'done' && resolve(m as Done));
          w.once('error', reject);
          w.once('exit', (code) => code !== 0 && reject(new Error(`writer exited with ${code}`)));
        }),
    );
    await Promise.all(ready);
    for (const w of writers) w.send('go'); // start both together
    const results = await Promise.all(done);
    expect(results.flatMap((r) => r.errors)).toEqual([]);
    const numbers = results.flatMap((r) => r.numbers).sort((a, b) => a - b);
    expect(numbers).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));

    const store = await openStore(url, { migrate: false });
    try {
      expect(await store.verifyAudit()).toMatchObject({ ok: true, rows: 100 });
    } finally {
      await store.close();
    }
  });
});
