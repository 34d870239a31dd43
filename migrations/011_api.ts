// The REST API's own tables (issue 11; 006 on its branch, 011 since the merge): API tokens, stored as a hash of the token so that a
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

  // outbound webhook subscriptions made through the API (those in flows/webhooks.yaml live in
  // the file); the secret signs deliveries, so it is kept, and shown only when created
  await knex.schema.createTable('webhook_subscriptions', (t) => {
    t.text('id').primary();
    t.text('name').notNullable().unique('webhook_subscriptions_name_unique');
    t.text('url').notNullable();
    t.text('secret').notNullable();
    /** JSON array of event types; "request.*" matches every request event */
    t.text('events').notNullable();
    /** JSON array of flow ids; null for every flow */
    t.text('flows');
    t.text('created_at').notNullable();
  });

  // one row per (committed event, matching subscription), written in the transaction of the
  // event; separate from the chat outbox, whose dispatcher knows nothing of HTTP endpoints
  await knex.schema.createTable('webhook_outbox', (t) => {
    t.increments('id').primary();
    t.text('subscription').notNullable();
    t.text('event_type').notNullable();
    t.text('subject').notNullable();
    t.text('payload').notNullable();
    t.text('created_at').notNullable();
    t.text('due_at').notNullable();
    t.text('status').notNullable().defaultTo('pending'); // pending | done | dead
    t.integer('attempts').notNullable().defaultTo(0);
    t.text('lease_owner');
    t.text('lease_until');
    t.text('last_error');
    t.text('dead_reason');
    t.text('delivered_at');
    t.index(['status', 'due_at'], 'webhook_outbox_status_due_idx');
  });

  // inbound hooks: the case each dedup key opened, so a repeating alert updates that case
  await knex.schema.createTable('case_inbound_keys', (t) => {
    t.text('hook').notNullable();
    t.text('dedup_key').notNullable();
    t.text('case_id').notNullable();
    t.text('updated_at').notNullable();
    t.primary(['hook', 'dedup_key']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('case_inbound_keys');
  await knex.schema.dropTableIfExists('webhook_outbox');
  await knex.schema.dropTableIfExists('webhook_subscriptions');
  await knex.schema.dropTableIfExists('api_tokens');
}
