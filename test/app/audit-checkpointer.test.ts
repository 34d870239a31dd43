// The checkpointer writes a signed checkpoint only when something changed, exports each one as a
// JSON line, and of two replicas racing for the same checkpoint exactly one writes it.
import { mkdtemp, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AuditCheckpointer } from '../../src/app/audit-checkpointer.ts';
import { generateAuditKeys } from '../../src/store/audit-signing.ts';
import { anEvent } from '../support/builders.ts';
import { storeTargets, type OpenedStore } from '../support/databases.ts';

const KEYS = generateAuditKeys();

describe.each(storeTargets())('audit checkpointer on $name', (target) => {
  let opened: OpenedStore | undefined;
  afterEach(async () => {
    await opened?.cleanup();
  });

  it('exports each checkpoint it writes, and writes none when nothing changed', async () => {
    opened = await target.open();
    const { store } = opened;
    const file = path.join(await mkdtemp(path.join(os.tmpdir(), 'docket-cp-')), 'checkpoints.jsonl');
    const checkpointer = new AuditCheckpointer({ store, now: () => new Date('2026-12-06T10:00:00Z'), signingKey: KEYS.privateKey, exportFile: file });
    expect(await checkpointer.runOnce()).toBeUndefined();
    await store.transaction((tx) => tx.appendEvents([anEvent(1), anEvent(2, { subject: 'case:C-1' })]));
    const first = await checkpointer.runOnce();
    expect(first).toMatchObject({ id: 1, heads: 2, keyId: KEYS.keyId });
    expect(await checkpointer.runOnce()).toBeUndefined();
    await store.transaction((tx) => tx.appendEvents([anEvent(3)]));
    expect(await checkpointer.runOnce()).toMatchObject({ id: 2, heads: 1 });
    const lines = (await readFile(file, 'utf8')).trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.map((l) => l.id)).toEqual([1, 2]);
    expect(await store.verifyAudit({ publicKey: KEYS.publicKey, exported: lines[1] })).toMatchObject({ ok: true, checkpoints: 2, signatures: 'checked' });
  });

  it('two replicas racing write each checkpoint once', async () => {
    opened = await target.open();
    const { store } = opened;
    for (let i = 0; i < 5; i++) await store.transaction((tx) => tx.appendEvents([anEvent(i, { subject: `request:R-${i}` })]));
    const a = new AuditCheckpointer({ store, now: () => new Date('2026-12-06T10:00:00Z') });
    const b = new AuditCheckpointer({ store, now: () => new Date('2026-12-06T10:00:00Z') });
    const results = await Promise.allSettled([a.runOnce(), b.runOnce(), a.runOnce(), b.runOnce()]);
    const written = results.filter((r) => r.status === 'fulfilled' && r.value !== undefined);
    expect(results.every((r) => r.status === 'fulfilled')).toBe(true);
    expect(written.length).toBeGreaterThanOrEqual(1);
    const all = await store.auditCheckpoints();
    expect(all.reduce((n, c) => n + c.heads, 0)).toBe(5);
    expect(await store.verifyAudit()).toMatchObject({ ok: true, rows: 5 });
  });
});
