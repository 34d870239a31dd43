// A request card never offers what the engine refuses: for the requester, an approver, an
// approver barred by segregation of duties (the requester's delegate), an outsider and an admin,
// every button on their own card, clicked on the real engine (a fresh request each time), is not
// refused for who they are.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cardCommand, isCardAction } from '../../src/app/card-commands.ts';
import type { CardAction } from '../../src/core/card.ts';
import { requestCard } from '../../src/core/request/card.ts';
import { storeTargets, type OpenedStore } from '../support/databases.ts';
import { engineOn, type TestEngine } from '../support/engine-on-store.ts';
import { CONSOLE, govDirectory, makeGovRegistry } from '../support/governance-world.ts';

/** refusals that mean "not you": a card must not have offered the button */
const WHO = /^(step\.not_approver|step\.self_approval|step\.system|sod\.|request\.not_allowed|request\.not_requester|request\.not_involved|permission\.)/;

describe.each(storeTargets())('request card buttons on the engine on $name', (target) => {
  let opened: OpenedStore;
  let t: TestEngine;
  beforeAll(async () => {
    opened = await target.open();
    t = await engineOn(opened.store, makeGovRegistry(), '2026-11-30T09:00:00Z', { directory: govDirectory });
  });
  afterAll(async () => opened?.cleanup());

  /** Dan raises a sales sign-off in November; it is looked at in December, when Ann is his delegate */
  async function fresh(): Promise<string> {
    t.clock.set('2026-11-30T09:00:00Z');
    const o = await t.engine.execute({ actor: 'dan@example.com', where: CONSOLE, command: { type: 'request.submit', flow: 'sales-ok', form: { what: 'Discount' } } });
    if (!o.ok) throw new Error(o.code);
    t.clock.set('2026-12-02T09:00:00Z');
    return o.subject.replace('request:', '');
  }

  it('offers nobody a button the engine refuses them', async () => {
    const offended: string[] = [];
    let clicked = 0;
    for (const viewer of ['dan@example.com', 'ann@example.com', 'bob@example.com', 'frank@example.com', 'adam@example.com']) {
      for (let i = 0; ; i++) {
        const id = await fresh();
        const r = (await t.store.getRequest(id))!;
        const action: CardAction | undefined = requestCard(r, t.flows.requestFlow('sales-ok')!, viewer, t.engine.context(viewer)).actions[i];
        if (!action) break;
        const input = action.input?.kind === 'person' ? 'ida@example.com' : action.input ? 'words' : '';
        const command = isCardAction(action.id) ? cardCommand(action.id as never, `request:${id}`, action.value, input) : undefined;
        if (!command) continue;
        clicked++;
        const outcome = await t.engine.execute({ actor: viewer, where: CONSOLE, command });
        if (!outcome.ok && WHO.test(outcome.code)) offended.push(`${viewer} ${action.id}: ${outcome.code}`);
      }
    }
    expect(offended).toEqual([]);
    expect(clicked).toBeGreaterThan(5);
  });
});
