// Retention and redaction (issue 10): which closed items the daily retention job has already
// redacted, so it does each once even with several replicas (the primary key is the fence), and
// indexes that find closed items by type and closing time without reading the documents.
// Only adds: safe on a database with rows.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('retention_done', (t) => {
    t.text('subject').primary(); // "request:R-12", "case:C-3"
    t.text('done_at').notNullable();
    t.text('action').notNullable(); // redacted
    t.integer('values').notNullable().defaultTo(0);
  });
  await knex.schema.alterTable('requests', (t) => t.index(['flow_id', 'closed_at'], 'requests_flow_closed_idx'));
  await knex.schema.alterTable('cases', (t) => t.index(['flow_id', 'resolved_at'], 'cases_flow_resolved_idx'));
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('cases', (t) => t.dropIndex(['flow_id', 'resolved_at'], 'cases_flow_resolved_idx'));
  await knex.schema.alterTable('requests', (t) => t.dropIndex(['flow_id', 'closed_at'], 'requests_flow_closed_idx'));
  await knex.schema.dropTableIfExists('retention_done');
}
