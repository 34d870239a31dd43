// A case card never offers what the engine refuses: for the owner, a member, the opener, a
// watcher, an outsider and an admin, every button on their own card, clicked on the real engine
// (a fresh case each time), is not refused for who they are.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cardCommand, isCardAction } from '../../src/app/card-commands.ts';
import type { Command } from '../../src/app/commands.ts';
import type { CardAction } from '../../src/core/card.ts';
import { caseCard } from '../../src/core/case/card.ts';
import { storeTargets, type OpenedStore } from '../support/databases.ts';
import { engineOn, type TestEngine } from '../support/engine-on-store.ts';

/** refusals that mean "not you": a card must not have offered the button */
const WHO = /^(case\.not_allowed|permission\.|person\.unknown|case\.closed|case\.not_closed|request\.not_allowed)/;

function fill(action: CardAction, subject: string): Command | undefined {
  const first = (input: CardAction['input'] | CardAction['pick']) => (input?.kind === 'choice' ? (input.options?.[0]?.id ?? '') : '');
  const input = action.input?.kind === 'person' ? 'cora@example.com' : action.input?.kind === 'date' ? '2026-12-20' : action.input?.kind === 'choice' ? first(action.input) : action.input ? 'words' : '';
  if (action.id === 'case.start_request') return { type: 'case.start_request', case: subject.replace('case:', ''), flow: 'ops', form: { what: 'Rota' } };
  if (action.id === 'case.link') return { type: 'case.link', case: subject.replace('case:', ''), kind: 'related', target: 'R-1' };
  return isCardAction(action.id) ? cardCommand(action.id as never, subject, action.value, input, first(action.pick)) : undefined;
}

describe.each(storeTargets())('case card buttons on the engine on $name', (target) => {
  let opened: OpenedStore;
  let t: TestEngine;
  beforeAll(async () => {
    opened = await target.open();
    t = await engineOn(opened.store);
    // a request to link to; whether the clicker is involved in it is the target's business, which no card can know
    await t.engine.execute({ actor: 'adam@example.com', command: { type: 'request.submit', flow: 'ops', form: { what: 'Rota' } } });
  });
  afterAll(async () => opened?.cleanup());

  /** a fresh case: opened by Ann, owned by on-call IT, Bob a member, Sue watching; resolved when asked */
  async function freshCase(resolved: boolean): Promise<string> {
    const o = await t.engine.execute({ actor: 'ann@example.com', command: { type: 'case.open', flow: 'incident', title: 'Disk full' } });
    if (!o.ok) throw new Error(o.code);
    const id = o.subject.replace('case:', '');
    for (const change of [{ type: 'add_member', person: 'bob@example.com' }, { type: 'add_watcher', person: 'sue@example.com' }, { type: 'mute' }] as const) {
      const r = await t.engine.execute({ actor: change.type === 'mute' ? 'bob@example.com' : 'adam@example.com', command: { type: 'case.update', case: id, change } });
      if (!r.ok) throw new Error(r.code);
    }
    if (resolved) await t.engine.execute({ actor: 'adam@example.com', command: { type: 'case.update', case: id, change: { type: 'resolve', resolution: 'fixed' } } });
    return id;
  }

  for (const resolved of [false, true]) {
    it(`offers nobody a button the engine refuses them${resolved ? ' on a resolved case' : ''}`, async () => {
      const offended: string[] = [];
      for (const role of ['owner', 'bob@example.com', 'ann@example.com', 'sue@example.com', 'frank@example.com', 'adam@example.com']) {
        // the owner is drawn round-robin: each fresh case is asked for its own
        for (let i = 0; ; i++) {
          const id = await freshCase(resolved);
          const c = (await t.store.getCase(id))!;
          const viewer = role === 'owner' ? c.owner! : role;
          const action = caseCard(c, t.flows.caseFlow('incident')!, t.engine.context(viewer), viewer).actions[i];
          if (!action) break;
          const command = fill(action, `case:${id}`);
          if (!command) continue;
          const outcome = await t.engine.execute({ actor: viewer, command });
          if (!outcome.ok && WHO.test(outcome.code)) offended.push(`${role} ${action.id}: ${outcome.code}`);
        }
      }
      expect(offended).toEqual([]);
    });
  }
});
