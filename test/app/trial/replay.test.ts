// The replay behind `docket diff`: recorded requests through the old and the new version of a
// flow, with their recorded decisions; differences come from the flow change alone.
import { describe, expect, it } from 'vitest';
import { runRequestTrial } from '../../../src/app/trial/request-trial.ts';
import { replayRequests } from '../../../src/app/trial/replay.ts';
import type { LoadedRequestFlow } from '../../../src/core/flow-runtime.ts';
import type { RequestState } from '../../../src/core/request/state.ts';
import { compileFlow, FlowRegistry } from '../../../src/flows/registry.ts';
import { FlowFile } from '../../../src/flows/model.ts';
import { directory, registry, requestFlow } from '../../support/world.ts';

const purchase = requestFlow('purchase');

function variant(change: (def: Record<string, unknown>) => void): { flow: LoadedRequestFlow; flows: FlowRegistry } {
  const def = structuredClone(purchase.def) as unknown as Record<string, unknown>;
  change(def);
  const compiled = compileFlow(FlowFile.parse(def), 'variant');
  if (Array.isArray(compiled) || compiled.kind !== 'request') throw new Error('variant must compile');
  const flows = new FlowRegistry();
  for (const f of registry.all()) if (f.def.id !== 'purchase') flows.add(f);
  flows.add(compiled);
  return { flow: compiled, flows };
}

/** a request as the store would hold it: submitted and decided through the engine */
function recorded(id: string, total: number, decisions: Parameters<typeof runRequestTrial>[0]['decisions']): RequestState {
  const trial = runRequestTrial({ flow: purchase, flows: registry, directory, requester: 'ann@example.com', form: { item: `Item ${id}`, total: { amount: total, currency: 'EUR' } }, at: new Date('2026-11-30T09:00:00Z'), id, ...(decisions ? { decisions } : {}) });
  if (!trial.ok) throw new Error(`${id} must submit`);
  return trial.request;
}

const steps = (def: Record<string, unknown>) => def.steps as { id: string; when?: string; approvers: unknown[] }[];

describe('replaying recorded requests through a changed flow', () => {
  it('finds a rejection at a step the new version skips: fewer steps and a different outcome', () => {
    const requests = [
      recorded('R-1', 12_000, [{ outcome: 'approved' }, { outcome: 'rejected', comment: 'No budget.' }]),
      recorded('R-2', 1_000, [{ outcome: 'approved' }]),
    ];
    const raised = variant((def) => {
      steps(def)[1]!.when = 'form.total.amount > 50000.0';
    });
    const s = replayRequests(requests, { flow: purchase, flows: registry }, raised, directory);
    expect(s.replayed).toBe(2);
    expect(s.steps.find((x) => x.id === 'finance')).toEqual({ id: 'finance', name: 'Finance', old: 1, new: 0 });
    expect(s.fewerSteps).toEqual({ count: 1, examples: [{ id: 'R-1', submittedAt: '2026-11-30T09:00:00.000Z', what: 'Purchase: Item R-1: - Finance' }] });
    expect(s.differentOutcome).toEqual({ count: 1, examples: [expect.objectContaining({ id: 'R-1', what: 'Purchase: Item R-1: rejected → approved' })] });
    expect(s.extraSteps.count).toBe(0);
    expect(s.assumedApprovals).toBe(0);
  });

  it('finds different approvers, and counts the steps no recorded decision covers as assumed', () => {
    const requests = [recorded('R-3', 25_000, undefined)];
    const other = variant((def) => {
      steps(def)[1]!.approvers = [{ role: 'cfo' }];
      (def.steps as unknown[]).push({ id: 'legal', name: 'Legal', approvers: [{ person: 'sam@example.com' }] });
    });
    const s = replayRequests(requests, { flow: purchase, flows: registry }, other, directory);
    expect(s.differentApprovers.count).toBe(1);
    expect(s.differentApprovers.examples[0]!.what).toBe('Purchase: Item R-3: Finance: fiona@example.com, frank@example.com → cora@example.com');
    expect(s.extraSteps.examples[0]!.what).toBe('Purchase: Item R-3: + Legal');
    expect(s.assumedApprovals).toBe(1);
  });

  it('stops where the real request still waits, and says which requests a version refuses', () => {
    const waiting = recorded('R-4', 12_000, []);
    expect(waiting.status).toBe('pending');
    const stricter = variant((def) => {
      (def.form as { id: string; required?: boolean }[]).find((f) => f.id === 'needed_by')!.required = true;
    });
    const s = replayRequests([waiting], { flow: purchase, flows: registry }, stricter, directory);
    expect(s.replayed).toBe(0);
    expect(s.notReplayed).toEqual([{ id: 'R-4', submittedAt: '2026-11-30T09:00:00.000Z', what: 'new version: form.invalid needed_by: Required.' }]);
    const same = replayRequests([waiting], { flow: purchase, flows: registry }, { flow: purchase, flows: registry }, directory);
    expect(same).toMatchObject({ replayed: 1, assumedApprovals: 0, differentOutcome: { count: 0 }, extraSteps: { count: 0 } });
  });
});
