// The example flows shipped in flows/ load cleanly and mean what their comments say.
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import type { LoadedCaseFlow, LoadedRequestFlow } from '../../src/core/flow-runtime.ts';
import { formatProblem, loadFlows, type LoadResult } from '../../src/flows/load.ts';

const FLOWS = fileURLToPath(new URL('../../flows', import.meta.url));
let loaded: Extract<LoadResult, { ok: true }>;

beforeAll(async () => {
  const result = await loadFlows(FLOWS);
  if (!result.ok) throw new Error(result.problems.map(formatProblem).join('\n'));
  loaded = result;
});

const request = (id: string): LoadedRequestFlow => {
  const flow = loaded.registry.requestFlow(id);
  if (!flow) throw new Error(`no request flow ${id}`);
  return flow;
};
const caseFlow = (id: string): LoadedCaseFlow => {
  const flow = loaded.registry.caseFlow(id);
  if (!flow) throw new Error(`no case flow ${id}`);
  return flow;
};

const requester = { email: 'ann@example.com', name: 'Ann Smith', department: 'sales', manager: 'bob@example.com' };

describe('the example flows', () => {
  it('load with every file, flow and person counted', () => {
    expect(loaded.files).toEqual([
      'flows/org.yaml',
      'flows/requests/access.yaml',
      'flows/requests/purchase.yaml',
      'flows/requests/time-off.yaml',
      'flows/cases/customer-complaint.yaml',
      'flows/cases/expense-dispute.yaml',
      'flows/cases/it-incident.yaml',
    ]);
    expect(loaded.registry.requestFlows().map((f) => f.def.id)).toEqual(['access', 'purchase', 'time-off']);
    expect(loaded.registry.caseFlows().map((f) => f.def.id)).toEqual(['customer-complaint', 'expense-dispute', 'it-incident']);
    expect(loaded.directory.people()).toHaveLength(12);
  });

  it('keep the file each flow came from, relative to flows/', () => {
    expect(request('purchase').file).toBe('requests/purchase.yaml');
    expect(caseFlow('it-incident').file).toBe('cases/it-incident.yaml');
  });

  it('purchase: finance joins above 5,000 and the CFO above 20,000', () => {
    const flow = request('purchase');
    const [, finance, cfo] = flow.def.steps;
    const vars = (amount: number) => ({ form: { item: 'Laptops', total: { amount, currency: 'EUR' } }, requester, request: { id: 'r1', title: 't', flow: 'purchase' } });
    expect(finance?.when && flow.expr(finance.when).evaluate(vars(5000))).toBe(false);
    expect(finance?.when && flow.expr(finance.when).evaluate(vars(7200))).toBe(true);
    expect(cfo?.when && flow.expr(cfo.when).evaluate(vars(7200))).toBe(false);
    expect(cfo?.when && flow.expr(cfo.when).evaluate(vars(25000))).toBe(true);
  });

  it('purchase: a rejection opens an expense dispute titled from the form', () => {
    const flow = request('purchase');
    const action = flow.def.onReject[0];
    if (!action || !('openCase' in action)) throw new Error('expected openCase');
    const vars = { form: { item: 'Standing desk', total: { amount: 7200, currency: 'EUR' } }, requester, request: { id: 'r9', title: 't', flow: 'purchase' } };
    expect(flow.template(action.openCase.title).render(vars)).toBe('Dispute: Standing desk');
    expect(flow.expr(action.openCase.fields.amount ?? '').evaluate(vars)).toEqual({ amount: 7200, currency: 'EUR' });
    expect(flow.template(flow.def.title ?? '').render(vars)).toBe('Standing desk (7,200.00 EUR)');
  });

  it('access: two of the security group must approve', () => {
    const step = request('access').def.steps.find((s) => s.id === 'security');
    expect(step).toMatchObject({ mode: 'quorum', quorum: 2, approvers: [{ group: 'security' }] });
    expect(loaded.directory.group('security')?.members).toHaveLength(3);
  });

  it('time off: a rule approves one day or less when the manager step starts', () => {
    const flow = request('time-off');
    const rule = flow.def.rules[0];
    expect(rule).toMatchObject({ on: 'step_started', step: 'manager', then: [{ autoApprove: { reason: 'one day or less' } }] });
    const vars = (days: number) => ({ form: { days }, requester, request: { id: 'r', title: 't', flow: 'time-off' } });
    expect(flow.expr(rule?.when ?? '').evaluate(vars(1))).toBe(true);
    expect(flow.expr(rule?.when ?? '').evaluate(vars(0.5))).toBe(true);
    expect(flow.expr(rule?.when ?? '').evaluate(vars(3))).toBe(false);
  });

  it('it-incident: statuses, priorities with SLAs, on-call routing and a P1 rule', () => {
    const flow = caseFlow('it-incident');
    expect(flow.def.statuses.map((s) => `${s.id}:${s.category}`)).toEqual(['new:open', 'investigating:open', 'waiting:waiting', 'resolved:closed', 'closed:closed']);
    expect(flow.def.priorities.map((p) => p.id)).toEqual(['p1', 'p2', 'p3', 'p4']);
    expect(flow.def.owner).toEqual({ group: 'it-oncall', strategy: 'round-robin' });
    expect(flow.def.channel).toEqual({ name: '#it-incidents', slack: 'C0ITINCDNT', teams: '19:it-incidents@thread.tacv2' });
    const p1 = flow.def.rules[0];
    const vars = (priority: string) => ({
      form: { service: 'VPN', impact: 'down' },
      case: { id: 'c1', title: 'VPN down', status: 'new', priority, owner: 'sara@example.com', openedBy: 'ann@example.com', flow: 'it-incident' },
      opener: { email: 'ann@example.com', name: 'Ann Smith', department: 'sales' },
    });
    expect(flow.expr(p1?.when ?? '').evaluate(vars('p1'))).toBe(true);
    expect(flow.expr(p1?.when ?? '').evaluate(vars('p3'))).toBe(false);
    expect(p1?.then.map((a) => Object.keys(a)[0])).toEqual(['notify', 'escalate']);
  });

  it('a rule guarded with has() holds when the optional field is left empty', () => {
    const flow = caseFlow('it-incident');
    const guarded = flow.def.rules[1]?.when ?? '';
    const base = {
      case: { id: 'c1', title: 't', status: 'new', priority: 'p3', owner: '', openedBy: 'ann@example.com', flow: 'it-incident' },
      opener: { email: 'ann@example.com', name: 'Ann', department: 'sales' },
    };
    expect(flow.expr(guarded).evaluate({ ...base, form: { service: 'VPN', impact: 'x' } })).toBe(false);
    expect(flow.expr(guarded).evaluate({ ...base, form: { service: 'VPN', impact: 'x', users_affected: 120 } })).toBe(true);
  });

  it('a flow asked for an expression it never declared throws (a bug, not a refusal)', () => {
    expect(() => request('purchase').expr('true')).toThrow(/not compiled at load/);
  });
});
