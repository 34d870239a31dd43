// "Involved in a request" is one rule (may-run.ts involvedIn) for commenting on it and for linking
// a case to it: its requester, the approvers asked, whoever covers for them, admins. Outsiders
// are told so in words that fit what they tried.
import { afterEach, describe, expect, it } from 'vitest';
import type { Outcome } from '../../src/app/execute.ts';
import { explain } from '../../src/core/refusals.ts';
import { storeTargets, type OpenedStore } from '../support/databases.ts';
import { engineOn } from '../support/engine-on-store.ts';

const sentence = (o: Outcome) => (o.ok ? 'accepted' : explain(o.code, o.details));

describe.each(storeTargets())('involved in a request on $name', (target) => {
  let opened: OpenedStore | undefined;
  afterEach(async () => {
    await opened?.cleanup();
    opened = undefined;
  });

  it('lets the delegate covering an approver comment and link, and tells an outsider why not', async () => {
    opened = await target.open();
    const { engine, clock } = await engineOn(opened.store);
    // November: Olga is asked on Ops; in December she is away and Bob covers for her
    expect(await engine.execute({ actor: 'sue@example.com', command: { type: 'request.submit', flow: 'ops', form: { what: 'Rota' } } })).toMatchObject({ ok: true, subject: 'request:R-1' });
    clock.set('2026-12-02T09:00:00Z');
    expect(await engine.execute({ actor: 'bob@example.com', command: { type: 'case.open', flow: 'incident', title: 'Rota broke' } })).toMatchObject({ ok: true, subject: 'case:C-1' });
    expect(await engine.execute({ actor: 'adam@example.com', command: { type: 'case.update', case: 'C-1', change: { type: 'add_member', person: 'bob@example.com' } } })).toMatchObject({ ok: true });
    expect(await engine.execute({ actor: 'bob@example.com', command: { type: 'request.comment', request: 'R-1', text: 'Looking at it for Olga' } })).toMatchObject({ ok: true });
    expect(await engine.execute({ actor: 'bob@example.com', command: { type: 'case.link', case: 'C-1', kind: 'related', target: 'R-1' } })).toMatchObject({ ok: true });
    // Frank has nothing to do with it
    const comment = await engine.execute({ actor: 'frank@example.com', command: { type: 'request.comment', request: 'R-1', text: 'Hello' } });
    expect(comment).toMatchObject({ ok: false, code: 'request.not_involved' });
    expect(sentence(comment)).toBe('You are not involved in request R-1: only its requester, its approvers or an admin can do that.');
  });
});
