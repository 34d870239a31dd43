// A rule's follow-up that fails (its mapped form is refused) is recorded on the timeline and
// uses up no number: the next request or case gets the next number, on every database, as with
// a refused submission (dispatch.ts checks under a placeholder id before drawing).
import { afterEach, describe, expect, it } from 'vitest';
import { FlowFile } from '../../src/flows/model.ts';
import { compileFlow } from '../../src/flows/registry.ts';
import { storeTargets, type OpenedStore } from '../support/databases.ts';
import { engineOn } from '../support/engine-on-store.ts';
import { makeRegistry } from '../support/world.ts';

function registry() {
  const flows = makeRegistry();
  const compiled = compileFlow(
    FlowFile.parse({
      kind: 'request', id: 'order', name: 'Order',
      form: [{ id: 'what', label: 'What', type: 'text', required: true }],
      steps: [{ id: 'manager', name: 'Manager', approvers: [{ manager: 'requester' }] }],
      // a purchase's item is at most 100 characters: a longer order cannot start one
      onApprove: [{ startRequest: { type: 'purchase', fields: { item: 'form.what', total: '"10 EUR"' } } }, { openCase: { type: 'incident', title: 'Order {{ form.what }}', priority: 'p9' } }],
    }),
    'test',
  );
  if (Array.isArray(compiled)) throw new Error(compiled.map((p) => p.message).join('\n'));
  flows.add(compiled);
  return flows;
}

describe.each(storeTargets())('failed follow-ups on $name', (target) => {
  let opened: OpenedStore | undefined;
  afterEach(async () => {
    await opened?.cleanup();
    opened = undefined;
  });

  it('use up no request or case number', async () => {
    opened = await target.open();
    const { engine, store } = await engineOn(opened.store, registry());
    expect(await engine.execute({ actor: 'ann@example.com', command: { type: 'request.submit', flow: 'order', form: { what: 'x'.repeat(150) } } })).toMatchObject({ ok: true, subject: 'request:R-1' });
    expect(await engine.execute({ actor: 'bob@example.com', command: { type: 'request.approve', request: 'R-1' } })).toMatchObject({ ok: true });
    const timeline = await store.timeline('request:R-1');
    expect(timeline.filter((e) => e.type === 'request.rule_failed')).toHaveLength(2);
    expect((await store.getRequest('R-1'))!.links).toEqual([]);
    expect(await engine.execute({ actor: 'ann@example.com', command: { type: 'request.submit', flow: 'ops', form: { what: 'Rota' } } })).toMatchObject({ ok: true, subject: 'request:R-2' });
    expect(await engine.execute({ actor: 'ann@example.com', command: { type: 'case.open', flow: 'incident', title: 'Disk' } })).toMatchObject({ ok: true, subject: 'case:C-1' });
  });
});
