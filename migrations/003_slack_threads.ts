// Slack (issue 4): a reply in a case thread names the thread by its root message
// ({channel, ts}); finding the case is a lookup of card_refs by that reference, on every reply,
// so it gets an index. Partial, on Slack's rows only: Slack references are a few dozen bytes,
// and other platforms' references stay out of a btree that caps entries at ~2.7 kB on PostgreSQL.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`CREATE INDEX card_refs_slack_ref_idx ON card_refs (ref) WHERE platform = 'slack'`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP INDEX IF EXISTS card_refs_slack_ref_idx');
}
