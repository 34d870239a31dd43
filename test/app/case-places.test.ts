// A case type's places hold for the commands added after governance too: leaving, unwatching,
// muting, tasks, links and starting a request are refused outside them, like status changes.
import { afterEach, describe, expect, it } from 'vitest';
import type { Command } from '../../src/app/commands.ts';
import { storeTargets, type OpenedStore } from '../support/databases.ts';
import { engineOn } from '../support/engine-on-store.ts';
import { CONSOLE, DM, govDirectory, HR_CHANNEL, makeGovRegistry } from '../support/governance-world.ts';

describe.each(storeTargets())('case places on $name', (target) => {
  let opened: OpenedStore | undefined;
  afterEach(async () => {
    await opened?.cleanup();
    opened = undefined;
  });

  it('refuses the newer case commands outside the case type\'s places, and takes them inside', async () => {
    opened = await target.open();
    const { engine } = await engineOn(opened.store, makeGovRegistry(), '2026-11-30T09:00:00Z', { directory: govDirectory });
    expect(await engine.execute({ actor: 'ann@example.com', where: HR_CHANNEL, command: { type: 'case.open', flow: 'hr-case', title: 'Desk' } })).toMatchObject({ ok: true, subject: 'case:C-1' });
    for (const change of [{ type: 'add_member', person: 'bob@example.com' }, { type: 'add_watcher', person: 'sue@example.com' }] as const) {
      expect(await engine.execute({ actor: 'ida@example.com', where: CONSOLE, command: { type: 'case.update', case: 'C-1', change } })).toMatchObject({ ok: true });
    }
    const commands: [string, Command][] = [
      ['bob@example.com', { type: 'case.update', case: 'C-1', change: { type: 'remove_member', person: 'bob@example.com' } }],
      ['sue@example.com', { type: 'case.update', case: 'C-1', change: { type: 'remove_watcher', person: 'sue@example.com' } }],
      ['bob@example.com', { type: 'case.update', case: 'C-1', change: { type: 'mute' } }],
      ['ida@example.com', { type: 'case.task', case: 'C-1', change: { type: 'add', title: 'Order a desk' } }],
      ['ida@example.com', { type: 'case.start_request', case: 'C-1', flow: 'anything', form: { what: 'Desk' } }],
    ];
    for (const [actor, command] of commands) {
      expect(await engine.execute({ actor, where: DM, command }), `${actor} ${JSON.stringify(command)}`).toMatchObject({ ok: false, code: 'permission.wrong_place' });
      expect(await engine.execute({ actor, where: HR_CHANNEL, command }), `${actor} ${JSON.stringify(command)}`).toMatchObject({ ok: true });
    }
  });
});
