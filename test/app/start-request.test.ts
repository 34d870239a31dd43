// Starting a request from a case: the case card offers only the request types the viewer may
// raise, and only while the case is open; the engine refuses exactly what the card leaves out.
import { afterEach, describe, expect, it } from 'vitest';
import { caseCard } from '../../src/core/case/card.ts';
import { FlowFile } from '../../src/flows/model.ts';
import { compileFlow } from '../../src/flows/registry.ts';
import { storeTargets, type OpenedStore } from '../support/databases.ts';
import { engineOn } from '../support/engine-on-store.ts';
import { govDirectory, govDefs, HR_CHANNEL, makeGovRegistry } from '../support/governance-world.ts';

/** the HR case type, opening Start a request (and nothing else) to the Security group */
function securityStarts() {
  const flows = makeGovRegistry();
  const hr = govDefs.find((d) => (d as { id: string }).id === 'hr-case') as Record<string, unknown>;
  const compiled = compileFlow(FlowFile.parse({ ...hr, id: 'hr-start', name: 'HR start', commands: { start_request: [{ group: 'security' }] } }), 'test');
  if (Array.isArray(compiled)) throw new Error(compiled.map((p) => p.message).join('\n'));
  flows.add(compiled);
  return flows;
}

describe.each(storeTargets())('case.start_request on $name', (target) => {
  let opened: OpenedStore | undefined;
  afterEach(async () => {
    await opened?.cleanup();
    opened = undefined;
  });

  it('offers and accepts only what the viewer may raise, and nothing once the case is resolved', async () => {
    opened = await target.open();
    const { engine, store, flows } = await engineOn(opened.store, makeGovRegistry(), '2026-11-30T09:00:00Z', { directory: govDirectory });
    expect(await engine.execute({ actor: 'ann@example.com', where: HR_CHANNEL, command: { type: 'case.open', flow: 'hr-case', title: 'Desk' } })).toMatchObject({ ok: true, subject: 'case:C-1' });
    // Ida owns HR cases; only Finance raises a payroll change
    const c = (await store.getCase('C-1'))!;
    const options = (viewer: string) => caseCard(c, flows.caseFlow('hr-case')!, engine.context(viewer), viewer).actions.find((a) => a.id === 'case.start_request')?.input;
    const offered = options('ida@example.com');
    const ids = offered?.kind === 'choice' ? (offered.options ?? []).map((o) => o.id) : [];
    expect(ids).not.toContain('payroll');
    expect(ids).toContain('anything');
    const refused = await engine.execute({ actor: 'ida@example.com', where: HR_CHANNEL, command: { type: 'case.start_request', case: 'C-1', flow: 'payroll', form: { what: 'Raise' } } });
    expect(refused).toMatchObject({ ok: false, code: 'permission.may_not_raise' });
    // resolved: the card offers no request, and the engine starts none
    expect(await engine.execute({ actor: 'ida@example.com', where: HR_CHANNEL, command: { type: 'case.update', case: 'C-1', change: { type: 'resolve', resolution: 'done' } } })).toMatchObject({ ok: true });
    const closed = (await store.getCase('C-1'))!;
    expect(caseCard(closed, flows.caseFlow('hr-case')!, engine.context('ida@example.com'), 'ida@example.com').actions.map((a) => a.id)).not.toContain('case.start_request');
    expect(await engine.execute({ actor: 'ida@example.com', where: HR_CHANNEL, command: { type: 'case.start_request', case: 'C-1', flow: 'anything', form: { what: 'Chair' } } })).toMatchObject({ ok: false, code: 'case.closed' });
    expect(await store.getRequest('R-1')).toBeUndefined();
  });

  it("lets the people a flow opens Start a request to start one, though they may not link, and draws one number", async () => {
    opened = await target.open();
    const { engine, store, flows } = await engineOn(opened.store, securityStarts(), '2026-11-30T09:00:00Z', { directory: govDirectory });
    expect(await engine.execute({ actor: 'ann@example.com', where: HR_CHANNEL, command: { type: 'case.open', flow: 'hr-start', title: 'Desk' } })).toMatchObject({ ok: true, subject: 'case:C-1' });
    // Sue is in security: she is no owner or member, and the flow lets her start requests only
    const ids = caseCard((await store.getCase('C-1'))!, flows.caseFlow('hr-start')!, engine.context('sue@example.com'), 'sue@example.com').actions.map((a) => a.id);
    expect(ids).toContain('case.start_request');
    expect(ids).not.toContain('case.link');
    const started = await engine.execute({ actor: 'sue@example.com', where: HR_CHANNEL, command: { type: 'case.start_request', case: 'C-1', flow: 'anything', form: { what: 'Chair' } } });
    expect(started).toMatchObject({ ok: true, subject: 'request:R-1' });
    expect((await store.getCase('C-1'))!.links).toEqual([{ kind: 'started', subject: 'request:R-1' }]);
    // linking by hand is still the owner's and members' business
    expect(await engine.execute({ actor: 'sue@example.com', where: HR_CHANNEL, command: { type: 'case.link', case: 'C-1', kind: 'related', target: 'R-1' } })).toMatchObject({ ok: false, code: 'case.not_allowed' });
  });
});
