import { describe, expect, it } from 'vitest';
import { pendingApprovers } from '../../../src/core/request/pending.ts';
import { aRequest, aSlot, aStep, at } from '../../support/builders.ts';

const decided = { outcome: 'approved' as const, by: 'x@example.com', at: at(1) };

describe('pendingApprovers', () => {
  it('lists the undecided, unreplaced approvers of the current step, each once', () => {
    const r = aRequest({
      steps: [
        aStep('done', [aSlot('old@example.com')], { status: 'approved' }),
        aStep('now', [aSlot('a@example.com'), aSlot('b@example.com', { decision: decided }), aSlot('c@example.com', { replacedBy: 'd@example.com' }), aSlot('d@example.com'), aSlot('a@example.com')], { mode: 'all' }),
        aStep('later', [aSlot('later@example.com')], { status: 'waiting' }),
      ],
      current: 1,
    });
    expect(pendingApprovers(r)).toEqual(['a@example.com', 'd@example.com']);
  });

  it('is empty for a request that is not pending or has no current step', () => {
    expect(pendingApprovers(aRequest())).toEqual(['bob@example.com']);
    expect(pendingApprovers(aRequest({ status: 'changes_requested' }))).toEqual([]);
    expect(pendingApprovers(aRequest({ status: 'approved' }))).toEqual([]);
    expect(pendingApprovers(aRequest({ current: undefined }))).toEqual([]);
    expect(pendingApprovers(aRequest({ current: 7 }))).toEqual([]);
  });

  it('is empty when the current step is already decided', () => {
    expect(pendingApprovers(aRequest({ steps: [aStep('s', [aSlot('a@example.com')], { status: 'approved' })] }))).toEqual([]);
    expect(pendingApprovers(aRequest({ steps: [aStep('s', [aSlot('a@example.com')], { status: 'skipped' })] }))).toEqual([]);
  });
});
