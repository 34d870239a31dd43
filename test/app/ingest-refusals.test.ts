// case.ingest refused: a hook's payload that maps to something the case type does not have, and
// a hook's person who may not open the case type, are refused like any other opener: before a
// case number is drawn (PostgreSQL's sequences keep no rolled-back number) and with the same
// permission sentence case.open gives.
import { afterEach, describe, expect, it } from 'vitest';
import type { Command } from '../../src/app/commands.ts';
import { Engine } from '../../src/app/execute.ts';
import { explain } from '../../src/core/refusals.ts';
import { SqlInboundKeys } from '../../src/store/inbound-keys.ts';
import { storeTargets, type OpenedStore } from '../support/databases.ts';
import { engineOn } from '../support/engine-on-store.ts';
import { govDirectory, HR_CHANNEL, makeGovRegistry } from '../support/governance-world.ts';

const ingest = (over: Partial<Extract<Command, { type: 'case.ingest' }>> = {}): Command => ({
  type: 'case.ingest', flow: 'incident', hook: 'mon', key: 'group-1', title: 'Disk full on db-1', fields: { service: 'db' }, resolved: false, resolve: true, ...over,
});

describe.each(storeTargets())('case.ingest refused on $name', (target) => {
  let opened: OpenedStore | undefined;
  afterEach(async () => {
    await opened?.cleanup();
    opened = undefined;
  });

  it('uses up no case number when the mapped payload is refused', async () => {
    opened = await target.open();
    const t = await engineOn(opened.store);
    const engine = new Engine({ ...t.engine.deps, inbound: new SqlInboundKeys(), sleep: async () => {} });
    expect(await engine.execute({ actor: 'adam@example.com', via: 'hook:mon', command: ingest({ priority: 'p9' }) })).toMatchObject({ ok: false, code: 'case.priority_unknown' });
    expect(await engine.execute({ actor: 'adam@example.com', via: 'hook:mon', command: ingest({ priority: 'p1' }) })).toMatchObject({ ok: true, subject: 'case:C-1' });
  });

  it("refuses a hook's person who may not open the case type, before drawing a number", async () => {
    opened = await target.open();
    const t = await engineOn(opened.store, makeGovRegistry(), '2026-11-30T09:00:00Z', { directory: govDirectory });
    const engine = new Engine({ ...t.engine.deps, inbound: new SqlInboundKeys(), sleep: async () => {} });
    // HR cases are opened by HR and sales only; Frank is in finance
    const refused = await engine.execute({ actor: 'frank@example.com', via: 'hook:hr', command: ingest({ flow: 'hr-case', hook: 'hr', fields: {} }) });
    expect(refused).toMatchObject({ ok: false, code: 'permission.may_not_open' });
    expect(explain(refused.ok ? 'flow.unknown' : refused.code, refused.ok ? {} : refused.details)).toBe('Only the HR group, the Sales group or the admin role can open a case of the type HR case; ask one of them to open it for you.');
    expect(await engine.execute({ actor: 'ann@example.com', where: HR_CHANNEL, command: { type: 'case.open', flow: 'hr-case', title: 'Desk' } })).toMatchObject({ ok: true, subject: 'case:C-1' });
  });
});
