// Durable timers and delivery bookkeeping (the SLA clock and the outbox dispatcher, issue 3).
// Append-only like every migration: 001 is never edited, later numbers only add. Timestamps are
// ISO-8601 text and JSON is text, as in 001, so both databases compare and sort them alike.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  // One row per reminder, breach, escalation or auto-decision. The id is a deterministic key
  // ("request:R-1:manager:slot0:remind:3") so that recomputing the desired timers of a subject
  // on every commit finds the rows it wrote before instead of adding new ones.
  await knex.schema.createTable('timers', (t) => {
    t.text('id').primary();
    t.text('subject').notNullable(); // "request:R-1", "case:C-3"
    t.text('kind').notNullable();
    t.text('due_at').notNullable();
    t.text('payload').notNullable();
    t.text('status').notNullable().defaultTo('pending'); // pending | fired | cancelled | failed
    t.text('lease_owner');
    t.text('lease_until');
    t.integer('attempts').notNullable().defaultTo(0);
    t.text('last_error');
    t.text('fired_at');
    t.text('created_at').notNullable();
    t.index(['status', 'due_at'], 'timers_status_due_idx');
    t.index(['subject', 'status'], 'timers_subject_status_idx');
  });

  await knex.schema.alterTable('outbox', (t) => {
    // one row per enabled platform; null on rows written before platforms were known
    t.text('platform');
    t.text('dead_reason');
    // targetKey() of the target, so the rows of one card copy can be kept in order cheaply
    t.text('target_key');
    // the per-channel pacing slot this row holds (see channel_pacing)
    t.text('slot_at');
    // set on an admin notice about another row, so a notice that fails never begets another
    t.integer('notice_of');
    t.index(['card_key', 'target_key', 'platform', 'status'], 'outbox_card_copy_idx');
  });

  // Where each copy of a card was posted, per platform, so later changes update it in place.
  await knex.schema.createTable('card_refs', (t) => {
    t.text('card_key').notNullable();
    t.text('target_key').notNullable();
    t.text('platform').notNullable();
    t.text('ref').notNullable();
    t.integer('version').notNullable();
    t.text('updated_at').notNullable();
    t.primary(['card_key', 'target_key', 'platform']);
  });

  // The identity cache of the Slack and Teams adapters: platform user → directory email.
  await knex.schema.createTable('platform_identities', (t) => {
    t.text('platform').notNullable();
    t.text('platform_user_id').notNullable();
    t.text('email');
    t.text('display_name');
    t.text('fetched_at').notNullable();
    t.primary(['platform', 'platform_user_id']);
    t.index(['platform', 'email'], 'platform_identities_email_idx');
  });

  // The next free send slot per channel, shared by every replica: Slack allows about one
  // message per second per channel.
  await knex.schema.createTable('channel_pacing', (t) => {
    t.text('platform').notNullable();
    t.text('channel_key').notNullable();
    t.text('next_at').notNullable();
    t.primary(['platform', 'channel_key']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('channel_pacing');
  await knex.schema.dropTableIfExists('platform_identities');
  await knex.schema.dropTableIfExists('card_refs');
  await knex.schema.alterTable('outbox', (t) => {
    t.dropIndex(['card_key', 'target_key', 'platform', 'status'], 'outbox_card_copy_idx');
    t.dropColumn('notice_of');
    t.dropColumn('slot_at');
    t.dropColumn('target_key');
    t.dropColumn('dead_reason');
    t.dropColumn('platform');
  });
  await knex.schema.dropTableIfExists('timers');
}
