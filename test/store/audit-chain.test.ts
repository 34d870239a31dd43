// The chain maths, without a database.
import { describe, expect, it } from 'vitest';
import type { AuditRow } from '../../src/ports/store.ts';
import { GENESIS_HASH, canonicalJson, hashRow, verifyRows } from '../../src/store/audit-chain.ts';

function chain(n: number): AuditRow[] {
  const rows: AuditRow[] = [];
  let prevHash = GENESIS_HASH;
  for (let seq = 1; seq <= n; seq++) {
    const content = { seq, at: `2024-01-01T00:00:${String(seq).padStart(2, '0')}Z`, actor: 'a@example.com', type: 'case.note_added', subject: 'case:C-1', data: { seq }, prevHash };
    const row = { ...content, hash: hashRow(content) };
    rows.push(row);
    prevHash = row.hash;
  }
  return rows;
}

const headOf = (rows: AuditRow[]) => ({ lastSeq: rows.at(-1)?.seq ?? 0, lastHash: rows.at(-1)?.hash ?? GENESIS_HASH });

describe('canonicalJson', () => {
  it('sorts keys at every depth and keeps array order', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { y: 1, x: 2 }], c: null } })).toBe('{"a":{"c":null,"d":[3,{"x":2,"y":1}]},"b":1}');
  });
  it('gives equal objects with different key order the same hash', () => {
    const base = { seq: 1, at: 't', actor: 'a', type: 'x', subject: 's', prevHash: GENESIS_HASH };
    expect(hashRow({ ...base, data: { a: 1, b: 2 } })).toBe(hashRow({ ...base, data: { b: 2, a: 1 } }));
    expect(hashRow({ ...base, data: { a: 1, b: 2 } })).not.toBe(hashRow({ ...base, data: { a: 1, b: 3 } }));
    expect(hashRow(base as never)).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('verifyRows', () => {
  it('accepts an intact chain and an empty one', () => {
    const rows = chain(5);
    expect(verifyRows(rows, headOf(rows))).toEqual({ ok: true, rows: 5 });
    expect(verifyRows([], headOf([]))).toEqual({ ok: true, rows: 0 });
  });

  it('names an edited row', () => {
    const rows = chain(5);
    rows[2] = { ...rows[2]!, data: { seq: 99 } };
    expect(verifyRows(rows, headOf(rows))).toEqual({ ok: false, rows: 2, seq: 3, problem: 'content does not match its hash (the row was edited)' });
  });

  it('names a missing row, first or in the middle', () => {
    const rows = chain(5);
    expect(verifyRows([rows[0]!, rows[1]!, rows[3]!, rows[4]!], headOf(rows))).toMatchObject({ ok: false, rows: 2, seq: 3 });
    expect(verifyRows(rows.slice(1), headOf(rows))).toMatchObject({ ok: false, rows: 0, seq: 1 });
  });

  it('names a missing last row only when given the head', () => {
    const rows = chain(5);
    expect(verifyRows(rows.slice(0, 4), headOf(rows))).toMatchObject({ ok: false, rows: 4, seq: 5 });
    expect(verifyRows(rows.slice(0, 4))).toEqual({ ok: true, rows: 4 });
  });

  it('names reordered rows at the first out of place', () => {
    const rows = chain(5);
    expect(verifyRows([rows[0]!, rows[2]!, rows[1]!, rows[3]!, rows[4]!], headOf(rows))).toMatchObject({ ok: false, seq: 2 });
    // a row moved to an earlier seq keeps its old hash, which no longer matches
    const moved = chain(5);
    moved[1] = { ...moved[2]!, seq: 2 };
    moved[2] = { ...rows[1]!, seq: 3 };
    expect(verifyRows(moved, headOf(rows))).toMatchObject({ ok: false, seq: 2 });
  });

  it('names a head that does not match the last row', () => {
    const rows = chain(3);
    expect(verifyRows(rows, { lastSeq: 3, lastHash: 'f'.repeat(64) })).toEqual({ ok: false, rows: 3, seq: 3, problem: "the head's hash does not match row 3" });
    expect(verifyRows(rows, { lastSeq: 2, lastHash: rows[1]!.hash })).toMatchObject({ ok: false, seq: 3 });
  });
});
