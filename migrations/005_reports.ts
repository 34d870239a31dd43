// Indexes for the reports (src/store/reports.ts): each report reads one period of history
// through an index instead of scanning every row, so it stays fast as history grows.
// Append-only like every migration; these only add indexes.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('requests', (t) => {
    // volume, cycle time and approval rate per request type and period; covering, so those
    // reports never read the JSON documents
    t.index(['flow_id', 'submitted_at', 'status', 'closed_at'], 'requests_flow_submitted_idx');
    // the same across every request type (the summary table)
    t.index(['submitted_at', 'flow_id', 'status', 'closed_at'], 'requests_submitted_idx');
  });
  await knex.schema.alterTable('audit_log', (t) => {
    // SLA breaches and escalations per week: one event type over a period
    t.index(['type', 'at'], 'audit_log_type_at_idx');
  });
  await knex.schema.alterTable('cases', (t) => {
    // response, resolution and reopen rate of the cases opened in a period
    t.index(['opened_at', 'flow_id', 'priority'], 'cases_opened_idx');
    // open cases by type, status and priority: only the open ones, however many are closed
    t.index(['category', 'flow_id', 'status', 'priority'], 'cases_category_idx');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('cases', (t) => {
    t.dropIndex(['category', 'flow_id', 'status', 'priority'], 'cases_category_idx');
    t.dropIndex(['opened_at', 'flow_id', 'priority'], 'cases_opened_idx');
  });
  await knex.schema.alterTable('audit_log', (t) => t.dropIndex(['type', 'at'], 'audit_log_type_at_idx'));
  await knex.schema.alterTable('requests', (t) => {
    t.dropIndex(['submitted_at', 'flow_id', 'status', 'closed_at'], 'requests_submitted_idx');
    t.dropIndex(['flow_id', 'submitted_at', 'status', 'closed_at'], 'requests_flow_submitted_idx');
  });
}
