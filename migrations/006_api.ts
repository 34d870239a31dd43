// The REST API's own tables (issue 11; assigned number 009, numbered 006 on this branch so the loader
// runs it: the lead renumbers at merge): API tokens, stored as a hash of the token so that a
// copy of the database never yields a usable credential. Only adds tables, so it is safe on a
// database with rows.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('api_tokens', (t) => {
    t.text('id').primary();
    t.text('name').notNullable();
    // hex sha256 of the whole token; the token has 256 random bits, so a plain hash is enough
    t.text('hash').notNullable().unique('api_tokens_hash_unique');
    /** JSON array of scopes: "requests:write", "cases:read", "act-as", … */
    t.text('scopes').notNullable();
    /** JSON array of flow ids the token may touch; null for every flow */
    t.text('flows');
    /** the person the client acts as when a call names nobody (Docket-Act-As) */
    t.text('person');
    t.text('created_at').notNullable();
    t.text('last_used_at');
    t.text('revoked_at');
    t.index(['name'], 'api_tokens_name_idx');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('api_tokens');
}
