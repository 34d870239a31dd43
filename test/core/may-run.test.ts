// The one guard behind both the engine's refusals and the cards' buttons, and how a further rule
// (permissions, segregation of duties) plugs in: the same predicate hides the button and refuses
// the click.
import { describe, expect, it } from 'vitest';
import { caseCard } from '../../src/core/case/card.ts';
import { runCase } from '../../src/core/case/commands.ts';
import { type Guard, mayRun } from '../../src/core/may-run.ts';
import { requestCard } from '../../src/core/request/card.ts';
import { requestDeliveries } from '../../src/core/request/deliveries.ts';
import { refuse } from '../../src/core/result.ts';
import { aCase } from '../support/builders.ts';
import { submit } from '../support/engine-steps.ts';
import { caseFlow, ctx, requestFlow } from '../support/world.ts';

const purchase = requestFlow('purchase');
const incident = caseFlow('incident');

/** a rule another branch might add: nobody in sales approves anything over 1,000 EUR */
const noSalesOverThousand: Guard = (ask, c) =>
  ask.on === 'request' && ask.ask.type === 'approve' && c.directory.person(c.actor)?.department === 'Sales' && Number((ask.state.form.total as { amount?: number } | undefined)?.amount ?? 0) > 1000
    ? refuse('request.not_allowed', { request: ask.state.id })
    : undefined;

describe('mayRun', () => {
  it('answers from the base rules: no approval for the requester, no Take for the owner', () => {
    const r = submit('purchase', { item: 'Laptop', total: '7200 EUR' });
    expect(mayRun({ on: 'request', state: r, flow: purchase, ask: { type: 'approve' } }, ctx('ann@example.com'))?.code).toBe('step.self_approval');
    expect(mayRun({ on: 'request', state: r, flow: purchase, ask: { type: 'approve' } }, ctx('bob@example.com'))).toBeUndefined();
    const c = aCase({ owner: 'ivan@example.com', flowId: 'incident', flowVersion: incident.version });
    expect(mayRun({ on: 'case', state: c, flow: incident, ask: { type: 'take' } }, ctx('ivan@example.com'))?.code).toBe('case.already_owner');
    expect(caseCard(c, incident, ctx('ivan@example.com'), 'ivan@example.com').actions.map((a) => a.id)).not.toContain('case.take');
  });

  it('takes further guards from the context: the card hides what they refuse, and the engine refuses it', () => {
    const r = submit('purchase', { item: 'Laptop', total: '7200 EUR' });
    const guarded = { ...ctx('bob@example.com'), guards: [noSalesOverThousand] };
    expect(mayRun({ on: 'request', state: r, flow: purchase, ask: { type: 'approve' } }, guarded)?.code).toBe('request.not_allowed');
    expect(requestCard(r, purchase, 'bob@example.com', guarded).actions.map((a) => a.id)).not.toContain('request.approve');
    expect(requestCard(r, purchase, 'bob@example.com', ctx('bob@example.com')).actions.map((a) => a.id)).toContain('request.approve');
    // a case command goes through the same list
    const denyNotes: Guard = (ask) => (ask.on === 'case' && ask.ask.type === 'add_note' ? refuse('case.not_allowed', { case: ask.state.id }) : undefined);
    const c = aCase({ flowId: 'incident', flowVersion: incident.version });
    expect(runCase(c, incident, { type: 'add_note', text: 'hi' }, { ...ctx('ann@example.com'), guards: [denyNotes] })).toMatchObject({ ok: false, code: 'case.not_allowed' });
  });
});

describe('a comment on a request', () => {
  it('goes in the requester\'s thread and to the approvers now asked', () => {
    const r = submit('purchase', { item: 'Laptop', total: '7200 EUR' });
    const change = { state: r, events: [{ type: 'request.commented' as const, subject: `request:${r.id}`, actor: 'ann@example.com', at: '2026-11-30T09:00:00Z', data: { text: 'Any news?' } }], notices: [], followUps: [] };
    const out = requestDeliveries(change, purchase, ctx('ann@example.com'));
    expect(out.filter((d) => d.type === 'thread.reply').map((d) => (d.type === 'thread.reply' ? d.text : ''))).toEqual(['Ann Smith commented: Any news?']);
    expect(out.filter((d) => d.type === 'message.post').map((d) => (d.target.kind === 'person' ? d.target.email : ''))).toEqual(['bob@example.com']);

  });
});
