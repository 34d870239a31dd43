import { describe, expect, it } from 'vitest';
import { decide } from '../../../src/core/request/decide.ts';
import { submitRequest } from '../../../src/core/request/submit.ts';
import { accepted, approve, refusedWith, reject, stepStatuses, submit } from '../../support/engine-steps.ts';
import { ctx, requestFlow } from '../../support/world.ts';

describe('submitting', () => {
  it('refuses an invalid form with one message per field and creates nothing', () => {
    const result = submitRequest({ id: 'R-1', flow: requestFlow('purchase'), form: { total: 'lots', needed_by: '2026-02-30' } }, ctx('ann@example.com'));
    refusedWith(result, 'form.invalid');
    expect(!result.ok && result.fieldErrors).toEqual({
      item: 'Required.',
      total: 'Enter an amount such as 1200.50 EUR.',
      needed_by: 'Enter a date as YYYY-MM-DD.',
    });
  });

  it('refuses someone who is not in the directory', () => {
    refusedWith(submitRequest({ id: 'R-1', flow: requestFlow('purchase'), form: { item: 'x', total: 1 } }, ctx('mallory@evil.test')), 'person.unknown');
  });

  it('pins the flow version and routes step one to the requester’s manager with the reason', () => {
    const r = submit('purchase', { item: 'Laptop', total: '7,200 EUR' });
    expect(r.flowVersion).toBe(requestFlow('purchase').version);
    expect(r.title).toBe('Purchase: Laptop');
    expect(r.form.total).toEqual({ amount: 7200, currency: 'EUR' });
    expect(r.steps[0]!.slots).toEqual([{ email: 'bob@example.com', reason: "You are Ann Smith's manager." }]);
  });
});

describe('mode any and conditional steps', () => {
  it('runs manager → finance (amount > 5000) and skips the CFO step, recording the skip', () => {
    let r = submit('purchase', { item: 'Laptop', total: '7200 EUR' });
    r = approve(r, 'bob@example.com');
    expect(stepStatuses(r)).toEqual(['manager:approved', 'finance:active', 'cfo:waiting']);
    expect(r.steps[1]!.slots.map((s) => s.email)).toEqual(['fiona@example.com', 'frank@example.com']);
    const last = accepted(decide(r, requestFlow('purchase'), { outcome: 'approved', stepId: 'finance' }, ctx('frank@example.com')));
    expect(last.state.status).toBe('approved');
    expect(stepStatuses(last.state)).toEqual(['manager:approved', 'finance:approved', 'cfo:skipped']);
    expect(last.events.map((e) => e.type)).toEqual(['request.approved_by', 'request.step_approved', 'request.step_skipped', 'request.approved']);
  });

  it('a small purchase needs only the manager', () => {
    const r = approve(submit('purchase', { item: 'Mouse', total: '20 EUR' }), 'bob@example.com');
    expect(r.status).toBe('approved');
    expect(stepStatuses(r)).toEqual(['manager:approved', 'finance:skipped', 'cfo:skipped']);
  });

  it('the first answer decides a step in mode any, and a rejection rejects the request', () => {
    const r = reject(submit('purchase', { item: 'Yacht', total: '90000 EUR' }), 'bob@example.com', 'No yachts');
    expect(r.status).toBe('rejected');
    expect(r.rejection).toEqual({ by: 'bob@example.com', at: '2026-11-30T09:00:00.000Z', reason: 'No yachts' });
    expect(stepStatuses(r)).toEqual(['manager:rejected', 'finance:waiting', 'cfo:waiting']);
  });

  it('reject needs a reason', () => {
    const r = submit('purchase', { item: 'Yacht', total: '90000 EUR' });
    refusedWith(decide(r, requestFlow('purchase'), { outcome: 'rejected', stepId: 'manager', comment: '  ' }, ctx('bob@example.com')), 'request.reason_required');
  });
});

describe('mode all', () => {
  it('needs every approver', () => {
    let r = submit('all-finance', { what: 'Budget' });
    r = approve(r, 'fiona@example.com');
    expect(r.status).toBe('pending');
    r = approve(r, 'frank@example.com');
    expect(r.status).toBe('approved');
  });

  it('one rejection rejects', () => {
    let r = submit('all-finance', { what: 'Budget' });
    r = approve(r, 'fiona@example.com');
    r = reject(r, 'frank@example.com');
    expect(r.status).toBe('rejected');
  });
});

describe('mode quorum', () => {
  it('two of three security approvals complete the step', () => {
    let r = submit('access', { system: 'crm' });
    expect(r.steps[0]!.required).toBe(2);
    r = approve(r, 'sam@example.com');
    expect(r.status).toBe('pending');
    r = approve(r, 'sid@example.com');
    expect(r.status).toBe('approved');
  });

  it('one rejection leaves the quorum reachable; a second makes it impossible and rejects early', () => {
    let r = submit('access', { system: 'crm' });
    r = reject(r, 'sam@example.com');
    expect(r.status).toBe('pending');
    expect(r.rejection).toBeUndefined();
    r = reject(r, 'sue@example.com', 'Not needed');
    expect(r.status).toBe('rejected');
    expect(r.steps[0]!.slots.find((s) => s.email === 'sid@example.com')!.decision).toBeUndefined();
  });

  it('the same approver cannot vote twice', () => {
    const r = approve(submit('access', { system: 'crm' }), 'sam@example.com');
    expect(refusedWith(decide(r, requestFlow('access'), { outcome: 'approved', stepId: 'security' }, ctx('sam@example.com')), 'step.already_voted')).toMatchObject({ outcome: 'approved' });
  });

  it('a security member requesting access is left out of their own review', () => {
    const r = submit('access', { system: 'erp' }, 'sue@example.com');
    expect(r.steps[0]!.slots.map((s) => s.email)).toEqual(['sam@example.com', 'sid@example.com']);
    const crowded = submit('access', { system: 'erp' }, 'sam@example.com');
    expect(crowded.steps[0]!.slots.map((s) => s.email)).toEqual(['sue@example.com', 'sid@example.com']);
  });
});

describe('rules', () => {
  it('auto-approves one day off and records the rule as the decider', () => {
    const r = submit('time-off', { days: '1' });
    expect(r.status).toBe('approved');
    expect(r.steps[0]!.automatic).toEqual({ outcome: 'approved', by: 'rule:time-off#0', reason: 'one day or less' });
  });

  it('three days off wait for the manager', () => {
    const r = submit('time-off', { days: 3 });
    expect(r.status).toBe('pending');
    expect(r.steps[0]!.slots.map((s) => s.email)).toEqual(['bob@example.com']);
  });

  it('a rejected purchase asks for a dispute case, linked to the request', () => {
    const r = submit('purchase', { item: 'Yacht', total: '90000 EUR' });
    const change = accepted(decide(r, requestFlow('purchase'), { outcome: 'rejected', stepId: 'manager', comment: 'No' }, ctx('bob@example.com')));
    expect(change.followUps).toEqual([{ kind: 'case.open', flowId: 'dispute', title: 'Dispute: Yacht', fields: { amount: 90000 }, openedBy: 'ann@example.com', linkTo: 'request:R-1' }]);
  });
});
