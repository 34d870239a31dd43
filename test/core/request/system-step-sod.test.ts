// A system step under segregation of duties: its reporter is a service account that reports back
// for each system it stands for, not a person deciding twice; and no person gets a button for it.
import { describe, expect, it } from 'vitest';
import { governanceGuard } from '../../../src/core/permissions/guard.ts';
import { mayRun, type Guard } from '../../../src/core/may-run.ts';
import { requestCard } from '../../../src/core/request/card.ts';
import { decide } from '../../../src/core/request/decide.ts';
import { submitRequest } from '../../../src/core/request/submit.ts';
import { FlowFile } from '../../../src/flows/model.ts';
import { compileFlow } from '../../../src/flows/registry.ts';
import type { LoadedRequestFlow } from '../../../src/core/flow-runtime.ts';
import { accepted } from '../../support/engine-steps.ts';
import { ctx as plain } from '../../support/world.ts';

// the engine's contexts carry governance's guard (Engine.context); so do these
const ctx = (actor: string) => ({ ...plain(actor), guards: [governanceGuard as Guard] });
const system = (name: string) => ({ name, url: 'https://idm.example.com/docket', secretEnv: 'IDM', reporter: 'ivan@example.com' });
const flow = compileFlow(
  FlowFile.parse({
    kind: 'request',
    id: 'onboard',
    name: 'Onboarding',
    distinctApprovers: true,
    form: [{ id: 'model', type: 'text', label: 'Model', required: true }],
    steps: [
      { id: 'manager', name: 'Manager approval', approvers: [{ manager: 'requester' }] },
      // the loader wants a timeout on every system step
      { id: 'account', name: 'Account', system: system('the identity system'), autoDecision: { after: '1h', decision: 'reject' } },
      { id: 'laptop', name: 'Laptop', system: system('the asset system'), autoDecision: { after: '1h', decision: 'reject' } },
    ],
  }),
  'test',
) as LoadedRequestFlow;

describe('a system step under segregation of duties', () => {
  const submitted = accepted(submitRequest({ id: 'R-1', flow, form: { model: 'X1' } }, ctx('ann@example.com')));
  const managed = accepted(decide(submitted.state, flow, { outcome: 'approved', stepId: 'manager' }, ctx('bob@example.com'))).state;

  it('is staffed with its reporter, and the reporter reporting for two systems takes the request to the end', () => {
    expect(managed.steps[1]).toMatchObject({ status: 'active', slots: [{ email: 'ivan@example.com' }] });
    const accounted = accepted(decide(managed, flow, { outcome: 'approved', stepId: 'account' }, ctx('ivan@example.com'))).state;
    expect(accounted.steps[2]).toMatchObject({ status: 'active', slots: [{ email: 'ivan@example.com' }] });
    expect(accounted.steps[2]!.unstaffed).toBeUndefined();
    const done = accepted(decide(accounted, flow, { outcome: 'approved', stepId: 'laptop' }, ctx('ivan@example.com'))).state;
    expect(done.status).toBe('approved');
  });

  it('offers no person a button for the step, not even an admin', () => {
    for (const viewer of ['ann@example.com', 'bob@example.com', 'adam@example.com', 'cora@example.com']) {
      const card = requestCard(managed, flow, viewer, ctx(viewer));
      expect(card.status.label).toBe('Waiting on the identity system');
      expect(card.actions.filter((a) => a.value === 'account').map((a) => a.id), viewer).toEqual([]);
    }
  });
});

describe('a system step, to the engine', () => {
  const submitted = accepted(submitRequest({ id: 'R-1', flow, form: { model: 'X1' } }, ctx('ann@example.com')));
  const managed = accepted(decide(submitted.state, flow, { outcome: 'approved', stepId: 'manager' }, ctx('bob@example.com'))).state;

  it('refuses an admin adding an approver to it or handing the reporter\'s seat to a person', () => {
    const ask = (type: 'add_approver' | 'reassign', extra = {}) => mayRun({ on: 'request', state: managed, flow, ask: { type, step: 'account', ...extra } }, ctx('adam@example.com'));
    expect(ask('add_approver')).toMatchObject({ ok: false, code: 'step.system', details: { step: 'Account', system: 'the identity system' } });
    expect(ask('reassign', { from: 'ivan@example.com' })).toMatchObject({ ok: false, code: 'step.system' });
  });
});
