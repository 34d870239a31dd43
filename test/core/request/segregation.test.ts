// Segregation of duties, the matrix: the same person on two steps, the requester's delegate, an
// escalation target who already decided, a quorum board across steps, and a person the form
// names. Each is skipped at staffing (and the card says so) or refused at decision time.
import { describe, expect, it } from 'vitest';
import type { Change } from '../../../src/core/change.ts';
import { explain } from '../../../src/core/refusals.ts';
import { requestCard } from '../../../src/core/request/card.ts';
import { decide } from '../../../src/core/request/decide.ts';
import { addApprover, reassign } from '../../../src/core/request/reassign.ts';
import type { RequestState } from '../../../src/core/request/state.ts';
import { submitRequest } from '../../../src/core/request/submit.ts';
import type { Result } from '../../../src/core/result.ts';
import { fireRequestTimer } from '../../../src/core/timers/fire-request.ts';
import { requestTimers } from '../../../src/core/timers/request-timers.ts';
import { govCtx, govDirectory, govRegistry } from '../../support/governance-world.ts';

const flow = (id: string) => govRegistry.requestFlow(id)!;

function accepted<S>(result: Result<Change<S>>): Change<S> {
  if (!result.ok) throw new Error(`refused: ${result.code} ${explain(result.code, result.details)}`);
  return result.value;
}
const submit = (flowId: string, form: Record<string, unknown>, by: string, at?: string) => accepted(submitRequest({ id: 'R-1', flow: flow(flowId), form }, govCtx(by, at)));
const approve = (r: RequestState, by: string, at?: string) => accepted(decide(r, flow(r.flowId), { outcome: 'approved', stepId: r.steps[r.current!]!.id }, govCtx(by, at))).state;
const tryApprove = (r: RequestState, by: string, at?: string) => decide(r, flow(r.flowId), { outcome: 'approved', stepId: r.steps[r.current!]!.id }, govCtx(by, at));
const current = (r: RequestState) => r.steps[r.current!]!;
const approvers = (r: RequestState) => current(r).slots.filter((s) => !s.replacedBy).map((s) => s.email);
const sentence = (result: Result<unknown>) => (result.ok ? 'accepted' : explain(result.code, result.details));

describe('segregation of duties', () => {
  it('same person on two steps: Frank decides Finance, so Controller is staffed without him and says so', () => {
    let r = submit('buy', { what: 'Servers' }, 'ann@example.com').state;
    r = approve(r, 'frank@example.com');
    expect(current(r).id).toBe('controller');
    expect(approvers(r)).toEqual(['cora@example.com']);
    expect(current(r).leftOut).toEqual(['Frank Finance was left out: Frank Finance already decided Finance.']);
    const card = requestCard(r, flow('buy'), 'cora@example.com', govCtx('cora@example.com'));
    expect(card.progress[1]!.detail).toContain('Frank Finance was left out: Frank Finance already decided Finance.');
    // an admin cannot put him back either
    const added = addApprover(r, flow('buy'), { approver: 'frank@example.com' }, govCtx('adam@example.com'));
    expect(sentence(added)).toBe('Frank Finance cannot decide Controller of request R-1: Frank Finance already decided Finance.');
    // with segregation off, the same flow asks him twice: today's behaviour
    let loose = submit('buy-loose', { what: 'Servers' }, 'ann@example.com').state;
    loose = approve(loose, 'frank@example.com');
    expect(approvers(loose)).toEqual(['frank@example.com', 'cora@example.com']);
    expect(approve(loose, 'frank@example.com').status).toBe('approved');
  });

  it('a delegate counts as themselves and as the person they cover', () => {
    // December: Olga is away and Bob covers her place in Ops, deciding it for her
    let r = submit('ops-two', { what: 'Rota' }, 'sam@example.com', '2026-12-02T09:00:00Z').state;
    expect(current(r).slots).toMatchObject([{ email: 'bob@example.com', onBehalfOf: 'olga@example.com' }]);
    r = approve(r, 'bob@example.com', '2026-12-02T09:00:00Z');
    // the pair step asks Olga and Bob: neither may decide it, so an admin fills the place
    expect(current(r).leftOut).toEqual([
      'Olga Ops was left out: Olga Ops already decided Ops (Bob Jones decided it for Olga Ops).',
      'Bob Jones was left out: Bob Jones already decided Ops.',
    ]);
    expect(approvers(r)).toEqual(['adam@example.com']);
    // November: Olga decides Ops herself; by December Bob covers her, but her place in the pair step is not his to take
    let n = submit('ops-two', { what: 'Rota' }, 'sam@example.com').state;
    n = approve(n, 'olga@example.com');
    expect(approvers(n)).toEqual(['bob@example.com']);
    const staffedAgain = { ...n, steps: n.steps.map((s) => (s.id === 'pair' ? { ...s, slots: [{ email: 'olga@example.com', reason: 'asked before her absence' }] } : s)) };
    const refused = tryApprove(staffedAgain, 'bob@example.com', '2026-12-02T09:00:00Z');
    expect(sentence(refused)).toBe('You cannot decide Ops and sales of request R-1: Olga Ops already decided Ops, and nobody decides two steps of one request. Ask an admin to add an approver who has not decided this request.');
  });

  it("the requester's delegate never approves: staffing leaves Ann out of Dan's request, and refuses her once she becomes his delegate", () => {
    // in December Dan is away and Ann covers for him: she is left out at staffing
    const december = submit('sales-ok', { what: 'Discount' }, 'dan@example.com', '2026-12-02T09:00:00Z').state;
    expect(approvers(december)).not.toContain('ann@example.com');
    expect(current(december).leftOut).toEqual(["Ann Smith was left out: Ann Smith is Dan Deputy's delegate, and the requester's side never approves."]);
    // raised in November, Ann was asked; by December she is his delegate, and the engine refuses her
    const november = submit('sales-ok', { what: 'Discount' }, 'dan@example.com').state;
    expect(approvers(november)).toContain('ann@example.com');
    const refused = tryApprove(november, 'ann@example.com', '2026-12-02T09:00:00Z');
    expect(refused).toMatchObject({ ok: false, code: 'sod.conflicted' });
    expect(sentence(refused)).toMatch(/^You cannot decide Sales of request R-1: Ann Smith is Dan Deputy's delegate, and the requester's side never approves\. Bob Jones/);
    // and her card offers no decision buttons (a comment she may still leave), saying why
    const card = requestCard(november, flow('sales-ok'), 'ann@example.com', govCtx('ann@example.com', '2026-12-02T09:00:00Z'));
    expect(card.actions.map((a) => a.id)).toEqual(['request.comment']);
    expect(card.why).toContain("Dan Deputy's delegate");
    expect(approve(november, 'bob@example.com', '2026-12-02T09:00:00Z').status).toBe('approved');
  });

  it('an escalation target who already decided cannot be handed the step, and one who decides on escalation counts for whom they acted', () => {
    let r = submit('buy', { what: 'Servers' }, 'ann@example.com').state;
    // Finance waits; a business day later it escalates to Cora, over Fiona and Frank
    const escalate = requestTimers(r, flow('buy'), govDirectory).find((t) => t.what.kind === 'request.escalate')!;
    r = accepted(fireRequestTimer(r, flow('buy'), escalate, govCtx('clock', escalate.dueAt))).state;
    expect(current(r).escalation).toEqual({ to: ['cora@example.com'], over: ['fiona@example.com', 'frank@example.com'] });
    // an admin hands Fiona's place to Cora, who decides on escalation
    r = accepted(reassign(r, flow('buy'), { from: 'fiona@example.com', to: 'cora@example.com' }, govCtx('adam@example.com', escalate.dueAt))).state;
    r = approve(r, 'cora@example.com', escalate.dueAt);
    // Controller: Cora decided, and she acted for Frank (on escalation): neither is left; an admin fills
    expect(current(r).id).toBe('controller');
    expect(current(r).leftOut).toEqual([
      'Frank Finance was left out: Frank Finance already decided Finance (Cora CEO decided it for Frank Finance, on escalation).',
      'Cora CEO was left out: Cora CEO already decided Finance.',
    ]);
    expect(approvers(r)).toEqual(['adam@example.com']);
    // Controller escalates to Fiona, over whom Cora acted on Finance: she cannot be handed it
    const next = requestTimers(r, flow('buy'), govDirectory).find((t) => t.what.kind === 'request.escalate')!;
    r = accepted(fireRequestTimer(r, flow('buy'), next, govCtx('clock', next.dueAt))).state;
    const handed = reassign(r, flow('buy'), { from: 'adam@example.com', to: 'fiona@example.com' }, govCtx('adam@example.com', next.dueAt));
    expect(sentence(handed)).toBe('Fiona Finance cannot decide Controller of request R-1: Fiona Finance already decided Finance (Cora CEO decided it for Fiona Finance, on escalation).');
  });

  it('a quorum board across steps: a board member who decided Finance is left out of the board, and a board too small waits for an admin', () => {
    let r = submit('buy', { what: 'Servers', supplier_contact: 'sam@example.com' }, 'ann@example.com').state;
    r = approve(r, 'fiona@example.com');
    r = approve(r, 'frank@example.com');
    // Board (quorum 2 of Cora, Fiona, Sam): Fiona decided Finance, Sam is the supplier contact
    expect(current(r).id).toBe('board');
    expect(approvers(r)).toEqual(['cora@example.com', 'adam@example.com']);
    expect(current(r).leftOut).toEqual([
      'Fiona Finance was left out: Fiona Finance already decided Finance.',
      'Sam Security was left out: Sam Security is named in the request as Supplier contact.',
    ]);

    // three distinct board members after Finance, raised by the admin: nobody can fill the gap
    const submitted = submit('board3', { what: 'Merger' }, 'adam@example.com');
    let b = approve(submitted.state, 'fiona@example.com');
    const step = current(b);
    expect(step.status).toBe('active');
    expect(approvers(b)).toEqual(['cora@example.com', 'sam@example.com']);
    expect(step.unstaffed).toBe('Nobody else can decide Board: it needs 3 approvers who have not decided this request and are not on the requester\'s side, and only 2 are left. An admin must add an approver.');
    // two approvals of three needed: still open, not rejected early
    b = approve(b, 'cora@example.com');
    b = approve(b, 'sam@example.com');
    expect(b.status).toBe('pending');
    // the flow's admin (not the requester) was told, and adds a third board member
    const decided = accepted(decide(submitted.state, flow('board3'), { outcome: 'approved', stepId: 'finance' }, govCtx('fiona@example.com')));
    expect(decided.events.map((e) => e.type)).toContain('request.step_unstaffed');
    expect(decided.notices.map((n) => n.type === 'message.post' && n.target.kind === 'person' && n.target.email)).toEqual(['ida@example.com']);
    b = accepted(addApprover(b, flow('board3'), { approver: 'sue@example.com' }, govCtx('ida@example.com'))).state;
    expect(current(b).unstaffed).toBeUndefined();
    expect(approve(b, 'sue@example.com').status).toBe('approved');
  });
});

describe('governanceGuard (the seam for the card guard)', () => {
  it('refuses exactly what decide() refuses, and has no objection otherwise', async () => {
    const { governanceGuard } = await import('../../../src/core/permissions/guard.ts');
    let r = submit('buy', { what: 'Servers' }, 'ann@example.com').state;
    r = approve(r, 'fiona@example.com');
    const staffedAgain = { ...r, steps: r.steps.map((s) => (s.id === 'controller' ? { ...s, slots: [...s.slots, { email: 'fiona@example.com', reason: 'added by hand' }] } : s)) };
    const ask = { on: 'request' as const, state: staffedAgain, flow: flow('buy'), ask: { type: 'approve', step: 'controller' } };
    const guarded = governanceGuard(ask, govCtx('fiona@example.com'));
    const decided = tryApprove(staffedAgain, 'fiona@example.com');
    expect(guarded).toEqual(decided);
    expect(guarded?.code).toBe('sod.decided_other_step');
    expect(governanceGuard(ask, govCtx('cora@example.com'))).toBeUndefined();
    expect(governanceGuard({ ...ask, ask: { type: 'recall' } }, govCtx('ann@example.com'))).toBeUndefined();
  });
});
