// `docket redact`: the command line of an erasure request, on the example flows, checked by
// `docket audit verify` afterwards.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditCheckpointer } from '../../src/app/audit-checkpointer.ts';
import { runAuditVerify } from '../../src/cli/audit.ts';
import { runCli } from '../../src/cli/main.ts';
import { parseRedactArgs } from '../../src/cli/redact.ts';
import { loadFlows } from '../../src/flows/load.ts';
import { webhookOutboxOf } from '../../src/store/webhook-outbox.ts';
import { sqlOf, storeTargets, type OpenedStore } from '../support/databases.ts';
import { engineOn } from '../support/engine-on-store.ts';

const FLOWS = path.resolve(import.meta.dirname, '../../flows');

function capture() {
  const lines: string[] = [];
  return { lines, out: (line: string) => void lines.push(line), err: (line: string) => void lines.push(line) };
}

describe('parseRedactArgs', () => {
  it('reads fields, the reason and the admin, and says what is missing', () => {
    expect(parseRedactArgs(['request', 'R-12', '--field', 'iban', '--field', 'bic', '--reason', 'GDPR art. 17', '--as', 'Ian@example.com'])).toEqual({ what: 'request', target: 'R-12', fields: ['iban', 'bic'], reason: 'GDPR art. 17', as: 'ian@example.com' });
    expect(parseRedactArgs(['request', 'R-12', '--field', 'iban', '--as', 'ian@example.com'])).toBe('a redaction needs --reason "…" (it goes on the record)');
    expect(parseRedactArgs(['person', 'ann@example.com', '--reason', 'x'])).toBe('say which admin of org.yaml you are: --as EMAIL');
    expect(parseRedactArgs(['everything'])).toBe('redact what? expected: redact request R-12 | redact case C-3 | redact person EMAIL');
    expect(parseRedactArgs(['request', 'R-1', '--force', 'yes'])).toBe('unknown option "--force" for redact request');
  });
});

describe.each(storeTargets())('docket redact on $name', (target) => {
  let opened: OpenedStore;
  beforeAll(async () => {
    opened = await target.open();
  });
  afterAll(async () => opened?.cleanup());

  it('redacts a time-off request\'s personal data as an admin, and audit verify still passes', async () => {
    const loaded = await loadFlows(FLOWS);
    if (!loaded.ok) throw new Error('example flows');
    // an API subscription to everything: Ann's request has webhook deliveries queued
    const everything = { id: 'sub-all', name: 'everything', url: 'https://hooks.example.com/docket', secret: 'whsec_dGVzdA==', events: ['*'], flows: null, source: 'api' as const };
    const webhooks = { outbox: webhookOutboxOf(opened.store), subscriptions: () => [everything] };
    const { engine } = await engineOn(opened.store, loaded.registry, '2026-11-30T09:00:00Z', { directory: loaded.directory, webhooks });
    const out = await engine.execute({ actor: 'ann@example.com', command: { type: 'request.submit', flow: 'time-off', form: { from: '2026-12-07', to: '2026-12-11', days: '5', type: 'sick', note: 'Knee surgery at St. Hedwig' } } });
    expect(out.ok).toBe(true);
    // someone else's sick leave: a common value, which Ann's erasure must not touch
    const sam = await engine.execute({ actor: 'sam@example.com', command: { type: 'request.submit', flow: 'time-off', form: { from: '2026-12-07', to: '2026-12-08', days: '2', type: 'sick' } } });
    expect(sam.ok).toBe(true);
    // a checkpoint has recorded the heads before the erasure
    expect(await new AuditCheckpointer({ store: opened.store, now: () => new Date('2026-11-30T10:00:00Z') }).runOnce()).toMatchObject({ id: 1 });
    const env = { DATABASE_URL: opened.url, FLOWS_DIR: FLOWS };
    const ann = capture();
    expect(await runCli(['redact', 'request', 'R-1', '--reason', 'Erasure request #12', '--as', 'ann@example.com'], { ...ann, env })).toBe(1);
    expect(ann.lines).toEqual(['redact refused: Only admins can do that: Ian Novak, Carol Chen.']);
    const ian = capture();
    expect(await runCli(['redact', 'request', 'R-1', '--reason', 'Erasure request #12', '--as', 'ian@example.com'], { ...ian, env })).toBe(0);
    expect(ian.lines[0]).toMatch(/^redacted type, note of request:R-1: \d+ audit values/);
    const r = await opened.store.getRequest('R-1');
    expect(r?.form).toMatchObject({ type: '[redacted]', note: '[redacted]', days: 5 });
    expect(r?.title).toBe('[redacted]: 2026-12-07 to 2026-12-11');
    const other = await opened.store.getRequest('R-2');
    expect(other?.form.type).toBe('sick');
    expect(other?.title).toBe('sick: 2026-12-07 to 2026-12-08');
    const samCards = (await sqlOf(opened.store)('outbox').select('payload').where({ card_key: 'request:R-2' })) as { payload: string }[];
    expect(samCards.some((row) => row.payload.includes('Sick leave'))).toBe(true);
    const annCards = (await sqlOf(opened.store)('outbox').select('payload').where({ card_key: 'request:R-1' })) as { payload: string }[];
    expect(annCards.length).toBeGreaterThan(0);
    expect(annCards.filter((row) => row.payload.includes('Sick leave') || row.payload.includes('Knee surgery'))).toEqual([]);
    const hooks = (await sqlOf(opened.store)('webhook_outbox').select('payload').where({ subject: 'request:R-1' })) as { payload: string }[];
    expect(hooks.length).toBeGreaterThan(0);
    expect(hooks.filter((row) => row.payload.includes('"sick"') || row.payload.includes('Knee surgery'))).toEqual([]);
    const verify = capture();
    expect(await runAuditVerify(opened.url, verify.out), verify.lines.join('\n')).toBe(0);
  });
});
