// Which card lives at a platform reference (a Slack thread's root {channel, ts}): the reverse
// lookup of card_refs, on SQLite and PostgreSQL, with the index migration 003 adds.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cardAtOf } from '../../src/store/card-ref-lookup.ts';
import { saveCardRef } from '../../src/store/card-refs.ts';
import { sqlOf, storeTargets, type OpenedStore } from '../support/databases.ts';

describe.each(storeTargets())('card references on $name', (target) => {
  let opened: OpenedStore;
  beforeAll(async () => {
    opened = await target.open();
    const db = sqlOf(opened.store);
    const at = '2026-03-02T09:00:00.000Z';
    await saveCardRef(db, 'case:C-1', 'channel:#it-incidents', 'slack', { channel: 'C0ITINCDNT', ts: '1700000000.000100' }, 1, at);
    await saveCardRef(db, 'request:R-1', 'person:ann@example.com', 'slack', { channel: 'DU0ANN', ts: '1700000000.000200' }, 1, at);
    await saveCardRef(db, 'case:C-2', 'channel:#it-incidents', 'teams', { channel: 'C0ITINCDNT', ts: '1700000000.000300' }, 1, at);
  });
  afterAll(async () => {
    await opened?.cleanup();
  });

  it('finds the card at a reference, on that platform only, and filters by kind', async () => {
    const cardAt = cardAtOf(opened.store);
    expect(await cardAt('slack', { channel: 'C0ITINCDNT', ts: '1700000000.000100' })).toBe('case:C-1');
    expect(await cardAt('slack', { channel: 'C0ITINCDNT', ts: '1700000000.000100' }, 'case:')).toBe('case:C-1');
    expect(await cardAt('slack', { channel: 'DU0ANN', ts: '1700000000.000200' }, 'case:')).toBeUndefined();
    expect(await cardAt('slack', { channel: 'C0ITINCDNT', ts: '1700000000.000300' })).toBeUndefined();
    expect(await cardAt('slack', { channel: 'C0ITINCDNT', ts: '1.0' })).toBeUndefined();
  });

  it('has the partial index on Slack references', async () => {
    const db = sqlOf(opened.store);
    const names =
      target.name === 'sqlite'
        ? ((await db.raw(`SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'card_refs'`)) as { name: string }[]).map((r) => r.name)
        : ((await db.raw(`SELECT indexname AS name FROM pg_indexes WHERE tablename = 'card_refs' AND schemaname = current_schema()`)) as { rows: { name: string }[] }).rows.map((r) => r.name);
    expect(names).toContain('card_refs_slack_ref_idx');
  });
});
