// Where the Teams bot can post without being spoken to first, and what it posted (issue 5).
// Names are platform-neutral (stored names are forever; house style 12), as in 001 and 002:
// timestamps are ISO-8601 text and JSON is text.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  // Teams only accepts a proactive message in a conversation the bot already knows: the
  // ConversationReference seen when the bot was installed or a person talked to it.
  await knex.schema.createTable('conversation_refs', (t) => {
    t.text('platform').notNullable();
    // "person:<email>" or "channel:<platform channel id>"
    t.text('target_key').notNullable();
    t.text('ref').notNullable();
    t.text('service_url').notNullable();
    t.text('updated_at').notNullable();
    t.primary(['platform', 'target_key']);
  });

  // A post made under an outbox idempotency key: a retry after a crash between "posted" and
  // "recorded" returns the first post instead of posting twice.
  await knex.schema.createTable('chat_posts', (t) => {
    t.text('platform').notNullable();
    t.text('post_key').notNullable();
    t.text('ref').notNullable();
    t.text('created_at').notNullable();
    t.primary(['platform', 'post_key']);
  });

  // The root message of each case thread: a reply arrives with only the thread's id
  // (Teams "<channel id>;messageid=<root id>"), and must find its case by primary key.
  await knex.schema.createTable('chat_threads', (t) => {
    t.text('platform').notNullable();
    t.text('thread_id').notNullable();
    t.text('card_key').notNullable();
    t.text('created_at').notNullable();
    t.primary(['platform', 'thread_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('chat_threads');
  await knex.schema.dropTableIfExists('chat_posts');
  await knex.schema.dropTableIfExists('conversation_refs');
}
