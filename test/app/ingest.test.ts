// case.ingest on every database: an alert group opens one case however its notifications race,
// a repeat notes it, the end resolves it, and a new firing after that opens a new case.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../src/app/execute.ts';
import type { Command } from '../../src/app/commands.ts';
import { SqlInboundKeys } from '../../src/store/inbound-keys.ts';
import { storeTargets, type OpenedStore } from '../support/databases.ts';
import { engineOn } from '../support/engine-on-store.ts';

const ingest = (over: Partial<Extract<Command, { type: 'case.ingest' }>> = {}): Command => ({
  type: 'case.ingest', flow: 'incident', hook: 'mon', key: 'group-1', title: 'Disk full on db-1', fields: { service: 'db' }, resolved: false, resolve: true, ...over,
});

describe.each(storeTargets())('case.ingest on $name', (target) => {
  let opened: OpenedStore;
  let engine: Engine;
  beforeAll(async () => {
    opened = await target.open();
    const t = await engineOn(opened.store);
    engine = new Engine({ ...t.engine.deps, inbound: new SqlInboundKeys(), sleep: async () => {} });
  });
  afterAll(async () => {
    await opened?.cleanup();
  });

  it('opens one case when two notifications of a group arrive at once', async () => {
    const outcomes = await Promise.all([1, 2, 3].map((n) => engine.execute({ actor: 'adam@example.com', via: 'hook:mon', command: ingest({ note: `firing ${n}` }) })));
    expect(outcomes.every((o) => o.ok)).toBe(true);
    const subjects = new Set(outcomes.map((o) => (o.ok ? o.subject : '')));
    expect(subjects.size).toBe(1);
    const [subject] = [...subjects];
    const timeline = await opened.store.timeline(subject!);
    expect(timeline.filter((e) => e.type === 'case.opened')).toHaveLength(1);
    expect(timeline.filter((e) => e.type === 'case.note_added')).toHaveLength(2);
  });

  it('resolves on the end, ignores a late end, and opens anew on the next firing', async () => {
    const end = await engine.execute({ actor: 'adam@example.com', command: ingest({ resolved: true, note: 'resolved' }) });
    expect(end.ok).toBe(true);
    const c = await opened.store.getCase(end.ok ? end.subject.replace('case:', '') : '');
    expect(c!.category).toBe('closed');
    expect(await engine.execute({ actor: 'adam@example.com', command: ingest({ resolved: true }) })).toMatchObject({ ok: false, code: 'hook.nothing_open' });
    const again = await engine.execute({ actor: 'adam@example.com', command: ingest() });
    expect(again.ok && again.subject).not.toBe(end.ok && end.subject);
  });
});
