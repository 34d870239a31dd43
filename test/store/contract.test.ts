// The store contract, run on every database in storeTargets(): what the engine relies on.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Delivery } from '../../src/core/delivery.ts';
import { ConflictError, type Store } from '../../src/ports/store.ts';
import { aCase, anEvent, approved, aRequest, aSlot, aStep, at } from '../support/builders.ts';
import { sqlOf, storeTargets, type OpenedStore } from '../support/databases.ts';

describe.each(storeTargets())('store contract on $name', (target) => {
  let opened: OpenedStore;
  let store: Store;
  beforeAll(async () => {
    opened = await target.open();
    store = opened.store;
  });
  afterAll(async () => {
    await opened?.cleanup();
  });

  it('answers ping and reports its dialect', async () => {
    await expect(store.ping()).resolves.toBeUndefined();
    expect(store.dialect).toBe(target.name);
  });

  it('round-trips a request, inside and outside a transaction', async () => {
    const request = aRequest({ id: 'RT-1', sentBack: { by: 'bob@example.com', at: at(5), reason: 'more detail' } });
    await store.transaction((tx) => tx.insertRequest(request));
    expect(await store.getRequest('RT-1')).toEqual(request);
    expect(await store.transaction((tx) => tx.getRequest('RT-1'))).toEqual(request);
    expect(await store.getRequest('RT-404')).toBeUndefined();

    const next = approved(request, 'bob@example.com');
    await store.transaction((tx) => tx.updateRequest(next, 1));
    expect(await store.getRequest('RT-1')).toEqual(next);
  });

  it('round-trips a case', async () => {
    const item = aCase({ id: 'CT-1', description: 'x', members: ['m@example.com'], firstResponseAt: at(3) });
    await store.transaction((tx) => tx.insertCase(item));
    expect(await store.getCase('CT-1')).toEqual(item);
    const next = { ...item, status: 'resolved', category: 'closed' as const, resolvedAt: at(9), resolution: 'fixed', version: 2 };
    await store.transaction((tx) => tx.updateCase(next, 1));
    expect(await store.transaction((tx) => tx.getCase('CT-1'))).toEqual(next);
    expect(await store.getCase('CT-404')).toBeUndefined();
  });

  it('refuses a stale request update with ConflictError and leaves the row as it was', async () => {
    const v1 = aRequest({ id: 'CAS-1' });
    await store.transaction((tx) => tx.insertRequest(v1));
    const v2 = { ...v1, title: 'winner', version: 2 };
    await store.transaction((tx) => tx.updateRequest(v2, 1));

    const loser = { ...v1, title: 'loser', version: 2 };
    await expect(store.transaction((tx) => tx.updateRequest(loser, 1))).rejects.toBeInstanceOf(ConflictError);
    expect(await store.getRequest('CAS-1')).toEqual(v2);
    // and updating a request that does not exist is a conflict too, not a silent no-op
    await expect(store.transaction((tx) => tx.updateRequest({ ...v1, id: 'CAS-404', version: 2 }, 1))).rejects.toBeInstanceOf(ConflictError);
  });

  it('refuses a stale case update with ConflictError and leaves the row as it was', async () => {
    const v1 = aCase({ id: 'CAS-C1' });
    await store.transaction((tx) => tx.insertCase(v1));
    const v2 = { ...v1, priority: 'p1', version: 2 };
    await store.transaction((tx) => tx.updateCase(v2, 1));
    await expect(store.transaction((tx) => tx.updateCase({ ...v1, priority: 'p3', version: 2 }, 1))).rejects.toBeInstanceOf(ConflictError);
    expect(await store.getCase('CAS-C1')).toEqual(v2);
  });

  it('refuses a second insert of the same id with ConflictError', async () => {
    await store.transaction((tx) => tx.insertRequest(aRequest({ id: 'DUP-1' })));
    await expect(store.transaction((tx) => tx.insertRequest(aRequest({ id: 'DUP-1', title: 'again' })))).rejects.toBeInstanceOf(ConflictError);
    expect((await store.getRequest('DUP-1'))?.title).toBe('New laptop');
  });

  it('refuses, as a bug, an update that does not raise the version', async () => {
    const v1 = aRequest({ id: 'VER-1' });
    await store.transaction((tx) => tx.insertRequest(v1));
    await expect(store.transaction((tx) => tx.updateRequest({ ...v1, title: 'same version' }, 1))).rejects.toThrow(
      'request VER-1: new version 1 must be greater than 1',
    );
  });

  it('names the id of a corrupt stored row', async () => {
    await store.transaction((tx) => tx.insertRequest(aRequest({ id: 'BAD-1' })));
    await sqlOf(store)('requests').where({ id: 'BAD-1' }).update({ state: JSON.stringify({ id: 'BAD-1', status: 'nonsense' }) });
    await expect(store.getRequest('BAD-1')).rejects.toThrow(/stored request BAD-1 is corrupt: .*status/);
    await store.transaction((tx) => tx.insertCase(aCase({ id: 'BAD-C1' })));
    await sqlOf(store)('cases').where({ id: 'BAD-C1' }).update({ state: '{not json' });
    await expect(store.getCase('BAD-C1')).rejects.toThrow('stored case BAD-C1 is corrupt: not JSON');
  });

  it('rolls everything back when the work throws after writing', async () => {
    const db = sqlOf(store);
    const before = {
      outbox: await db('outbox').count({ n: '*' }).first(),
      audit: await store.verifyAudit(),
      heads: await db('audit_subject_heads').select('subject', 'last_seq', 'last_hash').orderBy('subject'),
    };
    const delivery: Delivery = { type: 'message.post', target: { kind: 'person', email: 'ann@example.com' }, text: 'hi' };
    await expect(
      store.transaction(async (tx) => {
        await tx.insertRequest(aRequest({ id: 'RB-1' }));
        await tx.insertCase(aCase({ id: 'RB-C1' }));
        await tx.appendEvents([anEvent(1, { subject: 'request:RB-1' })]);
        await tx.enqueue([delivery], at(1));
        expect(await tx.nextNumber('case')).toBe(1);
        expect(await tx.nextInRotation('rb-rotation')).toBe(0);
        await tx.rememberIdempotent('rb-key', { id: 'RB-1' }, at(1));
        throw new Error('boom after writing');
      }),
    ).rejects.toThrow('boom after writing');

    expect(await store.getRequest('RB-1')).toBeUndefined();
    expect(await store.getCase('RB-C1')).toBeUndefined();
    expect(await store.timeline('request:RB-1')).toEqual([]);
    expect(await db('outbox').count({ n: '*' }).first()).toEqual(before.outbox);
    expect(await store.verifyAudit()).toEqual(before.audit);
    expect(await db('audit_subject_heads').select('subject', 'last_seq', 'last_hash').orderBy('subject')).toEqual(before.heads);
    expect(await store.transaction((tx) => tx.findIdempotent('rb-key'))).toBeUndefined();
    // SQLite's counters were not advanced either: the next values are the first ones; PostgreSQL's
    // are sequences, which no transaction waits for, so a rolled-back number is skipped
    expect(await store.transaction((tx) => tx.nextNumber('case'))).toBe(store.dialect === 'sqlite' ? 1 : 2);
    expect(await store.transaction((tx) => tx.nextInRotation('rb-rotation'))).toBe(0);
  });

  it('remembers an idempotency key with its result', async () => {
    expect(await store.transaction((tx) => tx.findIdempotent('key-1'))).toBeUndefined();
    await store.transaction((tx) => tx.rememberIdempotent('key-1', { ok: true, id: 'R-7', list: [1, 'a'] }, at(0)));
    expect(await store.transaction((tx) => tx.findIdempotent('key-1'))).toEqual({ ok: true, id: 'R-7', list: [1, 'a'] });
    // a remembered undefined is still "found", as null
    await store.transaction((tx) => tx.rememberIdempotent('key-undefined', undefined, at(0)));
    expect(await store.transaction((tx) => tx.findIdempotent('key-undefined'))).toBeNull();
    await expect(store.transaction((tx) => tx.rememberIdempotent('key-1', 'second', at(1)))).rejects.toBeInstanceOf(ConflictError);
    expect(await store.transaction((tx) => tx.findIdempotent('key-1'))).toEqual({ ok: true, id: 'R-7', list: [1, 'a'] });
  });

  it('lets exactly one of two concurrent transactions remember the same key', async () => {
    const attempt = (n: number) => store.transaction((tx) => tx.rememberIdempotent('race-key', { winner: n }, at(n)));
    const results = await Promise.allSettled([attempt(1), attempt(2)]);
    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    expect(lost[0]!.reason).toBeInstanceOf(ConflictError);
    const stored = (await store.transaction((tx) => tx.findIdempotent('race-key'))) as { winner: number };
    expect(results[stored.winner - 1]!.status).toBe('fulfilled');
  });

  it('hands out distinct counter values to 50 concurrent transactions', async () => {
    const values = await Promise.all(Array.from({ length: 50 }, () => store.transaction((tx) => tx.nextNumber('request'))));
    expect([...values].sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
  });

  it('keeps the audit chain whole when 10 transactions append at once', async () => {
    const before = await store.verifyAudit();
    await Promise.all(
      Array.from({ length: 10 }, (_, t) =>
        store.transaction((tx) => tx.appendEvents(Array.from({ length: 5 }, (_, i) => anEvent(t * 5 + i, { subject: `request:CC-${t}` })))),
      ),
    );
    expect(await store.verifyAudit()).toMatchObject({ ok: true, rows: before.rows + 50 });
    // each transaction's events stayed together and in order in their subject's chain; the global
    // seq only increases (on PostgreSQL concurrent transactions draw from one sequence in turns)
    for (let t = 0; t < 10; t++) {
      const rows = await store.timeline(`request:CC-${t}`);
      expect(rows.map((r) => r.data.n)).toEqual([0, 1, 2, 3, 4].map((i) => t * 5 + i));
      expect(rows.map((r) => r.subjectSeq)).toEqual([1, 2, 3, 4, 5]);
      expect(rows.map((r) => r.seq)).toEqual([...rows.map((r) => r.seq)].sort((a, b) => a - b));
    }
  });

  it('rotates from 0 per key', async () => {
    const seen = await store.transaction(async (tx) => [await tx.nextInRotation('team-a'), await tx.nextInRotation('team-a'), await tx.nextInRotation('team-b')]);
    expect(seen).toEqual([0, 1, 0]);
    expect(await store.transaction((tx) => tx.nextInRotation('team-a'))).toBe(2);
  });

  it('writes one pending outbox row per delivery', async () => {
    const card = { key: 'request:R-9', title: 't', subtitle: 's', status: { label: 'Pending', tone: 'info' as const }, fields: [], progress: [], actions: [], version: 3 };
    const deliveries: Delivery[] = [
      { type: 'card.upsert', target: { kind: 'person', email: 'bob@example.com' }, card },
      { type: 'thread.reply', target: { kind: 'channel', channel: { name: 'ops', slack: 'C0123ABCD' } }, cardKey: 'case:C-4', text: 'note' },
      { type: 'message.post', target: { kind: 'person', email: 'ann@example.com' }, text: 'plain' },
    ];
    const db = sqlOf(store);
    const maxBefore = ((await db('outbox').max({ id: 'id' }).first()) as { id: number | null }).id ?? 0;
    await store.transaction((tx) => tx.enqueue(deliveries, at(30)));
    const rows = await db('outbox').where('id', '>', maxBefore).orderBy('id');
    expect(rows.map((r) => [r.type, r.card_key, r.status, Number(r.attempts), r.due_at, r.created_at])).toEqual([
      ['card.upsert', 'request:R-9', 'pending', 0, at(30), at(30)],
      ['thread.reply', 'case:C-4', 'pending', 0, at(30), at(30)],
      ['message.post', null, 'pending', 0, at(30), at(30)],
    ]);
    expect(rows.map((r) => JSON.parse(r.payload))).toEqual(deliveries);
    expect(rows.map((r) => JSON.parse(r.target))).toEqual(deliveries.map((d) => d.target));
    expect(rows.every((r) => r.lease_owner === null && r.delivered_ref === null)).toBe(true);
  });

  it('keeps the first definition saved under a flow version', async () => {
    expect(await store.flowVersion('purchase', 'abc')).toBeUndefined();
    await store.saveFlowVersion('purchase', 'abc', { kind: 'request', steps: [1] }, at(0));
    await store.saveFlowVersion('purchase', 'abc', { kind: 'request', steps: [2] }, at(1));
    await store.saveFlowVersion('purchase', 'def', { kind: 'request', steps: [3] }, at(2));
    expect(await store.flowVersion('purchase', 'abc')).toEqual({ kind: 'request', steps: [1] });
    expect(await store.flowVersion('purchase', 'def')).toEqual({ kind: 'request', steps: [3] });
    expect(await store.flowVersion('other', 'abc')).toBeUndefined();
  });

  it('returns the timeline of one subject, oldest first', async () => {
    await store.transaction((tx) =>
      tx.appendEvents([
        anEvent(1, { subject: 'case:TL-1', type: 'case.opened' }),
        anEvent(2, { subject: 'case:TL-2', type: 'case.opened' }),
        anEvent(3, { subject: 'case:TL-1', type: 'case.note_added', data: { text: 'second' } }),
      ]),
    );
    await store.transaction((tx) => tx.appendEvents([anEvent(4, { subject: 'case:TL-1', type: 'case.resolved', data: {} })]));
    const rows = await store.timeline('case:TL-1');
    expect(rows.map((r) => [r.type, r.at])).toEqual([
      ['case.opened', at(1)],
      ['case.note_added', at(3)],
      ['case.resolved', at(4)],
    ]);
    expect(rows[1]!.data).toEqual({ text: 'second' });
    expect(rows[0]!.seq).toBeLessThan(rows[1]!.seq);
    expect(await store.timeline('case:none')).toEqual([]);
  });
});

describe.each(storeTargets())('store queries on $name', (target) => {
  let opened: OpenedStore;
  let store: Store;
  const bob = 'bob@example.com';
  const carol = 'carol@example.com';
  const ann = 'ann@example.com';
  const dan = 'dan@example.com';

  beforeAll(async () => {
    opened = await target.open();
    store = opened.store;
    const both = aStep('managers', [aSlot(bob), aSlot(carol)], { mode: 'all', required: 2 });
    await store.transaction(async (tx) => {
      // waits on bob and carol; R-5 waits on bob and is older; R-2 waits on carol at step 2
      await tx.insertRequest(aRequest({ id: 'Q-1', requester: ann, steps: [both], submittedAt: at(10), updatedAt: at(10) }));
      await tx.insertRequest(
        aRequest({
          id: 'Q-2',
          requester: ann,
          steps: [aStep('a', [aSlot(bob, { decision: { outcome: 'approved', by: bob, at: at(21) } })], { status: 'approved' }), aStep('b', [aSlot(carol)])],
          current: 1,
          submittedAt: at(20),
          updatedAt: at(21),
        }),
      );
      // closed, so it waits on no one even though bob never decided
      await tx.insertRequest(aRequest({ id: 'Q-3', requester: dan, status: 'rejected', current: undefined, closedAt: at(31), submittedAt: at(30) }));
      // bob was replaced by eve
      await tx.insertRequest(
        aRequest({ id: 'Q-4', requester: dan, steps: [aStep('m', [aSlot(bob, { replacedBy: 'eve@example.com' }), aSlot('eve@example.com')])], submittedAt: at(40) }),
      );
      await tx.insertRequest(aRequest({ id: 'Q-5', requester: dan, submittedAt: at(5) }));
      // sent back to the requester: open, but waiting on no approver
      await tx.insertRequest(aRequest({ id: 'Q-6', requester: ann, status: 'changes_requested', submittedAt: at(50) }));
    });
  });
  afterAll(async () => {
    await opened?.cleanup();
  });

  it('waitingOn: pending requests whose current step waits on these people, longest waiting first', async () => {
    expect((await store.waitingOn([bob])).map((r) => r.id)).toEqual(['Q-5', 'Q-1']);
    expect((await store.waitingOn([carol])).map((r) => r.id)).toEqual(['Q-1', 'Q-2']);
    expect((await store.waitingOn([bob, carol])).map((r) => r.id)).toEqual(['Q-5', 'Q-1', 'Q-2']);
    expect((await store.waitingOn(['eve@example.com'])).map((r) => r.id)).toEqual(['Q-4']);
    expect((await store.waitingOn([bob, carol], 2)).map((r) => r.id)).toEqual(['Q-5', 'Q-1']);
    expect(await store.waitingOn([])).toEqual([]);
    expect(await store.waitingOn([ann])).toEqual([]);
  });

  it('waitingOn follows each save: a decision removes the approver', async () => {
    const r5 = (await store.getRequest('Q-5'))!;
    await store.transaction((tx) => tx.updateRequest(approved(r5, bob), r5.version));
    expect((await store.waitingOn([bob])).map((r) => r.id)).toEqual(['Q-1']);
    expect((await store.getRequest('Q-5'))?.status).toBe('approved');
  });

  it('requestsBy: a person\'s requests newest first, optionally only open ones', async () => {
    expect((await store.requestsBy(ann)).map((r) => r.id)).toEqual(['Q-6', 'Q-2', 'Q-1']);
    expect((await store.requestsBy(ann, { limit: 2 })).map((r) => r.id)).toEqual(['Q-6', 'Q-2']);
    expect((await store.requestsBy(dan)).map((r) => r.id)).toEqual(['Q-4', 'Q-3', 'Q-5']);
    expect((await store.requestsBy(dan, { open: true })).map((r) => r.id)).toEqual(['Q-4']);
    expect((await store.requestsBy(ann, { open: true })).map((r) => r.id)).toEqual(['Q-6', 'Q-2', 'Q-1']);
    expect(await store.requestsBy('nobody@example.com')).toEqual([]);
  });

  describe('cases', () => {
    beforeAll(async () => {
      await store.transaction(async (tx) => {
        // ann opened QC-1 and is also a member: listed once
        await tx.insertCase(aCase({ id: 'QC-1', openedBy: ann, owner: bob, members: [ann], openedAt: at(1) }));
        await tx.insertCase(aCase({ id: 'QC-2', openedBy: dan, owner: carol, members: [ann], status: 'resolved', category: 'closed', openedAt: at(2) }));
        await tx.insertCase(
          aCase({ id: 'QC-3', openedBy: dan, owner: bob, tasks: [{ id: 'T1', title: 't', assignee: ann, createdBy: dan, createdAt: at(3) }], status: 'blocked', category: 'waiting', openedAt: at(3) }),
        );
        await tx.insertCase(aCase({ id: 'QC-4', flowId: 'complaint', openedBy: dan, owner: bob, watchers: [ann], openedAt: at(4) }));
        await tx.insertCase(aCase({ id: 'QC-5', openedBy: dan, owner: undefined, openedAt: at(5) }));
      });
    });

    it('casesOf: every case a person is in, newest first, each once', async () => {
      expect((await store.casesOf(ann)).map((c) => c.id)).toEqual(['QC-4', 'QC-3', 'QC-2', 'QC-1']);
      expect((await store.casesOf(ann, { open: true })).map((c) => c.id)).toEqual(['QC-4', 'QC-3', 'QC-1']);
      expect((await store.casesOf(ann, { open: true, limit: 1 })).map((c) => c.id)).toEqual(['QC-4']);
      expect((await store.casesOf(carol)).map((c) => c.id)).toEqual(['QC-2']);
      expect((await store.casesOf('nobody@example.com'))).toEqual([]);
    });

    it('casesOf follows each save: a member removed is no longer listed', async () => {
      const c1 = (await store.getCase('QC-1'))!;
      await store.transaction((tx) => tx.updateCase({ ...c1, openedBy: dan, members: [], version: c1.version + 1 }, c1.version));
      expect((await store.casesOf(ann)).map((c) => c.id)).toEqual(['QC-4', 'QC-3', 'QC-2']);
      expect((await store.casesOf(dan)).map((c) => c.id)).toEqual(['QC-5', 'QC-4', 'QC-3', 'QC-2', 'QC-1']);
    });

    it('openCasesOfFlow: open and waiting cases of one flow, newest first', async () => {
      expect((await store.openCasesOfFlow('incident')).map((c) => c.id)).toEqual(['QC-5', 'QC-3', 'QC-1']);
      expect((await store.openCasesOfFlow('incident', 2)).map((c) => c.id)).toEqual(['QC-5', 'QC-3']);
      expect((await store.openCasesOfFlow('complaint')).map((c) => c.id)).toEqual(['QC-4']);
      expect(await store.openCasesOfFlow('none')).toEqual([]);
    });

    it('openCaseCounts: open cases per owner, zero for owners with none', async () => {
      const counts = await store.transaction((tx) => tx.openCaseCounts([bob, carol, 'zed@example.com']));
      expect([...counts.entries()].sort()).toEqual([
        [bob, 3],
        [carol, 0],
        ['zed@example.com', 0],
      ]);
      expect((await store.transaction((tx) => tx.openCaseCounts([]))).size).toBe(0);
    });
  });
});

/** resolves for everyone once `n` callers are waiting: proves transactions overlap */
function barrier(n: number): () => Promise<void> {
  let waiting = 0;
  let release!: () => void;
  const all = new Promise<void>((resolve) => (release = resolve));
  return async () => {
    waiting += 1;
    if (waiting === n) release();
    await all;
  };
}

// PostgreSQL serves several connections at once, so these transactions truly overlap: both read
// before either writes. (SQLite runs one transaction at a time per process; the races above
// cover it.)
describe.each(storeTargets().filter((t) => t.name === 'postgres'))('overlapping transactions on $name', (target) => {
  let opened: OpenedStore;
  let store: Store;
  beforeAll(async () => {
    opened = await target.open();
    store = opened.store;
  });
  afterAll(async () => {
    await opened?.cleanup();
  });

  it('two transactions that both saw the key absent: exactly one remembers it', async () => {
    const bothRead = barrier(2);
    const attempt = (n: number) =>
      store.transaction(async (tx) => {
        const seen = await tx.findIdempotent('overlap-key');
        await bothRead();
        if (seen !== undefined) return 'found';
        await tx.rememberIdempotent('overlap-key', { winner: n }, at(n));
        return 'remembered';
      });
    const results = await Promise.allSettled([attempt(1), attempt(2)]);
    expect(results.filter((r) => r.status === 'fulfilled').map((r) => (r as PromiseFulfilledResult<string>).value)).toEqual(['remembered']);
    const lost = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(lost?.reason).toBeInstanceOf(ConflictError);
  });

  it('two transactions that both read version 1: exactly one update wins, the other gets ConflictError', async () => {
    await store.transaction((tx) => tx.insertRequest(aRequest({ id: 'OV-1' })));
    const bothRead = barrier(2);
    const attempt = (title: string) =>
      store.transaction(async (tx) => {
        const current = (await tx.getRequest('OV-1'))!;
        await bothRead();
        await tx.updateRequest({ ...current, title, version: current.version + 1 }, current.version);
        return title;
      });
    const results = await Promise.allSettled([attempt('first'), attempt('second')]);
    const won = results.filter((r): r is PromiseFulfilledResult<string> => r.status === 'fulfilled');
    expect(won).toHaveLength(1);
    const lost = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(lost?.reason).toBeInstanceOf(ConflictError);
    expect(await store.getRequest('OV-1')).toMatchObject({ title: won[0]!.value, version: 2 });
  });

  it('hands out distinct counter values to 50 transactions overlapping on 10 connections', async () => {
    const started = barrier(10);
    const values = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        store.transaction(async (tx) => {
          if (i < 10) await started(); // the first ten hold their connections until all ten are open
          return tx.nextNumber('case');
        }),
      ),
    );
    expect(new Set(values).size).toBe(50);
    expect(Math.max(...values)).toBe(50);
  });
});
