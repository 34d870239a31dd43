// Who may raise, open and run what, where: the pure functions the engine, the pickers and the
// card guard share. Defaults keep today's behaviour; restrictions refuse with who may instead.
import { describe, expect, it } from 'vitest';
import { explain } from '../../../src/core/refusals.ts';
import { mayOpen, mayRaise, mayWorkCaseHere, raisableFlows } from '../../../src/core/permissions/may.ts';
import { placeAllowed } from '../../../src/core/permissions/where.ts';
import { buildDirectory } from '../../../src/flows/directory.ts';
import { Org } from '../../../src/flows/model.ts';
import { CONSOLE, DM, GENERAL, govDirectory, govOrg, govRegistry, HR_CHANNEL } from '../../support/governance-world.ts';

const scope = { directory: govDirectory, flows: govRegistry };
const payroll = govRegistry.requestFlow('payroll')!;
const anything = govRegistry.requestFlow('anything')!;
const hr = govRegistry.caseFlow('hr-case')!;

describe('mayRaise', () => {
  it('lets anyone raise a flow that says nothing, anywhere, even where the surface did not say', () => {
    expect(mayRaise(anything, 'ann@example.com', undefined, scope)).toBeUndefined();
    expect(mayRaise(anything, 'ann@example.com', GENERAL, scope)).toBeUndefined();
  });

  it('refuses people outside the audience with a sentence naming who may', () => {
    const refusal = mayRaise(payroll, 'ann@example.com', DM, scope);
    expect(refusal?.code).toBe('permission.may_not_raise');
    expect(explain(refusal!.code, refusal!.details)).toBe('Only the Finance group or the admin role can raise a Payroll change; ask one of them to raise it for you.');
    expect(mayRaise(payroll, 'fiona@example.com', DM, scope)).toBeUndefined();
  });

  it('lets admins raise anything, but not in a place the flow keeps it out of', () => {
    expect(mayRaise(payroll, 'adam@example.com', CONSOLE, scope)).toBeUndefined();
    const refusal = mayRaise(payroll, 'adam@example.com', GENERAL, scope);
    expect(refusal?.code).toBe('permission.wrong_place');
    expect(explain(refusal!.code, refusal!.details)).toBe('Payroll change can only be used in a direct message with Docket or in the web console.');
  });

  it('fails closed: a restricted flow with no place given is refused', () => {
    expect(mayRaise(payroll, 'fiona@example.com', undefined, scope)?.code).toBe('permission.wrong_place');
  });

  it('lists only what the reader may raise there (the picker and help)', () => {
    expect(raisableFlows('ann@example.com', DM, scope).map((f) => f.def.id)).not.toContain('payroll');
    expect(raisableFlows('fiona@example.com', DM, scope).map((f) => f.def.id)).toContain('payroll');
    expect(raisableFlows('fiona@example.com', GENERAL, scope).map((f) => f.def.id)).not.toContain('payroll');
  });

  it('takes org.yaml defaults for flows that say nothing', () => {
    const strict = buildDirectory(Org.parse({ ...govOrg, permissions: { raise: [{ group: 'sales' }] } }));
    const refusal = mayRaise(anything, 'sam@example.com', DM, { directory: strict, flows: govRegistry });
    expect(refusal?.code).toBe('permission.may_not_raise');
    expect(String(refusal?.details.who)).toBe('the Sales group or the admin role');
    expect(mayRaise(anything, 'ann@example.com', DM, { directory: strict, flows: govRegistry })).toBeUndefined();
  });
});

describe('mayOpen and places', () => {
  it('opens a case type only in its own channel or the console', () => {
    expect(mayOpen(hr, 'ann@example.com', HR_CHANNEL, scope)).toBeUndefined();
    expect(mayOpen(hr, 'ann@example.com', CONSOLE, scope)).toBeUndefined();
    const refusal = mayOpen(hr, 'ann@example.com', GENERAL, scope);
    expect(explain(refusal!.code, refusal!.details)).toBe('HR case can only be used in #hr-cases or in the web console.');
    expect(mayWorkCaseHere(hr, 'ann@example.com', DM, scope)?.code).toBe('permission.wrong_place');
    expect(mayWorkCaseHere(hr, 'clock', undefined, scope)).toBeUndefined();
  });

  it('refuses openers outside the audience, naming who may', () => {
    const refusal = mayOpen(hr, 'sam@example.com', HR_CHANNEL, scope);
    expect(explain(refusal!.code, refusal!.details)).toBe('Only the HR group, the Sales group or the admin role can open a case of the type HR case; ask one of them to open it for you.');
  });

  it('matches Teams channel threads to the channel they are in', () => {
    expect(placeAllowed(['case-channel'], { surface: 'teams', kind: 'channel', channel: '19:hr@thread.tacv2;messageid=1' }, [hr.def.channel])).toBe(true);
    expect(placeAllowed(['case-channel'], { surface: 'teams', kind: 'channel', channel: '19:other@thread.tacv2' }, [hr.def.channel])).toBe(false);
    expect(placeAllowed(['dm'], { surface: 'console', kind: 'page' }, [])).toBe(false);
    expect(placeAllowed(['api'], { surface: 'api', kind: 'page' }, [])).toBe(true);
  });
});
