import { describe, expect, it } from 'vitest';
import { decide } from '../../../src/core/request/decide.ts';
import { submitRequest } from '../../../src/core/request/submit.ts';
import { recall } from '../../../src/core/request/recall.ts';
import { addApprover, reassign } from '../../../src/core/request/reassign.ts';
import { resubmit, sendBack } from '../../../src/core/request/send-back.ts';
import { accepted, approve, refusedWith, submit } from '../../support/engine-steps.ts';
import { ctx, requestFlow } from '../../support/world.ts';

const purchase = requestFlow('purchase');

describe('send back and resubmit', () => {
  it('returns the request to the requester, who edits it into the same step with votes cleared', () => {
    let r = approve(submit('purchase', { item: 'Laptop', total: '7200 EUR' }), 'bob@example.com');
    r = accepted(decide(r, purchase, { outcome: 'approved', stepId: 'finance' }, ctx('fiona@example.com'))).state;
    // fiona's approval closed finance (mode any); use the all-finance flow for vote clearing below
    expect(r.status).toBe('approved');

    let s = approve(submit('all-finance', { what: 'Budget' }), 'fiona@example.com');
    s = accepted(sendBack(s, requestFlow('all-finance'), { stepId: 'finance', reason: 'Split by quarter' }, ctx('frank@example.com'))).state;
    expect(s.status).toBe('changes_requested');
    expect(s.sentBack).toMatchObject({ by: 'frank@example.com', reason: 'Split by quarter' });
    refusedWith(decide(s, requestFlow('all-finance'), { outcome: 'approved', stepId: 'finance' }, ctx('frank@example.com')), 'request.not_pending');
    refusedWith(resubmit(s, requestFlow('all-finance'), { form: { what: 'Q1 budget' } }, ctx('frank@example.com')), 'request.not_requester');
    const again = accepted(resubmit(s, requestFlow('all-finance'), { form: { what: 'Q1 budget' } }, ctx('ann@example.com')));
    expect(again.state.status).toBe('pending');
    expect(again.state.steps[0]!.slots.every((slot) => !slot.decision)).toBe(true);
    expect(again.events[0]).toMatchObject({ type: 'request.resubmitted', data: { changed: ['what'], step: 'finance' } });
  });

  it('routes again from an earlier step the edit makes necessary, and retitles the request', () => {
    const big = requestFlow('big-first');
    let r = submit('big-first', { total: '100 EUR' });
    expect(r.steps.map((s) => s.status)).toEqual(['skipped', 'skipped', 'active']);
    r = accepted(sendBack(r, big, { stepId: 'manager', reason: 'Is that all?' }, ctx('bob@example.com'))).state;
    const again = accepted(resubmit(r, big, { form: { total: '90000 EUR' } }, ctx('ann@example.com')));
    // 90,000 EUR needs the CFO after all: the request does not slip past a step skipped for the old amount
    expect(again.state.steps.map((s) => s.status)).toEqual(['active', 'waiting', 'waiting']);
    expect(again.state.steps[0]!.slots.map((s) => s.email)).toEqual(['cora@example.com']);
    expect(again.events.map((e) => e.type)).toEqual(['request.resubmitted', 'request.step_started']);

    const p = accepted(sendBack(approve(submit('purchase', { item: 'Laptop', total: '7200 EUR' }), 'bob@example.com'), purchase, { stepId: 'finance', reason: 'Cheaper model?' }, ctx('fiona@example.com'))).state;
    const edited = accepted(resubmit(p, purchase, { form: { item: 'Tablet', total: '6000 EUR' } }, ctx('ann@example.com'))).state;
    expect(edited.title).toBe('Purchase: Tablet');
    // nothing earlier depends on the edit: it comes back to finance, the manager's approval stands
    expect(edited.steps.map((s) => s.status)).toEqual(['approved', 'active', 'waiting']);
  });

  it('asks again an earlier approver whose role comes from an edited person field', () => {
    const big = requestFlow('big-first');
    let r = submit('big-first', { total: '100 EUR', for: 'sue@example.com' });
    expect(r.steps[1]!.slots.map((s) => s.email)).toEqual(['sam@example.com']);
    r = approve(r, 'sam@example.com');
    r = accepted(sendBack(r, big, { stepId: 'manager', reason: 'For whom?' }, ctx('bob@example.com'))).state;
    const again = accepted(resubmit(r, big, { form: { total: '100 EUR', for: 'ivan@example.com' } }, ctx('ann@example.com'))).state;
    expect(again.steps.map((s) => s.status)).toEqual(['skipped', 'active', 'waiting']);
    expect(again.steps[1]!.slots.map((s) => s.email)).toEqual(['cora@example.com']);
  });

  it('is refused where the step does not allow it, and needs a reason', () => {
    let r = submit('purchase', { item: 'Plane', total: '50000 EUR' });
    refusedWith(sendBack(r, purchase, { stepId: 'manager', reason: ' ' }, ctx('bob@example.com')), 'request.reason_required');
    r = approve(approve(r, 'bob@example.com'), 'fiona@example.com');
    expect(r.steps[2]!.status).toBe('active');
    refusedWith(sendBack(r, purchase, { stepId: 'cfo', reason: 'too much' }, ctx('cora@example.com')), 'step.send_back_not_allowed');
  });
});

describe('recall', () => {
  it('only the requester recalls, and nothing can be decided afterwards', () => {
    const r = submit('purchase', { item: 'Laptop', total: '7200 EUR' });
    refusedWith(recall(r, {}, ctx('bob@example.com')), 'request.not_requester');
    const recalled = accepted(recall(r, { reason: 'Bought it myself' }, ctx('ann@example.com'))).state;
    expect(recalled.status).toBe('recalled');
    expect(refusedWith(decide(recalled, purchase, { outcome: 'approved' }, ctx('bob@example.com')), 'request.not_pending')).toMatchObject({ status: 'recalled' });
  });
});

describe('who may decide', () => {
  it('refuses a non-approver and the requester with their own codes', () => {
    const r = submit('purchase', { item: 'Laptop', total: '7200 EUR' });
    refusedWith(decide(r, purchase, { outcome: 'approved', stepId: 'manager' }, ctx('sue@example.com')), 'step.not_approver');
    refusedWith(decide(r, purchase, { outcome: 'approved', stepId: 'manager' }, ctx('ann@example.com')), 'step.self_approval');
  });

  it('tells the loser of a race who won, instead of applying a stale card to the next step', () => {
    const r = approve(submit('purchase', { item: 'Laptop', total: '7200 EUR' }), 'bob@example.com');
    // the manager's old card still says "manager"; approving from it must not touch finance
    expect(refusedWith(decide(r, purchase, { outcome: 'approved', stepId: 'manager' }, ctx('bob@example.com')), 'step.already_decided')).toEqual({
      request: 'R-1',
      step: 'Manager approval',
      decidedBy: 'Bob Jones',
      outcome: 'approved',
    });
  });

  it('refuses a card for a step not reached yet as stale', () => {
    const r = submit('purchase', { item: 'Laptop', total: '7200 EUR' });
    refusedWith(decide(r, purchase, { outcome: 'approved', stepId: 'finance' }, ctx('fiona@example.com')), 'step.stale');
  });
});

describe('delegation while away', () => {
  it('routes to the delegate when the approver is away at submission', () => {
    const r = submit('ops', { what: 'Deploy' }, 'ann@example.com', '2026-12-05T09:00:00Z');
    expect(r.steps[0]!.slots).toEqual([{ email: 'bob@example.com', onBehalfOf: 'olga@example.com', reason: 'You cover for Olga Ops (away until 2026-12-10). They are in the Ops group.' }]);
  });

  it('lets the delegate decide only while the absence is active', () => {
    const r = submit('ops', { what: 'Deploy' }, 'ann@example.com', '2026-11-30T09:00:00Z');
    expect(r.steps[0]!.slots.map((s) => s.email)).toEqual(['olga@example.com']);
    refusedWith(decide(r, requestFlow('ops'), { outcome: 'approved', stepId: 'ops' }, ctx('bob@example.com', '2026-11-30T10:00:00Z')), 'step.not_approver');
    refusedWith(decide(r, requestFlow('ops'), { outcome: 'approved', stepId: 'ops' }, ctx('bob@example.com', '2026-12-11T10:00:00Z')), 'step.not_approver');
    const done = accepted(decide(r, requestFlow('ops'), { outcome: 'approved', stepId: 'ops' }, ctx('bob@example.com', '2026-12-10T10:00:00Z')));
    expect(done.state.status).toBe('approved');
    expect(done.events[0]).toMatchObject({ type: 'request.approved_by', actor: 'bob@example.com', data: { onBehalfOf: 'olga@example.com' } });
  });

  it('never lets the requester approve their own request as a delegate', () => {
    // Dan's delegate is Ann; Ann raises a request Dan must approve
    const before = submit('deputy', { what: 'x' }, 'ann@example.com', '2026-11-30T09:00:00Z');
    expect(refusedWith(decide(before, requestFlow('deputy'), { outcome: 'approved', stepId: 'deputy' }, ctx('ann@example.com', '2026-12-05T09:00:00Z')), 'step.self_approval')).toMatchObject({ via: ', not even as a delegate' });
    // raised while Dan is away: Dan is left out, and an admin is asked instead of Ann
    const during = submit('deputy', { what: 'x' }, 'ann@example.com', '2026-12-05T09:00:00Z');
    expect(during.steps[0]!.slots.map((s) => [s.email, s.reason])).toEqual([['adam@example.com', 'You are an admin: too few eligible approvers were left for this step.']]);
  });
});

describe('one person, one vote', () => {
  it('a delegate who has voted cannot vote again for the absent approver', () => {
    let r = submit('pair-quorum', { what: 'x' }, 'ann@example.com', '2026-11-30T09:00:00Z');
    r = approve(r, 'bob@example.com', '2026-12-02T09:00:00Z');
    refusedWith(decide(r, requestFlow('pair-quorum'), { outcome: 'approved', stepId: 'pair' }, ctx('bob@example.com', '2026-12-02T09:05:00Z')), 'step.already_voted');
    expect(r.status).toBe('pending');
  });

  it('an approver back from leave may decide the place their delegate holds', () => {
    const r = submit('ops', { what: 'Deploy' }, 'ann@example.com', '2026-12-09T09:00:00Z');
    expect(r.steps[0]!.slots.map((s) => [s.email, s.onBehalfOf])).toEqual([['bob@example.com', 'olga@example.com']]);
    expect(approve(r, 'olga@example.com', '2026-12-14T09:00:00Z').status).toBe('approved');
  });

  it('refuses to start a step whose quorum the eligible people cannot reach, rather than reject on the first vote', () => {
    refusedWith(submitRequest({ id: 'R-1', flow: requestFlow('big-quorum'), form: { what: 'x' } }, ctx('ann@example.com')), 'step.no_eligible_approvers');
  });
});

describe('reassign and add approver', () => {
  it('an approver hands their place on; the tally counts the new person only', () => {
    const r = submit('purchase', { item: 'Laptop', total: '7200 EUR' });
    const moved = accepted(reassign(r, purchase, { stepId: 'manager', to: 'cora@example.com' }, ctx('bob@example.com'))).state;
    refusedWith(decide(moved, purchase, { outcome: 'approved', stepId: 'manager' }, ctx('bob@example.com')), 'step.not_approver');
    const done = accepted(decide(moved, purchase, { outcome: 'approved', stepId: 'manager' }, ctx('cora@example.com'))).state;
    expect(done.steps[0]!.status).toBe('approved');
  });

  it('refuses handing it to the requester, and lets only admins move someone else’s place', () => {
    const r = submit('purchase', { item: 'Laptop', total: '7200 EUR' });
    refusedWith(reassign(r, purchase, { stepId: 'manager', to: 'ann@example.com' }, ctx('bob@example.com')), 'step.self_approval');
    refusedWith(reassign(r, purchase, { stepId: 'manager', from: 'bob@example.com', to: 'cora@example.com' }, ctx('fiona@example.com')), 'request.not_allowed');
    const byAdmin = accepted(reassign(r, purchase, { stepId: 'manager', from: 'bob@example.com', to: 'cora@example.com' }, ctx('adam@example.com'))).state;
    expect(byAdmin.steps[0]!.slots.map((s) => [s.email, s.replacedBy ?? null])).toEqual([['bob@example.com', 'cora@example.com'], ['cora@example.com', null]]);
  });

  it('an added approver is required in mode all', () => {
    let r = submit('all-finance', { what: 'Budget' });
    r = accepted(addApprover(r, requestFlow('all-finance'), { stepId: 'finance', approver: 'cora@example.com' }, ctx('fiona@example.com'))).state;
    r = approve(approve(r, 'fiona@example.com'), 'frank@example.com');
    expect(r.status).toBe('pending');
    r = approve(r, 'cora@example.com');
    expect(r.status).toBe('approved');
    refusedWith(addApprover(submit('all-finance', { what: 'B' }), requestFlow('all-finance'), { approver: 'cora@example.com' }, ctx('sue@example.com')), 'request.not_allowed');
  });
});
