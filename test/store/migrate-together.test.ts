// Three `docket migrate` (or three replicas starting) at once on an empty PostgreSQL schema: all
// succeed, the migrations run once, and the schema ends up whole. Before the advisory lock, knex
// created its own tables before taking its lock, and CREATE SCHEMA IF NOT EXISTS raced too: a
// few starts in a few dozen failed ("relation knex_migrations already exists", 23505).
import { randomBytes } from 'node:crypto';
import knexFactory from 'knex';
import { describe, expect, it } from 'vitest';
import { listMigrations } from '../../src/store/migrations.ts';
import { migrate } from '../../src/store/open.ts';

const pgUrl = process.env.TEST_DATABASE_URL;
const ROUNDS = 10;

describe.skipIf(!pgUrl)('migrations started together on PostgreSQL', () => {
  it(`3 at once on an empty schema, ${ROUNDS} times over: every one succeeds, each migration runs once`, { timeout: 120_000 }, async () => {
    const admin = knexFactory({ client: 'pg', connection: pgUrl!, pool: { min: 0, max: 2 } });
    const all = listMigrations().map((m) => m.name);
    try {
      for (let round = 0; round < ROUNDS; round++) {
        const schema = `test_migrate_${process.pid}_${randomBytes(4).toString('hex')}`;
        const url = new URL(pgUrl!);
        url.searchParams.set('schema', schema);
        try {
          const results = await Promise.allSettled([migrate(url.toString()), migrate(url.toString()), migrate(url.toString())]);
          const failed = results.filter((r) => r.status === 'rejected').map((r) => String((r as PromiseRejectedResult).reason));
          expect(failed).toEqual([]);
          // one of them applied everything; the others found nothing left to do
          const applied = results.map((r) => (r as PromiseFulfilledResult<string[]>).value).sort((a, b) => b.length - a.length);
          expect(applied).toEqual([all, [], []]);
          const ran = await admin.withSchema(schema).table('knex_migrations').select('name').orderBy('id');
          expect(ran.map((r: { name: string }) => r.name)).toEqual(all);
        } finally {
          await admin.raw('DROP SCHEMA IF EXISTS ?? CASCADE', [schema]);
        }
      }
    } finally {
      await admin.destroy();
    }
  });
});
