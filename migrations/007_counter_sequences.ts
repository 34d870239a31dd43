// Readable ids (R-12, C-3) without a row every submission locks (issue 13). On PostgreSQL the
// counters become sequences: nextval never waits for another transaction, so replicas raising
// requests at once no longer queue on one row. The price is the usual one of sequences: a
// transaction that rolls back after drawing a number leaves a gap. SQLite keeps the counters
// table: it has one writer at a time anyway, and stays gapless.
import type { Knex } from 'knex';

const COUNTERS = ['request', 'case'] as const;

export async function up(knex: Knex): Promise<void> {
  if (knex.client.dialect !== 'postgresql') return;
  for (const name of COUNTERS) {
    const row = (await knex('counters').select('value').where({ name }).first()) as { value: number | string } | undefined;
    await knex.raw(`CREATE SEQUENCE counter_${name}`);
    // continue after the last number handed out (setval with is_called=false: the next is this one)
    await knex.raw(`SELECT setval('counter_${name}', ?, false)`, [Number(row?.value ?? 0) + 1]);
  }
}

export async function down(knex: Knex): Promise<void> {
  if (knex.client.dialect !== 'postgresql') return;
  for (const name of COUNTERS) {
    const [row] = (await knex.raw(`SELECT last_value, is_called FROM counter_${name}`)).rows as Array<{ last_value: string; is_called: boolean }>;
    const value = row ? Number(row.last_value) - (row.is_called ? 0 : 1) : 0;
    await knex('counters').insert({ name, value }).onConflict('name').merge();
    await knex.raw(`DROP SEQUENCE counter_${name}`);
  }
}
