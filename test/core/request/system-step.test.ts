// A system step in the pure engine: staffed with its reporter alone, drawn as waiting on the
// system, no card for the reporter, decided only by the reporter, and the start of the step is
// what the app turns into a call (systemCalls).
import { describe, expect, it } from 'vitest';
import { systemCalls } from '../../../src/app/webhook-match.ts';
import { requestCard } from '../../../src/core/request/card.ts';
import { decide } from '../../../src/core/request/decide.ts';
import { requestDeliveries } from '../../../src/core/request/deliveries.ts';
import { submitRequest } from '../../../src/core/request/submit.ts';
import { FlowFile } from '../../../src/flows/model.ts';
import { compileFlow } from '../../../src/flows/registry.ts';
import type { LoadedRequestFlow } from '../../../src/core/flow-runtime.ts';
import { accepted } from '../../support/engine-steps.ts';
import { ctx } from '../../support/world.ts';

const flow = compileFlow(
  FlowFile.parse({
    kind: 'request',
    id: 'laptop',
    name: 'Laptop',
    form: [{ id: 'model', type: 'text', label: 'Model', required: true }],
    steps: [
      { id: 'manager', name: 'Manager approval', approvers: [{ manager: 'requester' }] },
      { id: 'provision', name: 'Provisioning', system: { name: 'the identity system', url: 'https://idm.example.com/docket', secretEnv: 'IDM', reporter: 'ivan@example.com' }, autoDecision: { after: '1h', decision: 'reject' } },
    ],
  }),
  'test',
) as LoadedRequestFlow;

describe('a system step', () => {
  const submitted = accepted(submitRequest({ id: 'R-1', flow, form: { model: 'X1' } }, ctx('ann@example.com')));
  const approved = accepted(decide(submitted.state, flow, { outcome: 'approved', stepId: 'manager' }, ctx('bob@example.com')));
  const r = approved.state;

  it('is staffed with its reporter alone when it starts, and that start is a call to make', () => {
    expect(r.steps[1]).toMatchObject({ status: 'active', slots: [{ email: 'ivan@example.com', reason: 'You report back for the identity system.' }] });
    const [call] = systemCalls(approved, flow);
    expect(call).toMatchObject({ subscription: 'step:laptop:provision', eventType: 'request.system_step', subject: 'request:R-1' });
    expect(JSON.parse(call!.payload).data.callback).toBe('/api/v1/requests/R-1/steps/provision/complete');
    // the manager's step started a person's step: no call
    expect(systemCalls(submitted, flow)).toEqual([]);
  });

  it('is drawn as waiting on the system, and no card goes to the reporter', () => {
    const card = requestCard(r, flow, 'ann@example.com', ctx('ann@example.com'));
    expect(card.status.label).toBe('Waiting on the identity system');
    expect(card.progress[1]).toEqual({ label: 'Provisioning', state: 'current', detail: 'waiting on the identity system' });
    const to = requestDeliveries(approved, flow, ctx('bob@example.com')).flatMap((d) => (d.type === 'card.upsert' && d.target.kind === 'person' ? [d.target.email] : []));
    expect(to.sort()).toEqual(['ann@example.com', 'bob@example.com']);
  });

  it('is decided only by its reporter', () => {
    expect(decide(r, flow, { outcome: 'approved', stepId: 'provision' }, ctx('bob@example.com'))).toMatchObject({ ok: false, code: 'step.not_approver' });
    const done = accepted(decide(r, flow, { outcome: 'approved', stepId: 'provision', comment: 'created' }, ctx('ivan@example.com')));
    expect(done.state.status).toBe('approved');
  });
});
