// The per-subject chain maths: each check names the first row that does not fit.
import { describe, expect, it } from 'vitest';
import type { AuditRow } from '../../src/ports/store.ts';
import { ACTOR_PATH, checkSubjectChain, digestPaths, GENESIS_HASH, hashSealed, REDACTED, redactAt, sealEvent } from '../../src/store/audit-chain.ts';
import { merkleRoot } from '../../src/store/audit-merkle.ts';

let n = 0;
const salt = () => `salt${++n}`;

function chain(count: number, subject = 'request:R-1'): AuditRow[] {
  const rows: AuditRow[] = [];
  let prev = GENESIS_HASH;
  for (let i = 1; i <= count; i++) {
    const sealed = sealEvent({ subject, at: `2026-01-0${i}T00:00:00.000Z`, type: 'request.submitted', actor: 'ann@example.com', data: { i, form: { iban: `DE${i}`, total: i * 100 } } }, i, prev, salt);
    rows.push({ seq: i * 10, ...sealed });
    prev = sealed.hash;
  }
  return rows;
}

describe('digest paths', () => {
  it('splits top-level objects one level down and escapes slashes in keys', () => {
    expect(digestPaths({ b: 1, a: { 'x/y': 2, z: [3] }, e: {}, n: null }).map(([p]) => p)).toEqual(['a/x~1y', 'a/z', 'b', 'e', 'n']);
  });
});

describe('a subject chain', () => {
  it('verifies when untouched', () => {
    expect(checkSubjectChain(chain(5))).toBeUndefined();
  });

  it('names an edited value, an edited hash and a broken link', () => {
    const edited = chain(4);
    (edited[1]!.data.form as Record<string, unknown>).total = 999_999;
    expect(checkSubjectChain(edited)).toMatchObject({ seq: 20, problem: 'value at form/total does not match its digest (the row was edited)' });

    const rehashed = chain(4);
    rehashed[2]!.digests.i = 'f'.repeat(64);
    rehashed[2]!.hash = hashSealed(rehashed[2]!);
    expect(checkSubjectChain(rehashed)).toMatchObject({ seq: 30 });
    expect(checkSubjectChain(rehashed)?.problem).toMatch(/does not match its digest|prev_hash/);
  });

  it('names a deleted middle row and two swapped rows', () => {
    const rows = chain(5);
    expect(checkSubjectChain([rows[0]!, rows[1]!, rows[3]!, rows[4]!])).toMatchObject({ seq: 40, problem: 'request:R-1 row 3 is missing (the next is 4)' });
    expect(checkSubjectChain([rows[0]!, rows[2]!, rows[1]!])).toMatchObject({ seq: 30 });
  });

  it('names an edited actor', () => {
    const rows = chain(3);
    rows[1]!.actor = 'mallory@example.com';
    expect(checkSubjectChain(rows)).toMatchObject({ seq: 20, problem: `value at ${ACTOR_PATH} does not match its digest (the row was edited)` });
  });

  it('accepts a redaction only where an audit.redacted event records it', () => {
    const rows = chain(3);
    expect(redactAt(rows[1]!, 'form/iban')).toBe(true);
    delete rows[1]!.salts['form/iban'];
    expect(checkSubjectChain(rows)).toMatchObject({ seq: 20, problem: 'value at form/iban is redacted, but no audit.redacted event of request:R-1 records it' });
    const claim = sealEvent({ subject: 'request:R-1', at: '2026-02-01T00:00:00.000Z', type: 'audit.redacted', actor: 'dpo@example.com', data: { rows: [{ seq: 20, paths: ['form/iban'] }], reason: 'erasure request' } }, 4, rows[2]!.hash, salt);
    const redacted = [...rows, { seq: 99, ...claim }];
    expect(checkSubjectChain(redacted)).toBeUndefined();
    expect(rows[1]!.data.form).toEqual({ iban: REDACTED, total: 200 });
    // a value dropped without being redacted is an edit
    const dropped = chain(2);
    delete dropped[0]!.salts['form/total'];
    expect(checkSubjectChain(dropped)).toMatchObject({ seq: 10, problem: 'value at form/total has lost its salt but is not redacted' });
  });

  it('names a value added to a row', () => {
    const rows = chain(2);
    rows[0]!.data.extra = 'x';
    expect(checkSubjectChain(rows)).toMatchObject({ seq: 10, problem: 'value at extra has no digest (a value was added)' });
  });
});

describe('Merkle root', () => {
  it('is independent of input order and changes with any head', () => {
    const heads = [
      { subject: 'b', lastSeq: 2, lastHash: 'x' },
      { subject: 'a', lastSeq: 1, lastHash: 'y' },
      { subject: 'c', lastSeq: 7, lastHash: 'z' },
    ];
    expect(merkleRoot(heads)).toBe(merkleRoot([...heads].reverse()));
    expect(merkleRoot(heads)).not.toBe(merkleRoot([heads[0]!, heads[1]!, { ...heads[2]!, lastSeq: 6 }]));
    expect(merkleRoot(heads)).not.toBe(merkleRoot(heads.slice(0, 2)));
  });
});
