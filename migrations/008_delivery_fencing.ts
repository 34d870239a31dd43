// Delivery that survives slow rounds, replicas and crashes (issue 13; assigned number 007 —
// renumbered at merge). Only adds, and every new column is nullable, so it is safe on a
// database with rows: old rows simply hold no claim token and no merge.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  // A lease is fenced by a token drawn at each claim: done / retry / dead / postpone (and a
  // timer's error notes) only apply while the row still holds the claimer's token, so a holder
  // whose lease ran out and was taken over cannot overwrite the new holder's outcome.
  await knex.schema.alterTable('outbox', (t) => {
    t.text('claim_token');
    // a card update coalesced into a later one, or a thread reply merged into one message with
    // its siblings: done, delivered by the row named here
    t.integer('merged_into');
  });
  await knex.schema.alterTable('timers', (t) => {
    t.text('claim_token');
  });

  // Every further copy of a card that got posted at one place (a post whose first attempt's
  // outcome was unknown and could not be looked up, as on Teams): later updates reach each of
  // them too, so no stale copy keeps live buttons. card_refs keeps the first copy.
  await knex.schema.createTable('card_copies', (t) => {
    t.text('card_key').notNullable();
    t.text('target_key').notNullable();
    t.text('platform').notNullable();
    t.text('ref').notNullable();
    t.text('created_at').notNullable();
    t.primary(['card_key', 'target_key', 'platform', 'ref']);
  });

  // /healthz proves the database takes a write: each replica commits a heartbeat row.
  await knex.schema.createTable('health_heartbeats', (t) => {
    t.text('replica').notNullable();
    t.text('at').notNullable();
    t.primary(['replica', 'at']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('health_heartbeats');
  await knex.schema.dropTableIfExists('card_copies');
  await knex.schema.alterTable('timers', (t) => {
    t.dropColumn('claim_token');
  });
  await knex.schema.alterTable('outbox', (t) => {
    t.dropColumn('merged_into');
    t.dropColumn('claim_token');
  });
}
