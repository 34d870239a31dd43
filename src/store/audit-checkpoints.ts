// Signed checkpoints of the audit log: now and then one replica records every subject head that
// changed since the last checkpoint, under a Merkle root, chained to the checkpoint before it
// and signed with a key the database never sees. A row deleted from a subject's tail after a
// checkpoint, or a subject's whole chain rewritten, no longer matches the head it recorded.
import type { Knex } from 'knex';
import type { AuditCheckpoint } from '../ports/store.ts';
import { GENESIS_HASH } from './audit-chain.ts';
import { checkpointHash, merkleRoot, type SubjectHead } from './audit-merkle.ts';
import { signerFrom } from './audit-signing.ts';
import { rawRows, toInt, type Dialect } from './sql-util.ts';

/** heads recorded by one checkpoint at most; more wait for the next one */
export const MAX_HEADS_PER_CHECKPOINT = 10_000;
/** pg_try_advisory_xact_lock key: one checkpoint writer at a time across replicas ("DKTAUDIT") */
const CHECKPOINT_LOCK = 0x444b544155444954n;
const CHUNK = 200;

export interface StoredCheckpoint {
  id: number | string;
  at: string;
  prev_hash: string;
  root: string;
  heads: number | string;
  hash: string;
  signature: string | null;
  key_id: string | null;
}

export function toCheckpoint(row: StoredCheckpoint): AuditCheckpoint {
  return {
    id: toInt(row.id),
    at: row.at,
    prevHash: row.prev_hash,
    root: row.root,
    heads: toInt(row.heads),
    hash: row.hash,
    ...(row.signature ? { signature: row.signature } : {}),
    ...(row.key_id ? { keyId: row.key_id } : {}),
  };
}

/**
 * Writes the next checkpoint, or nothing when no head changed. Heads are read without locking
 * them; a head that moves on meanwhile stays pending (its pending flag is cleared only where
 * last_seq is still the one recorded), so appenders never wait for a checkpoint.
 */
export async function writeCheckpoint(db: Knex, dialect: Dialect, at: string, signingKey?: string): Promise<AuditCheckpoint | undefined> {
  const signer = signingKey ? signerFrom(signingKey) : undefined;
  return db.transaction(async (trx) => {
    if (dialect === 'postgres') {
      const [row] = rawRows<{ locked: boolean }>(await trx.raw('SELECT pg_try_advisory_xact_lock(?::bigint) AS locked', [CHECKPOINT_LOCK.toString()]));
      if (!row?.locked) return undefined; // another replica is writing one now
    }
    const heads = ((await trx('audit_subject_heads')
      .select('subject', 'last_seq', 'last_hash')
      .where({ pending: 1 })
      .orderBy('subject')
      .limit(MAX_HEADS_PER_CHECKPOINT)) as Array<{ subject: string; last_seq: number | string; last_hash: string }>).map(
      (h): SubjectHead => ({ subject: h.subject, lastSeq: toInt(h.last_seq), lastHash: h.last_hash }),
    );
    if (heads.length === 0) return undefined;
    const last = (await trx('audit_checkpoints').select('*').orderBy('id', 'desc').first()) as StoredCheckpoint | undefined;
    const id = last ? toInt(last.id) + 1 : 1;
    const prevHash = last?.hash ?? GENESIS_HASH;
    const root = merkleRoot(heads);
    const hash = checkpointHash({ id, at, prevHash, root, heads: heads.length });
    const checkpoint: AuditCheckpoint = { id, at, prevHash, root, heads: heads.length, hash, ...(signer ? { signature: signer.sign(hash), keyId: signer.keyId } : {}) };
    // the primary key on id is the last word: of two writers only one gets checkpoint n
    await trx('audit_checkpoints').insert({
      id,
      at,
      prev_hash: prevHash,
      root,
      heads: heads.length,
      hash,
      signature: checkpoint.signature ?? null,
      key_id: checkpoint.keyId ?? null,
    });
    for (let i = 0; i < heads.length; i += CHUNK) {
      const chunk = heads.slice(i, i + CHUNK);
      await trx('audit_checkpoint_heads').insert(chunk.map((h) => ({ checkpoint_id: id, subject: h.subject, last_seq: h.lastSeq, last_hash: h.lastHash })));
      await trx.raw(
        `UPDATE audit_subject_heads SET pending = 0 WHERE pending = 1 AND (${chunk.map(() => '(subject = ? AND last_seq = ?)').join(' OR ')})`,
        chunk.flatMap((h) => [h.subject, h.lastSeq]),
      );
    }
    return checkpoint;
  });
}

/** checkpoints, newest first */
export async function listCheckpoints(db: Knex, limit = 20): Promise<AuditCheckpoint[]> {
  const rows = (await db('audit_checkpoints').select('*').orderBy('id', 'desc').limit(limit)) as StoredCheckpoint[];
  return rows.map(toCheckpoint);
}
