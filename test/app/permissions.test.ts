// Permissions are enforced by the engine for every surface: a command with no adapter in front
// of it is refused exactly as one from Slack would be, and nothing is written.
import { afterEach, describe, expect, it } from 'vitest';
import type { Outcome } from '../../src/app/execute.ts';
import { explain } from '../../src/core/refusals.ts';
import { storeTargets, type OpenedStore } from '../support/databases.ts';
import { engineOn } from '../support/engine-on-store.ts';
import { CONSOLE, DM, GENERAL, govDirectory, HR_CHANNEL, makeGovRegistry } from '../support/governance-world.ts';

const sentence = (o: Outcome) => (o.ok ? 'accepted' : explain(o.code, o.details));

describe.each(storeTargets())('permissions in the engine on $name', (target) => {
  let opened: OpenedStore | undefined;
  afterEach(async () => {
    await opened?.cleanup();
    opened = undefined;
  });
  const setup = async () => {
    opened = await target.open();
    return engineOn(opened.store, makeGovRegistry(), '2026-11-30T09:00:00Z', { directory: govDirectory });
  };

  it('refuses a request type to people outside its audience and writes nothing', async () => {
    const { engine, store } = await setup();
    const refused = await engine.execute({ actor: 'ann@example.com', where: DM, command: { type: 'request.submit', flow: 'payroll', form: { what: 'Raise' } } });
    expect(sentence(refused)).toBe('Only the Finance group or the admin role can raise a Payroll change; ask one of them to raise it for you.');
    expect(await store.getRequest('R-1')).toBeUndefined();
    const wrongPlace = await engine.execute({ actor: 'fiona@example.com', where: GENERAL, command: { type: 'request.submit', flow: 'payroll', form: { what: 'Raise' } } });
    expect(sentence(wrongPlace)).toBe('Payroll change can only be used in a direct message with Docket or in the web console.');
    const ok = await engine.execute({ actor: 'fiona@example.com', where: DM, command: { type: 'request.submit', flow: 'payroll', form: { what: 'Raise' } } });
    expect(ok).toMatchObject({ ok: true, subject: 'request:R-1' });
  });

  it('keeps a case type in its channel, and opens one command to a group beyond owner and members', async () => {
    const { engine } = await setup();
    expect((await engine.execute({ actor: 'ann@example.com', where: GENERAL, command: { type: 'case.open', flow: 'hr-case', title: 'Desk' } })).ok).toBe(false);
    const opened = await engine.execute({ actor: 'ann@example.com', where: HR_CHANNEL, command: { type: 'case.open', flow: 'hr-case', title: 'Desk' } });
    expect(opened).toMatchObject({ ok: true, subject: 'case:C-1' });
    // Sam is in security, which the flow lets change the status; Bob is nobody to this case
    const bob = await engine.execute({ actor: 'bob@example.com', where: HR_CHANNEL, command: { type: 'case.update', case: 'C-1', change: { type: 'set_status', status: 'triage' } } });
    expect(sentence(bob)).toBe('Only the owner, members, the Security group or the admin role can change the status on case C-1.');
    expect((await engine.execute({ actor: 'bob@example.com', where: HR_CHANNEL, command: { type: 'case.update', case: 'C-1', change: { type: 'set_priority', priority: 'normal' } } }))).toMatchObject({ ok: false, code: 'case.not_allowed' });
    expect((await engine.execute({ actor: 'sam@example.com', where: HR_CHANNEL, command: { type: 'case.update', case: 'C-1', change: { type: 'set_status', status: 'triage' } } })).ok).toBe(true);
    // the owner, in a direct message: the case type lives in its channel and the console only
    const dm = await engine.execute({ actor: 'ida@example.com', where: DM, command: { type: 'case.update', case: 'C-1', change: { type: 'set_status', status: 'open' } } });
    expect(sentence(dm)).toBe('HR case cases can only be used in #hr-cases or in the web console.');
    expect((await engine.execute({ actor: 'ida@example.com', where: CONSOLE, command: { type: 'case.update', case: 'C-1', change: { type: 'set_status', status: 'open' } } })).ok).toBe(true);
  });
});
