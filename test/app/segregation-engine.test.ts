// Segregation of duties in the engine, command by command: a person barred from a step (here the
// requester's delegate) gets no button for it on their card, and the engine refuses every one of
// those commands with governance's sentence, whatever surface sends it.
import { afterEach, describe, expect, it } from 'vitest';
import type { Outcome } from '../../src/app/execute.ts';
import type { Command } from '../../src/app/commands.ts';
import { explain } from '../../src/core/refusals.ts';
import { requestCard } from '../../src/core/request/card.ts';
import { storeTargets, type OpenedStore } from '../support/databases.ts';
import { engineOn } from '../support/engine-on-store.ts';
import { CONSOLE, govDirectory, makeGovRegistry } from '../support/governance-world.ts';

const sentence = (o: Outcome) => (o.ok ? 'accepted' : explain(o.code, o.details));

describe.each(storeTargets())('segregation of duties in the engine on $name', (target) => {
  let opened: OpenedStore | undefined;
  afterEach(async () => {
    await opened?.cleanup();
    opened = undefined;
  });

  it("refuses the requester's delegate every step command the card does not offer her", async () => {
    opened = await target.open();
    const { engine, store, flows, clock } = await engineOn(opened.store, makeGovRegistry(), '2026-11-30T09:00:00Z', { directory: govDirectory });
    // raised in November, when Ann is asked on Sales; in December she covers for Dan, its requester
    expect(await engine.execute({ actor: 'dan@example.com', where: CONSOLE, command: { type: 'request.submit', flow: 'sales-ok', form: { what: 'Discount' } } })).toMatchObject({ ok: true });
    clock.set('2026-12-02T09:00:00Z');
    const r = (await store.getRequest('R-1'))!;
    const card = requestCard(r, flows.requestFlow('sales-ok')!, 'ann@example.com', engine.context('ann@example.com'));
    expect(card.actions.map((a) => a.id)).toEqual(['request.comment']);
    const commands: Command[] = [
      { type: 'request.approve', request: 'R-1', step: 'sales' },
      { type: 'request.reject', request: 'R-1', step: 'sales', reason: 'no' },
      { type: 'request.send_back', request: 'R-1', step: 'sales', reason: 'more detail' },
      { type: 'request.reassign', request: 'R-1', step: 'sales', to: 'ida@example.com' },
      { type: 'request.add_approver', request: 'R-1', step: 'sales', approver: 'ida@example.com' },
    ];
    for (const command of commands) {
      const refused = await engine.execute({ actor: 'ann@example.com', where: CONSOLE, command });
      expect(refused, command.type).toMatchObject({ ok: false, code: 'sod.conflicted' });
      expect(sentence(refused)).toMatch(/^You cannot decide Sales of request R-1: Ann Smith is Dan Deputy's delegate/);
    }
    expect((await store.getRequest('R-1'))!.version).toBe(r.version);
    // a comment is still hers to leave, as the card says
    expect(await engine.execute({ actor: 'ann@example.com', where: CONSOLE, command: { type: 'request.comment', request: 'R-1', text: 'I cover for Dan this week' } })).toMatchObject({ ok: true });
  });
});
