// Merkle tree hashing as Certificate Transparency defines it (RFC 6962 §2.1): leaves and inner
// nodes hashed with different prefixes, so a leaf can never pass for a node; an odd node is
// carried up unchanged. A checkpoint's root commits to every subject head it records.
import { createHash } from 'node:crypto';
import { canonicalJson } from './audit-chain.ts';

export interface SubjectHead {
  subject: string;
  /** the subject's last subject_seq */
  lastSeq: number;
  lastHash: string;
}

const sha = (...parts: Buffer[]): Buffer => {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return h.digest();
};

export function leafHash(head: SubjectHead): Buffer {
  return sha(Buffer.from([0]), Buffer.from(canonicalJson({ subject: head.subject, lastSeq: head.lastSeq, lastHash: head.lastHash })));
}

/** the root over the heads in subject order (the caller's order is ignored); hex */
export function merkleRoot(heads: readonly SubjectHead[]): string {
  const sorted = [...heads].sort((a, b) => (a.subject < b.subject ? -1 : a.subject > b.subject ? 1 : 0));
  if (sorted.length === 0) return sha().toString('hex');
  let level = sorted.map(leafHash);
  while (level.length > 1) {
    const next: Buffer[] = [];
    for (let i = 0; i < level.length; i += 2) {
      next.push(i + 1 < level.length ? sha(Buffer.from([1]), level[i]!, level[i + 1]!) : level[i]!);
    }
    level = next;
  }
  return level[0]!.toString('hex');
}

/** the hash a checkpoint is signed by: its place in the chain of checkpoints and its root */
export function checkpointHash(c: { id: number; at: string; prevHash: string; root: string; heads: number }): string {
  return createHash('sha256').update(canonicalJson({ v: 1, id: c.id, at: c.at, prevHash: c.prevHash, root: c.root, heads: c.heads })).digest('hex');
}
