// `docket audit verify`: checks the chain of checkpoints (links, roots, signatures), then every
// subject's chain against its head and against the last head a checkpoint recorded for it.
// Streams: checkpoints and subjects are read a batch at a time, so any size of log fits.
import type { Knex } from 'knex';
import type { AuditCheckpoint, AuditRow, AuditVerdict, AuditVerifyOptions } from '../ports/store.ts';
import { checkSubjectChain, GENESIS_HASH, type ChainProblem } from './audit-chain.ts';
import { toCheckpoint, type StoredCheckpoint } from './audit-checkpoints.ts';
import { toAuditRow, type AuditLogRow } from './audit-log.ts';
import { checkpointHash, merkleRoot, type SubjectHead } from './audit-merkle.ts';
import { verifierFrom, type CheckpointVerifier } from './audit-signing.ts';
import { toInt } from './sql-util.ts';

const BATCH = 500;

type Recorded = { lastSeq: number; lastHash: string; checkpoint: number };

class Failed extends Error {
  constructor(readonly found: ChainProblem) {
    super(found.problem);
  }
}
const fail = (seq: number, problem: string, subject?: string): never => {
  throw new Failed({ seq, problem, ...(subject ? { subject } : {}) });
};

export async function verifyAudit(db: Knex, options: AuditVerifyOptions = {}): Promise<AuditVerdict> {
  const batch = options.batchSize ?? BATCH;
  const verifier = options.publicKey ? verifierFrom(options.publicKey) : undefined;
  let rows = 0;
  try {
    const { recorded, count, signed } = await verifyCheckpoints(db, batch, verifier, options.exported);
    let subjects = 0;
    let after = '';
    for (;;) {
      const heads = (await db('audit_subject_heads')
        .select('subject', 'last_seq', 'last_hash')
        .where('subject', '>', after)
        .orderBy('subject')
        .limit(batch)) as Array<{ subject: string; last_seq: number | string; last_hash: string }>;
      if (heads.length === 0) break;
      const stored = (await db('audit_log')
        .select('*')
        .whereIn('subject', heads.map((h) => h.subject))
        .orderBy([{ column: 'subject' }, { column: 'subject_seq' }])) as AuditLogRow[];
      const bySubject = new Map<string, AuditRow[]>();
      for (const s of stored) {
        const row = toAuditRow(s);
        if ('problem' in row) fail(Number(s.seq), row.problem, s.subject);
        else bySubject.set(row.subject, [...(bySubject.get(row.subject) ?? []), row]);
      }
      for (const head of heads) {
        const chain = bySubject.get(head.subject) ?? [];
        checkSubject(head.subject, chain, { lastSeq: toInt(head.last_seq), lastHash: head.last_hash }, recorded.get(head.subject));
        recorded.delete(head.subject);
        rows += chain.length;
        subjects += 1;
      }
      after = heads.at(-1)!.subject;
    }
    // a subject a checkpoint saw but whose head is gone (its rows deleted with it)
    for (const [subject, r] of recorded) fail(0, `${subject} has no head, but checkpoint ${r.checkpoint} recorded ${r.lastSeq} rows of it (its rows were deleted)`, subject);
    // rows whose subject has no head at all were written around the log
    const orphan = (await db('audit_log as a')
      .select('a.seq', 'a.subject')
      .whereNotExists((q) => q.select(db.raw('1')).from('audit_subject_heads as h').whereRaw('h.subject = a.subject'))
      .orderBy('a.seq')
      .first()) as { seq: number | string; subject: string } | undefined;
    if (orphan) fail(toInt(orphan.seq), `${orphan.subject} has rows but no head (rows were added around the log)`, orphan.subject);
    return { ok: true, rows, subjects, checkpoints: count, signatures: count === 0 ? 'unsigned' : signed };
  } catch (err) {
    if (err instanceof Failed) return { ok: false, rows, ...err.found };
    throw err;
  }
}

function checkSubject(subject: string, chain: AuditRow[], head: { lastSeq: number; lastHash: string }, recorded: Recorded | undefined): void {
  const problem = checkSubjectChain(chain);
  if (problem) fail(problem.seq, problem.problem, subject);
  const last = chain.at(-1);
  const lastSeq = last?.subjectSeq ?? 0;
  if (head.lastSeq > lastSeq) fail(last?.seq ?? 0, `${subject} row ${lastSeq + 1} is missing (its head says the chain ends at ${head.lastSeq})`, subject);
  if (head.lastSeq < lastSeq) fail(chain[head.lastSeq]!.seq, `${subject} row ${head.lastSeq + 1} is beyond its head (rows were added without updating it)`, subject);
  if (head.lastHash !== (last?.hash ?? GENESIS_HASH)) fail(last?.seq ?? 0, `the head of ${subject} does not match its last row`, subject);
  if (!recorded) return;
  const row = chain[recorded.lastSeq - 1];
  if (!row) fail(last?.seq ?? 0, `${subject} ends at row ${lastSeq}, but checkpoint ${recorded.checkpoint} recorded ${recorded.lastSeq} rows (its tail was deleted)`, subject);
  else if (row.hash !== recorded.lastHash) fail(row.seq, `${subject} row ${recorded.lastSeq} is not the one checkpoint ${recorded.checkpoint} recorded (its chain was rewritten)`, subject);
}

async function verifyCheckpoints(
  db: Knex,
  batch: number,
  verifier: CheckpointVerifier | undefined,
  exported: AuditCheckpoint | undefined,
): Promise<{ recorded: Map<string, Recorded>; count: number; signed: 'checked' | 'unsigned' | 'unchecked' }> {
  const recorded = new Map<string, Recorded>();
  let prevHash = GENESIS_HASH;
  let expected = 1;
  let anySigned = false;
  let exportedSeen = false;
  for (;;) {
    const page = ((await db('audit_checkpoints').select('*').where('id', '>=', expected).orderBy('id').limit(batch)) as StoredCheckpoint[]).map(toCheckpoint);
    if (page.length === 0) break;
    for (const c of page) {
      const where = `checkpoint ${c.id}`;
      if (c.id !== expected) fail(0, `checkpoint ${expected} is missing (the next is ${c.id})`);
      if (c.prevHash !== prevHash) fail(0, `${where} does not link to checkpoint ${c.id - 1} (a checkpoint was replaced)`);
      const heads = ((await db('audit_checkpoint_heads').select('subject', 'last_seq', 'last_hash').where({ checkpoint_id: c.id }).orderBy('subject')) as Array<{
        subject: string;
        last_seq: number | string;
        last_hash: string;
      }>).map((h): SubjectHead => ({ subject: h.subject, lastSeq: toInt(h.last_seq), lastHash: h.last_hash }));
      if (heads.length !== c.heads || merkleRoot(heads) !== c.root) fail(0, `${where}: its recorded heads do not match its root (they were edited)`);
      if (checkpointHash(c) !== c.hash) fail(0, `${where}: its content does not match its hash (it was edited)`);
      if (c.signature) anySigned = true;
      if (verifier) {
        if (!c.signature) fail(0, `${where} is not signed, but a public key was given`);
        else if (!verifier.verify(c.hash, c.signature)) fail(0, `${where}: its signature does not verify with key ${verifier.keyId}`);
      }
      if (exported && exported.id === c.id) {
        exportedSeen = true;
        if (exported.hash !== c.hash || exported.root !== c.root) fail(0, `${where} differs from the exported copy (the log was rewritten since it was exported)`);
      }
      for (const h of heads) {
        const before = recorded.get(h.subject);
        if (before && before.lastSeq > h.lastSeq) fail(0, `${where} records ${h.subject} at row ${h.lastSeq}, behind checkpoint ${before.checkpoint} (${before.lastSeq})`, h.subject);
        recorded.set(h.subject, { lastSeq: h.lastSeq, lastHash: h.lastHash, checkpoint: c.id });
      }
      prevHash = c.hash;
      expected = c.id + 1;
    }
  }
  if (exported) {
    if (!exportedSeen) fail(0, `the exported checkpoint ${exported.id} is not in the database (the log was truncated or rewritten)`);
    if (verifier && (!exported.signature || !verifier.verify(exported.hash, exported.signature))) fail(0, `the exported checkpoint ${exported.id}'s signature does not verify with key ${verifier.keyId}`);
  }
  const count = expected - 1;
  return { recorded, count, signed: verifier ? 'checked' : anySigned ? 'unchecked' : 'unsigned' };
}
