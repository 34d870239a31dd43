// The engine on real databases: one transaction per command, races, idempotency, follow-ups
// and pinned flow versions, on SQLite and (when TEST_DATABASE_URL is set) PostgreSQL.
import { afterEach, describe, expect, it } from 'vitest';
import type { Outcome } from '../../src/app/execute.ts';
import { Views } from '../../src/app/views.ts';
import { compileFlow, FlowRegistry } from '../../src/flows/registry.ts';
import { FlowFile } from '../../src/flows/model.ts';
import { storeTargets, type OpenedStore } from '../support/databases.ts';
import { engineOn } from '../support/engine-on-store.ts';
import { makeRegistry, registry } from '../support/world.ts';

const subjectOf = (o: Outcome) => {
  if (!o.ok) throw new Error(`refused: ${o.code} ${JSON.stringify(o.details)}`);
  return o.subject;
};

describe.each(storeTargets())('engine on $name', (target) => {
  let opened: OpenedStore | undefined;
  afterEach(async () => {
    await opened?.cleanup();
    opened = undefined;
  });
  const setup = async () => {
    opened = await target.open();
    return engineOn(opened.store);
  };

  it('runs the purchase: Ann raises 7,200 EUR, her manager and finance approve, Ann is told', async () => {
    const { engine, store, clock } = await setup();
    const id = subjectOf(await engine.execute({ actor: 'ann@example.com', command: { type: 'request.submit', flow: 'purchase', form: { item: 'Laptop', total: '7200 EUR' } } })).replace('request:', '');
    expect((await store.waitingOn(['bob@example.com'])).map((r) => r.id)).toEqual([id]);
    clock.advance(30);
    const approved = await engine.execute({ actor: 'bob@example.com', command: { type: 'request.approve', request: id, step: 'manager' } });
    expect(approved.ok).toBe(true);
    expect((await store.waitingOn(['bob@example.com'])).length).toBe(0);
    expect((await store.waitingOn(['fiona@example.com', 'frank@example.com'])).map((r) => r.id)).toEqual([id]);
    const last = await engine.execute({ actor: 'fiona@example.com', command: { type: 'request.approve', request: id, step: 'finance' } });
    expect(last.ok && last.deliveries.filter((d) => d.type === 'thread.reply').map((d) => d.type === 'thread.reply' && d.text)).toEqual([
      'Finance: approved by Fiona Finance.',
      'CFO: skipped, not needed for this request.',
      'Your request is approved. 🎉',
    ]);
    const r = await store.getRequest(id);
    expect(r).toMatchObject({ status: 'approved', version: 3 });
    expect((await store.timeline(`request:${id}`)).map((e) => e.type)).toEqual([
      'request.submitted', 'request.step_started',
      'request.approved_by', 'request.step_approved', 'request.step_started',
      'request.approved_by', 'request.step_approved', 'request.step_skipped', 'request.approved',
    ]);
    expect(await store.requestsBy('ann@example.com', { open: false })).toHaveLength(1);
    expect(await store.verifyAudit()).toMatchObject({ ok: true, rows: 9 });
  });

  it('of 100 simultaneous conflicting clicks exactly one decision is recorded; the others are told who won', async () => {
    const { engine, store } = await setup();
    const id = subjectOf(await engine.execute({ actor: 'ann@example.com', command: { type: 'request.submit', flow: 'purchase', form: { item: 'Laptop', total: '7200 EUR' } } })).replace('request:', '');
    await engine.execute({ actor: 'bob@example.com', command: { type: 'request.approve', request: id, step: 'manager' } });
    // finance is mode any: Fiona approving and Frank rejecting race for the same step
    const clicks = Array.from({ length: 100 }, (_, n) =>
      engine.execute(n % 2 === 0
        ? { actor: 'fiona@example.com', key: `click-${n}`, command: { type: 'request.approve', request: id, step: 'finance' } }
        : { actor: 'frank@example.com', key: `click-${n}`, command: { type: 'request.reject', request: id, step: 'finance', reason: 'Over budget' } }),
    );
    const outcomes = await Promise.all(clicks);
    const winners = outcomes.filter((o) => o.ok);
    expect(winners).toHaveLength(1);
    const losers = outcomes.filter((o) => !o.ok);
    expect(new Set(losers.map((o) => !o.ok && o.code))).toEqual(new Set(['step.already_decided']));
    const r = await store.getRequest(id);
    const decisions = (await store.timeline(`request:${id}`)).filter((e) => e.type === 'request.approved_by' || e.type === 'request.rejected_by');
    expect(decisions).toHaveLength(2); // Bob's, and the one winner's
    const winner = decisions[1]!.actor;
    expect(losers.every((o) => !o.ok && o.details.decidedBy === (winner === 'fiona@example.com' ? 'Fiona Finance' : 'Frank Finance'))).toBe(true);
    expect(r!.status).toBe(winner === 'fiona@example.com' ? 'approved' : 'rejected');
    expect(r!.version).toBe(3);
    expect((await store.verifyAudit()).ok).toBe(true);
  });

  it('applies the same client key once: the second delivery changes nothing', async () => {
    const { engine, store } = await setup();
    const id = subjectOf(await engine.execute({ actor: 'ann@example.com', command: { type: 'request.submit', flow: 'access', form: { system: 'crm' } } })).replace('request:', '');
    const click = { actor: 'sam@example.com', key: 'slack-action-123', command: { type: 'request.approve' as const, request: id, step: 'security' } };
    const first = await engine.execute(click);
    const second = await engine.execute(click);
    expect(first).toMatchObject({ ok: true, duplicate: false });
    expect(second).toMatchObject({ ok: true, duplicate: true, subject: `request:${id}`, deliveries: [] });
    expect((await store.timeline(`request:${id}`)).filter((e) => e.type === 'request.approved_by')).toHaveLength(1);
    expect((await store.getRequest(id))!.version).toBe(2);
  });

  it('a rejected purchase opens a dispute case in the same transaction, linked both ways', async () => {
    const { engine, store } = await setup();
    const id = subjectOf(await engine.execute({ actor: 'ann@example.com', command: { type: 'request.submit', flow: 'purchase', form: { item: 'Yacht', total: '90000 EUR' } } })).replace('request:', '');
    const rejected = await engine.execute({ actor: 'bob@example.com', command: { type: 'request.reject', request: id, step: 'manager', reason: 'No yachts' } });
    expect(rejected.ok).toBe(true);
    const request = await store.getRequest(id);
    expect(request!.links).toEqual([{ kind: 'started', subject: 'case:C-1' }]);
    const dispute = await store.getCase('C-1');
    expect(dispute).toMatchObject({ flowId: 'dispute', title: 'Dispute: Yacht', owner: 'fiona@example.com', openedBy: 'ann@example.com', fields: { amount: 90000 }, links: [{ kind: 'started_by', subject: `request:${id}` }] });
    expect(rejected.ok && rejected.deliveries.some((d) => d.type === 'card.upsert' && d.card.key === 'case:C-1')).toBe(true);
  });

  it('keeps a request on the flow version it started on after the flow changes, across a restart', async () => {
    const first = await setup();
    const id = subjectOf(await first.engine.execute({ actor: 'ann@example.com', command: { type: 'request.submit', flow: 'purchase', form: { item: 'Mouse', total: '20 EUR' } } })).replace('request:', '');
    // the admin edits purchase: every purchase now also needs the CFO
    const edited = structuredClone(registry.requestFlow('purchase')!.def);
    edited.steps[2]!.when = undefined;
    const compiled = compileFlow(FlowFile.parse(JSON.parse(JSON.stringify(edited))), 'edited');
    if (Array.isArray(compiled)) throw new Error('did not compile');
    // a fresh registry as after a restart: it knows only the edited version
    const restarted = new FlowRegistry();
    for (const f of makeRegistry().all()) if (f.def.id !== 'purchase') restarted.add(f);
    restarted.add(compiled);
    const second = await engineOn(opened!.store, restarted);
    const done = await second.engine.execute({ actor: 'bob@example.com', command: { type: 'request.approve', request: id, step: 'manager' } });
    expect(done.ok).toBe(true);
    expect((await second.store.getRequest(id))!.status).toBe('approved');
    const fresh = subjectOf(await second.engine.execute({ actor: 'ann@example.com', command: { type: 'request.submit', flow: 'purchase', form: { item: 'Mouse', total: '20 EUR' } } })).replace('request:', '');
    await second.engine.execute({ actor: 'bob@example.com', command: { type: 'request.approve', request: fresh, step: 'manager' } });
    expect((await second.store.getRequest(fresh))!).toMatchObject({ status: 'pending', flowVersion: compiled.version });
  });

  it('routes incident owners round-robin and links a case to a request both ways', async () => {
    const { engine, store } = await setup();
    const owners = [];
    for (const title of ['VPN down', 'Mail slow', 'Printer on fire']) {
      const subject = subjectOf(await engine.execute({ actor: 'ann@example.com', command: { type: 'case.open', flow: 'incident', title } }));
      owners.push((await store.getCase(subject.replace('case:', '')))!.owner);
    }
    expect(owners).toEqual(['ivan@example.com', 'ida@example.com', 'ivan@example.com']);
    expect((await store.openCasesOfFlow('incident')).map((c) => c.id)).toEqual(['C-3', 'C-2', 'C-1']);
    const started = await engine.execute({ actor: 'ivan@example.com', command: { type: 'case.start_request', case: 'C-1', flow: 'purchase', form: { item: 'New VPN box', total: '3000 EUR' } } });
    const requestId = subjectOf(started).replace('request:', '');
    expect((await store.getCase('C-1'))!.links).toEqual([{ kind: 'started', subject: `request:${requestId}` }]);
    expect((await store.getRequest(requestId))!.links).toEqual([{ kind: 'started_by', subject: 'case:C-1' }]);
    // both cards say so
    const views = new Views(engine);
    expect((await views.card(`request:${requestId}`, 'ivan@example.com'))!.fields).toContainEqual({ label: 'Links', value: 'started from case C-1' });
    expect((await views.card('case:C-1', 'ivan@example.com'))!.fields).toContainEqual({ label: 'Links', value: `started request ${requestId}` });
    // the back-link writes to C-1 as well, so Ida needs a place on it
    await engine.execute({ actor: 'ivan@example.com', command: { type: 'case.update', case: 'C-1', change: { type: 'add_member', person: 'ida@example.com' } } });
    const linked = await engine.execute({ actor: 'ida@example.com', command: { type: 'case.link', case: 'C-2', kind: 'duplicate_of', target: 'c-1' } });
    expect(linked.ok).toBe(true);
    expect((await store.getCase('C-1'))!.links).toContainEqual({ kind: 'duplicated_by', subject: 'case:C-2' });
    // linking writes to the other side too: Ivan may not touch C-2, which Ida owns
    expect(await engine.execute({ actor: 'ivan@example.com', command: { type: 'case.link', case: 'C-3', kind: 'related', target: 'C-2' } })).toMatchObject({ ok: false, code: 'case.not_allowed' });
    expect(await engine.execute({ actor: 'ivan@example.com', command: { type: 'case.update', case: 'C-3', change: { type: 'link', kind: 'related', target: 'case:C-2' } } })).toMatchObject({ ok: false, code: 'case.not_allowed' });
    expect(await engine.execute({ actor: 'ivan@example.com', command: { type: 'case.link', case: 'C-1', kind: 'bogus' as 'related', target: 'C-3' } })).toMatchObject({ ok: false, code: 'case.link_kind_unknown' });
    const before = (await store.getCase('C-2'))!.version;
    // a change to nothing writes nothing
    expect(await engine.execute({ actor: 'ida@example.com', command: { type: 'case.update', case: 'C-2', change: { type: 'set_status', status: 'new' } } })).toMatchObject({ ok: true, deliveries: [] });
    expect((await store.getCase('C-2'))!.version).toBe(before);
    const missing = await engine.execute({ actor: 'ida@example.com', command: { type: 'case.link', case: 'C-2', kind: 'related', target: 'R-999' } });
    expect(missing).toMatchObject({ ok: false, code: 'case.link_target_not_found' });
    expect((await store.casesOf('ivan@example.com')).map((c) => c.id).sort()).toEqual(['C-1', 'C-3']);
  });

  it('refuses unknown people, flows and items without writing anything', async () => {
    const { engine, store } = await setup();
    expect(await engine.execute({ actor: 'mallory@evil.test', command: { type: 'request.submit', flow: 'purchase', form: {} } })).toMatchObject({ ok: false, code: 'person.unknown' });
    expect(await engine.execute({ actor: 'ann@example.com', command: { type: 'request.submit', flow: 'nope', form: {} } })).toMatchObject({ ok: false, code: 'flow.unknown' });
    expect(await engine.execute({ actor: 'ann@example.com', command: { type: 'request.approve', request: 'R-77' } })).toMatchObject({ ok: false, code: 'request.not_found' });
    expect(await engine.execute({ actor: 'ann@example.com', command: { type: 'request.submit', flow: 'purchase', form: { item: '' } } })).toMatchObject({ ok: false, code: 'form.invalid' });
    expect(await store.verifyAudit()).toMatchObject({ ok: true, rows: 0 });
    expect(await store.requestsBy('ann@example.com')).toEqual([]);
    // a refused submission does not even use up a number
    const first = await engine.execute({ actor: 'ann@example.com', command: { type: 'request.submit', flow: 'purchase', form: { item: 'Desk', total: '300 EUR' } } });
    expect(first).toMatchObject({ ok: true, subject: 'request:R-1' });
  });
});
