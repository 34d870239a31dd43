// The audit log without a global lock (issue 13): one hash chain per subject instead of one for
// the whole database, per-field salted digests so values can be redacted without breaking a
// hash (issue 10), and signed checkpoints over the subject heads. Only adds: audit_head stays,
// unused, as a record of where the old global chain ended.
//
// Existing rows are checked against the old global chain first, then re-sealed into their
// subjects' chains; the verdict on the old chain is recorded in the log itself (subject
// "audit:log"), so a log that was tampered with before the move is not silently laundered.
import { randomBytes } from 'node:crypto';
import type { Knex } from 'knex';
import { GENESIS_HASH, legacyHashRow, sealEvent } from '../src/store/audit-chain.ts';

const BATCH = 1000;

interface OldRow {
  seq: number | string;
  at: string;
  actor: string;
  type: string;
  subject: string;
  data: string;
  prev_hash: string;
  hash: string;
}

export async function up(knex: Knex): Promise<void> {
  const pg = knex.client.dialect === 'postgresql';
  await knex.schema.alterTable('audit_log', (t) => {
    t.bigInteger('subject_seq'); // 1, 2, 3… within the subject's chain
    t.text('digests'); // JSON: path → salted sha256 of the value
    t.text('salts'); // JSON: path → salt; gone for a redacted value
  });
  await knex.schema.createTable('audit_subject_heads', (t) => {
    t.text('subject').primary();
    t.bigInteger('last_seq').notNullable();
    t.text('last_hash').notNullable();
    t.integer('pending').notNullable().defaultTo(1); // 1: changed since the last checkpoint
    t.text('updated_at').notNullable();
    t.index(['pending', 'subject'], 'audit_subject_heads_pending_idx');
  });
  await knex.schema.createTable('audit_checkpoints', (t) => {
    t.bigInteger('id').primary();
    t.text('at').notNullable();
    t.text('prev_hash').notNullable();
    t.text('root').notNullable();
    t.integer('heads').notNullable();
    t.text('hash').notNullable();
    t.text('signature');
    t.text('key_id');
  });
  await knex.schema.createTable('audit_checkpoint_heads', (t) => {
    t.bigInteger('checkpoint_id').notNullable();
    t.text('subject').notNullable();
    t.bigInteger('last_seq').notNullable();
    t.text('last_hash').notNullable();
    t.primary(['checkpoint_id', 'subject']);
  });

  const legacy = await reseal(knex);
  await knex.schema.alterTable('audit_log', (t) => {
    t.unique(['subject', 'subject_seq'], { indexName: 'audit_log_subject_chain_idx' });
  });
  if (pg) {
    // seq no longer comes from a locked head row: a sequence hands out numbers without waiting
    // (gaps on rollback are fine now that each subject's chain has its own gapless numbering)
    await knex.raw('CREATE SEQUENCE audit_log_seq');
    await knex.raw(`SELECT setval('audit_log_seq', ?, true)`, [Math.max(1, legacy.lastSeq)]);
    await knex.raw(`ALTER TABLE audit_log ALTER COLUMN seq SET DEFAULT nextval('audit_log_seq')`);
  }
  if (legacy.rows > 0) {
    const at = new Date().toISOString();
    const event = sealEvent(
      { subject: 'audit:log', at, type: 'audit.chains_migrated', actor: 'docket', data: { legacyRows: legacy.rows, legacyHead: legacy.lastHash, legacyVerified: legacy.problem === undefined, ...(legacy.problem ? { legacyProblem: legacy.problem } : {}) } },
      1,
      GENESIS_HASH,
      salt,
    );
    await knex('audit_log').insert({ seq: legacy.lastSeq + 1, ...stored(event) });
    await knex('audit_subject_heads').insert({ subject: 'audit:log', last_seq: 1, last_hash: event.hash, pending: 1, updated_at: at });
    if (pg) await knex.raw(`SELECT setval('audit_log_seq', ?, true)`, [legacy.lastSeq + 1]);
  }
}

const salt = (): string => randomBytes(16).toString('hex');

function stored(e: ReturnType<typeof sealEvent>) {
  return {
    subject_seq: e.subjectSeq,
    at: e.at,
    actor: e.actor,
    type: e.type,
    subject: e.subject,
    data: JSON.stringify(e.data),
    digests: JSON.stringify(e.digests),
    salts: JSON.stringify(e.salts),
    prev_hash: e.prevHash,
    hash: e.hash,
  };
}

/** checks the old global chain and re-seals every row into its subject's chain, in seq order */
async function reseal(knex: Knex): Promise<{ rows: number; lastSeq: number; lastHash: string; problem?: string }> {
  const heads = new Map<string, { lastSeq: number; lastHash: string; at: string }>();
  let after = 0;
  let rows = 0;
  let legacyHash = GENESIS_HASH;
  let problem: string | undefined;
  for (;;) {
    const batch = (await knex('audit_log').select('*').where('seq', '>', after).orderBy('seq').limit(BATCH)) as OldRow[];
    if (batch.length === 0) break;
    for (const row of batch) {
      const seq = Number(row.seq);
      let data: Record<string, unknown>;
      try {
        data = JSON.parse(row.data) as Record<string, unknown>;
      } catch {
        data = { unreadable: row.data };
        problem ??= `row ${seq}: data is not valid JSON`;
      }
      if (!problem) {
        if (seq !== rows + 1) problem = `row ${rows + 1} is missing`;
        else if (row.prev_hash !== legacyHash) problem = `row ${seq}: prev_hash does not match the row before`;
        else if (legacyHashRow({ seq, at: row.at, actor: row.actor, type: row.type, subject: row.subject, data, prevHash: row.prev_hash }) !== row.hash) problem = `row ${seq}: content does not match its hash`;
      }
      legacyHash = row.hash;
      const head = heads.get(row.subject) ?? { lastSeq: 0, lastHash: GENESIS_HASH, at: row.at };
      const sealed = sealEvent({ subject: row.subject, at: row.at, type: row.type, actor: row.actor, data }, head.lastSeq + 1, head.lastHash, salt);
      const { subject_seq, digests, salts, prev_hash, hash } = stored(sealed);
      await knex('audit_log').where({ seq: row.seq }).update({ subject_seq, digests, salts, prev_hash, hash });
      heads.set(row.subject, { lastSeq: sealed.subjectSeq, lastHash: sealed.hash, at: row.at });
      rows += 1;
      after = seq;
    }
  }
  if (!problem) {
    const old = (await knex('audit_head').select('last_seq', 'last_hash').where({ id: 1 }).first()) as { last_seq: number | string; last_hash: string } | undefined;
    if (old && (Number(old.last_seq) !== after || old.last_hash !== legacyHash)) problem = `the old head (${Number(old.last_seq)}) does not match the last row (${after})`;
  }
  const entries = [...heads.entries()];
  for (let i = 0; i < entries.length; i += 200) {
    await knex('audit_subject_heads').insert(entries.slice(i, i + 200).map(([subject, h]) => ({ subject, last_seq: h.lastSeq, last_hash: h.lastHash, pending: 1, updated_at: h.at })));
  }
  return { rows, lastSeq: after, lastHash: legacyHash, ...(problem ? { problem } : {}) };
}

export async function down(knex: Knex): Promise<void> {
  const pg = knex.client.dialect === 'postgresql';
  if (pg) {
    await knex.raw('ALTER TABLE audit_log ALTER COLUMN seq DROP DEFAULT');
    await knex.raw('DROP SEQUENCE IF EXISTS audit_log_seq');
  }
  // the re-sealed rows keep their per-subject hashes: the old global chain cannot be restored
  await knex('audit_log').where({ subject: 'audit:log' }).delete();
  await knex.schema.alterTable('audit_log', (t) => t.dropUnique(['subject', 'subject_seq'], 'audit_log_subject_chain_idx'));
  await knex.schema.alterTable('audit_log', (t) => {
    t.dropColumn('salts');
    t.dropColumn('digests');
    t.dropColumn('subject_seq');
  });
  await knex.schema.dropTable('audit_checkpoint_heads');
  await knex.schema.dropTable('audit_checkpoints');
  await knex.schema.dropTable('audit_subject_heads');
}
