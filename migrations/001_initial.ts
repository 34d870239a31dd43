// The first schema. Stored names are forever (house style 12): later changes are new numbered
// files that only add. JSON is stored as text and timestamps as ISO-8601 strings on both
// SQLite and PostgreSQL, so values compare and sort the same way on either database.
import type { Knex } from 'knex';

/** the chain's starting point: the prev_hash of row 1 */
const GENESIS_HASH = '0'.repeat(64);

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('requests', (t) => {
    t.text('id').primary();
    t.text('flow_id').notNullable();
    t.text('flow_version').notNullable();
    t.text('requester').notNullable();
    t.text('status').notNullable();
    t.text('title').notNullable();
    t.text('submitted_at').notNullable();
    t.text('updated_at').notNullable();
    t.text('closed_at');
    t.integer('version').notNullable();
    t.text('state').notNullable();
    t.index(['requester', 'submitted_at'], 'requests_requester_submitted_idx');
    t.index(['status'], 'requests_status_idx');
  });

  // The pending approvers of each request's current step, rewritten on every save.
  await knex.schema.createTable('request_approvers', (t) => {
    t.text('request_id').notNullable().references('id').inTable('requests').onDelete('CASCADE');
    t.text('email').notNullable();
    t.text('step_id').notNullable();
    t.primary(['request_id', 'email']);
    t.index(['email'], 'request_approvers_email_idx');
  });

  await knex.schema.createTable('cases', (t) => {
    t.text('id').primary();
    t.text('flow_id').notNullable();
    t.text('flow_version').notNullable();
    t.text('status').notNullable();
    t.text('category').notNullable();
    t.text('priority').notNullable();
    t.text('owner');
    t.text('opened_by').notNullable();
    t.text('title').notNullable();
    t.text('opened_at').notNullable();
    t.text('updated_at').notNullable();
    t.text('resolved_at');
    t.integer('version').notNullable();
    t.text('state').notNullable();
    t.index(['flow_id', 'category', 'opened_at'], 'cases_flow_category_opened_idx');
    t.index(['owner', 'category'], 'cases_owner_category_idx');
  });

  await knex.schema.createTable('case_people', (t) => {
    t.text('case_id').notNullable().references('id').inTable('cases').onDelete('CASCADE');
    t.text('email').notNullable();
    t.text('relation').notNullable(); // owner | member | watcher | opener | assignee
    t.primary(['case_id', 'email', 'relation']);
    t.index(['email', 'case_id'], 'case_people_email_case_idx');
  });

  // seq is assigned from audit_head inside the writing transaction, never by the database:
  // an autoincrement could leave gaps on rollback, and a gap is what marks a deleted row.
  await knex.schema.createTable('audit_log', (t) => {
    t.bigInteger('seq').primary();
    t.text('at').notNullable();
    t.text('actor').notNullable();
    t.text('type').notNullable();
    t.text('subject').notNullable();
    t.text('data').notNullable();
    t.text('prev_hash').notNullable();
    t.text('hash').notNullable();
    t.index(['subject', 'seq'], 'audit_log_subject_seq_idx');
  });

  await knex.schema.createTable('audit_head', (t) => {
    t.integer('id').primary(); // always 1: one row, locked by every appender
    t.bigInteger('last_seq').notNullable();
    t.text('last_hash').notNullable();
  });
  await knex('audit_head').insert({ id: 1, last_seq: 0, last_hash: GENESIS_HASH });

  await knex.schema.createTable('outbox', (t) => {
    t.increments('id').primary();
    t.text('created_at').notNullable();
    t.text('due_at').notNullable();
    t.text('type').notNullable();
    t.text('target').notNullable();
    t.text('card_key');
    t.text('payload').notNullable();
    t.text('status').notNullable().defaultTo('pending'); // pending | done | dead
    t.integer('attempts').notNullable().defaultTo(0);
    t.text('lease_owner');
    t.text('lease_until');
    t.text('last_error');
    t.text('delivered_ref');
    t.index(['status', 'due_at'], 'outbox_status_due_idx');
  });

  await knex.schema.createTable('idempotency_keys', (t) => {
    t.text('key').primary();
    t.text('result').notNullable();
    t.text('created_at').notNullable();
  });

  await knex.schema.createTable('counters', (t) => {
    t.text('name').primary();
    t.bigInteger('value').notNullable();
  });

  await knex.schema.createTable('rotations', (t) => {
    t.text('key').primary();
    t.bigInteger('value').notNullable();
  });

  await knex.schema.createTable('flow_versions', (t) => {
    t.text('flow_id').notNullable();
    t.text('version').notNullable();
    t.text('definition').notNullable();
    t.text('saved_at').notNullable();
    t.primary(['flow_id', 'version']);
  });
}

export async function down(knex: Knex): Promise<void> {
  for (const table of [
    'flow_versions',
    'rotations',
    'counters',
    'idempotency_keys',
    'outbox',
    'audit_head',
    'audit_log',
    'case_people',
    'cases',
    'request_approvers',
    'requests',
  ]) {
    await knex.schema.dropTableIfExists(table);
  }
}
