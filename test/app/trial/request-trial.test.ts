// The request trial: the engine's own submit and decide, nothing written, with the flow's own
// words for a condition when it gives them.
import { describe, expect, it } from 'vitest';
import { runRequestTrial } from '../../../src/app/trial/request-trial.ts';
import { withAbsences } from '../../../src/app/trial/directory-overrides.ts';
import { FlowFile } from '../../../src/flows/model.ts';
import { compileFlow } from '../../../src/flows/registry.ts';
import { directory, registry, requestFlow } from '../../support/world.ts';

const at = new Date('2026-11-30T09:00:00Z');

describe('runRequestTrial', () => {
  it('uses the explain: of a step for its condition, and still shows the CEL and its value', () => {
    const def = FlowFile.parse({
      kind: 'request', id: 'spend', name: 'Spend',
      form: [{ id: 'total', label: 'Total', type: 'money', required: true }],
      steps: [
        { id: 'manager', name: 'Manager', approvers: [{ manager: 'requester' }] },
        { id: 'finance', name: 'Finance', approvers: [{ group: 'finance' }], when: 'form.total.amount > 5000.0', explain: { needed: 'orders above 5,000 EUR' } },
      ],
    });
    const flow = compileFlow(def, 'spend');
    if (Array.isArray(flow) || flow.kind !== 'request') throw new Error('must compile');
    const trial = runRequestTrial({ flow, flows: registry, directory, requester: 'ann@example.com', form: { total: '7000' }, at });
    if (!trial.ok) throw new Error(trial.refusal.code);
    expect(trial.steps[1]!.condition).toEqual({ source: 'form.total.amount > 5000.0', words: 'orders above 5,000 EUR', value: true });
  });

  it('routes to the delegate of someone away that day, and not the day after', () => {
    const away = withAbsences(directory, [{ person: 'fiona@example.com', from: '2026-11-30', until: '2026-11-30', delegate: 'cora@example.com' }]);
    const run = (when: string) => {
      const trial = runRequestTrial({ flow: requestFlow('purchase'), flows: registry, directory: away, requester: 'ann@example.com', form: { item: 'Desk', total: '6000' }, at: new Date(when) });
      if (!trial.ok) throw new Error(trial.refusal.code);
      return trial.steps.find((s) => s.id === 'finance')!.approvers.map((a) => [a.email, a.onBehalfOf ?? null]);
    };
    expect(run('2026-11-30T09:00:00Z')).toEqual([['cora@example.com', 'fiona@example.com'], ['frank@example.com', null]]);
    expect(run('2026-12-01T09:00:00Z')).toEqual([['fiona@example.com', null], ['frank@example.com', null]]);
  });

  it('returns the engine refusal as a value, with the stage', () => {
    const trial = runRequestTrial({ flow: requestFlow('purchase'), flows: registry, directory, requester: 'ann@example.com', form: { item: '', total: 'lots' }, at });
    expect(trial).toMatchObject({ ok: false, stage: 'submit', refusal: { code: 'form.invalid', fieldErrors: { item: 'Required.', total: expect.any(String) } } });
    const decided = runRequestTrial({ flow: requestFlow('purchase'), flows: registry, directory, requester: 'ann@example.com', form: { item: 'Desk', total: '10' }, at, decisions: [{ outcome: 'approved', by: 'frank@example.com' }] });
    expect(decided).toMatchObject({ ok: false, stage: 'decision', refusal: { code: 'step.not_approver' } });
  });
});
