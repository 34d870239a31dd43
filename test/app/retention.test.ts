// Retention and erasure on real databases, with a manual clock: an item past its flow's
// retention has its personal data redacted by the daily job; an admin redacts a field or a
// person on request. Afterwards the values are in no table (the SQLite file, WAL included, is
// searched byte for byte; on PostgreSQL every row of every table), every audit chain verifies,
// and the timeline says when and by whom.
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import type { Knex } from 'knex';
import { afterEach, describe, expect, it } from 'vitest';
import { renderTimeline } from '../../adapters/web/render/timeline.ts';
import { redactItem, redactPerson } from '../../src/app/redact.ts';
import { RetentionRunner, retentionCutoff } from '../../src/app/retention-runner.ts';
import { explain } from '../../src/core/refusals.ts';
import { outboxStoreOf, retentionStoreOf } from '../../src/store/ports.ts';
import { webhookOutboxOf } from '../../src/store/webhook-outbox.ts';
import { sqlOf, storeTargets, type OpenedStore } from '../support/databases.ts';
import { engineOn } from '../support/engine-on-store.ts';
import { govDirectory, makeGovRegistry } from '../support/governance-world.ts';

const IBAN = 'DE89370400440532013000';

/** every table's every row, as text, for a search: what "gone from every table" means */
async function everyRow(db: Knex, dialect: string): Promise<string> {
  const tables =
    dialect === 'sqlite'
      ? ((await db.raw("SELECT name FROM sqlite_master WHERE type = 'table'")) as { name: string }[]).map((t) => t.name)
      : ((await db.raw('SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema()')) as { rows: { name: string }[] }).rows.map((t) => t.name);
  const out: string[] = [];
  for (const t of tables) out.push(JSON.stringify(await db(t).select('*')));
  return out.join('\n');
}

/** the SQLite database's files as bytes (the database, its WAL and shared memory) */
async function sqliteBytes(url: string): Promise<string> {
  const file = url.replace(/^sqlite:/, '');
  const dir = path.dirname(file);
  const parts = await Promise.all((await readdir(dir)).filter((f) => f.startsWith(path.basename(file))).map((f) => readFile(path.join(dir, f))));
  return Buffer.concat(parts).toString('latin1');
}

describe.each(storeTargets())('retention and redaction on $name', (target) => {
  let opened: OpenedStore | undefined;
  afterEach(async () => {
    await opened?.cleanup();
    opened = undefined;
  });
  const setup = async () => {
    opened = await target.open();
    // the API's outbound webhooks are on: every event's payload (form values included) is queued
    const everything = { id: 'sub-all', name: 'everything', url: 'https://hooks.example.com/docket', secret: 'whsec_dGVzdA==', events: ['*'], flows: null, source: 'api' as const };
    const webhooks = { outbox: webhookOutboxOf(opened.store), subscriptions: () => [everything] };
    const t = await engineOn(opened.store, makeGovRegistry(), '2026-11-30T09:00:00Z', { directory: govDirectory, webhooks });
    const retention = retentionStoreOf(opened.store);
    const outbox = outboxStoreOf(opened.store);
    const raise = async () => {
      const out = await t.engine.execute({ actor: 'ann@example.com', command: { type: 'request.submit', flow: 'payout', form: { what: 'Refund for order 7731', iban: IBAN } } });
      if (!out.ok) throw new Error(out.code);
      const id = out.subject.replace('request:', '');
      // a second copy of Ann's card, as the dispatcher records one whose first post's outcome was unknown
      await outbox.addCardCopy(out.subject, 'person:ann@example.com', 'teams', { conversation: 'a:ann@example.com', activity: '1' }, t.clock.now.toISOString());
      t.clock.advance(60);
      expect((await t.engine.execute({ actor: 'bob@example.com', command: { type: 'request.approve', request: id } })).ok).toBe(true);
      return id;
    };
    return { ...t, retention, raise, db: sqlOf(opened.store) };
  };
  const present = async (db: Knex) => {
    // the copies the redaction has to reach exist before it
    expect(await db('webhook_outbox').count({ n: '*' })).not.toEqual([{ n: 0 }]);
    expect(JSON.stringify(await db('webhook_outbox').select('payload'))).toContain(IBAN);
    expect(JSON.stringify(await db('card_copies').select('*'))).toContain('ann@example.com');
  };
  const gone = async (db: Knex, needle: string) => {
    expect(await everyRow(db, target.name)).not.toContain(needle);
    if (target.name === 'sqlite') expect(await sqliteBytes(opened!.url)).not.toContain(needle);
  };

  it('redacts an item once its retention has run out, and only then', async () => {
    const { engine, store, clock, retention, raise, db } = await setup();
    const id = await raise();
    await present(db);
    expect(await everyRow(db, target.name)).toContain(IBAN);
    if (target.name === 'sqlite') expect(await sqliteBytes(opened!.url)).toContain(IBAN);
    const runner = new RetentionRunner({ engine, retention, now: () => clock.now });
    clock.set('2028-11-29T09:00:00Z');
    expect(await runner.runOnce()).toEqual([]);
    clock.set('2028-12-01T03:00:00Z');
    expect(await runner.runOnce()).toEqual([`request:${id}`]);
    // the daily job does each item once
    expect(await runner.runOnce()).toEqual([]);

    const r = (await store.getRequest(id))!;
    expect(r.form).toMatchObject({ iban: '[redacted]', what: 'Refund for order 7731' });
    expect(r.title).toBe('Payout to [redacted]');
    await gone(db, IBAN);
    expect(await store.verifyAudit()).toMatchObject({ ok: true });
    const rows = await store.timeline(`request:${id}`);
    expect(rows.at(-1)).toMatchObject({ type: 'audit.redacted', actor: 'clock', data: { reason: 'retention: 2 years after it closed (Payout)' } });
    const html = renderTimeline(rows, govDirectory, 'Europe/Berlin').value;
    expect(html).toContain('(personal data redacted on Fri 1 Dec 04:00 GMT+1 by Docket retention)');
  });

  it('lets an admin redact one field, with a reason, and refuses anyone else', async () => {
    const { engine, store, clock, retention, raise, db } = await setup();
    const id = await raise();
    const refused = await redactItem(engine, retention, { item: id, fields: ['what'], actor: 'ann@example.com', reason: 'GDPR art. 17' }, clock.now);
    expect(refused.ok ? 'accepted' : explain(refused.code, refused.details)).toBe('Only admins can do that: Adam Admin.');
    expect((await redactItem(engine, retention, { item: id, fields: ['what'], actor: 'adam@example.com', reason: ' ' }, clock.now)).ok).toBe(false);
    const unknown = await redactItem(engine, retention, { item: id, fields: ['bic'], actor: 'adam@example.com', reason: 'erasure' }, clock.now);
    expect(unknown.ok ? '' : explain(unknown.code, unknown.details)).toBe('There is nothing to redact: Payout has no field bic (fields: what, iban).');
    const done = await redactItem(engine, retention, { item: id.toLowerCase(), fields: ['what'], actor: 'adam@example.com', reason: 'Erasure request #4411' }, clock.now);
    expect(done.ok && done.value.fields).toEqual(['what']);
    await gone(db, 'Refund for order 7731');
    expect((await store.getRequest(id))!.form.iban).toBe(IBAN);
    expect(await store.verifyAudit()).toMatchObject({ ok: true });
    expect((await store.timeline(`request:${id}`)).at(-1)).toMatchObject({ type: 'audit.redacted', actor: 'adam@example.com', data: { reason: 'Erasure request #4411' } });
    // twice is nothing to do, said plainly
    const again = await redactItem(engine, retention, { item: id, fields: ['what'], actor: 'adam@example.com', reason: 'again' }, clock.now);
    expect(again.ok ? '' : explain(again.code, again.details)).toBe(`There is nothing to redact: ${id} holds no value in what.`);
  });

  it('erases a person: their personal data and every copy of their email and name', async () => {
    const { engine, store, clock, retention, raise, db } = await setup();
    const id = await raise();
    await present(db);
    // a script's token that acts as Ann (docket token create --person ann@example.com)
    await db('api_tokens').insert({ id: 'tok_ann', name: 'ann-script', hash: 'f'.repeat(64), scopes: '["requests:write"]', person: 'ann@example.com', created_at: '2026-11-30T09:00:00.000Z' });
    const done = await redactPerson(engine, retention, { email: 'Ann@example.com', actor: 'adam@example.com', reason: 'Erasure request #4412' }, clock.now);
    expect(done.ok && done.value.items).toEqual([`request:${id}`]);
    await gone(db, 'ann@example.com');
    await gone(db, 'Ann Smith');
    await gone(db, IBAN);
    expect(await store.verifyAudit()).toMatchObject({ ok: true });
    expect((await store.getRequest(id))!.requester).toBe('[redacted]');
    // the token no longer acts for anyone: not for "[redacted]", who may raise what everyone may
    expect(await db('api_tokens').select('person', 'revoked_at').where({ id: 'tok_ann' })).toEqual([{ person: '[redacted]', revoked_at: clock.now.toISOString() }]);
  });

  it('redacts a resolved case past its retention the same way', async () => {
    const { engine, store, clock, retention, db } = await setup();
    const where = { surface: 'console' as const, kind: 'page' as const };
    const opened = await engine.execute({ actor: 'ann@example.com', where, command: { type: 'case.open', flow: 'hr-case', title: 'Locked out', fields: { account: 'acct-ann-88213' } } });
    expect(opened.ok).toBe(true);
    // an inbound hook's dedup key, as case.ingest stores it, quoting the account
    await db('case_inbound_keys').insert({ hook: 'alerts', dedup_key: 'lockout:acct-ann-88213', case_id: 'C-1', updated_at: '2026-11-30T09:00:00.000Z' });
    expect(JSON.stringify(await db('webhook_outbox').select('payload'))).toContain('acct-ann-88213');
    expect((await engine.execute({ actor: 'ida@example.com', where, command: { type: 'case.update', case: 'C-1', change: { type: 'resolve', resolution: 'Unlocked' } } })).ok).toBe(true);
    const runner = new RetentionRunner({ engine, retention, now: () => clock.now });
    clock.set('2027-02-27T09:00:00Z');
    expect(await runner.runOnce()).toEqual([]);
    clock.set('2027-03-01T09:00:00Z');
    expect(await runner.runOnce()).toEqual(['case:C-1']);
    expect((await store.getCase('C-1'))!.fields).toEqual({ account: '[redacted]' });
    await gone(db, 'acct-ann-88213');
    expect(await store.verifyAudit()).toMatchObject({ ok: true });
  });

  it('drops the inbound dedup keys of an erased case that quote a short value, and only that case\'s; scrubs its webhooks\' errors', async () => {
    const { engine, clock, retention, db } = await setup();
    const where = { surface: 'console' as const, kind: 'page' as const };
    expect((await engine.execute({ actor: 'ann@example.com', where, command: { type: 'case.open', flow: 'hr-case', title: 'Locked out', fields: { account: 'a-77' } } })).ok).toBe(true);
    // a short value is common: another case's key that happens to quote it is someone else's record
    await db('case_inbound_keys').insert([
      { hook: 'alerts', dedup_key: 'lockout:a-77', case_id: 'C-1', updated_at: '2026-11-30T09:00:00.000Z' },
      { hook: 'other', dedup_key: 'lockout:a-77', case_id: 'C-9', updated_at: '2026-11-30T09:00:00.000Z' },
    ]);
    // a receiver that echoed the value back in its refusal, kept as the delivery's last error
    await db('webhook_outbox').where({ subject: 'case:C-1' }).update({ last_error: 'HTTP 422: unknown account a-77', dead_reason: 'gave up: account a-77' });
    const done = await redactItem(engine, retention, { item: 'C-1', actor: 'adam@example.com', reason: 'Erasure request #4413' }, clock.now);
    expect(done.ok).toBe(true);
    expect(await db('case_inbound_keys').select('hook', 'case_id')).toEqual([{ hook: 'other', case_id: 'C-9' }]);
    expect(JSON.stringify(await db('webhook_outbox').select('*').where({ subject: 'case:C-1' }))).not.toContain('a-77');
  });

  it('redacts values inside a webhook\'s event data, never its envelope (type, subject, flow)', async () => {
    const { engine, clock, retention, db } = await setup();
    // a free-text value that happens to be a word of the envelope
    const out = await engine.execute({ actor: 'ann@example.com', command: { type: 'request.submit', flow: 'payout', form: { what: 'submitted', iban: IBAN } } });
    expect(out.ok).toBe(true);
    const done = await redactItem(engine, retention, { item: 'R-1', fields: ['what'], actor: 'adam@example.com', reason: 'Erasure request #4414' }, clock.now);
    expect(done.ok).toBe(true);
    const rows = (await db('webhook_outbox').select('event_type', 'payload').where({ subject: 'request:R-1' }).orderBy('id')) as Array<{ event_type: string; payload: string }>;
    const submitted = JSON.parse(rows.find((r) => r.event_type === 'request.submitted')!.payload);
    expect(submitted.type).toBe('request.submitted');
    expect(submitted.data).toMatchObject({ subject: 'request:R-1', id: 'R-1', flow: 'payout', actor: 'ann@example.com' });
    expect(submitted.data.event.form).toEqual({ what: '[redacted]', iban: IBAN });
  });

  it('erases two people whose rows share a key once redacted (a Teams conversation and a card each), one after the other', async () => {
    const { engine, clock, retention, raise, db } = await setup();
    const id = await raise();
    // both got the request's card, and Teams keeps a conversation per person: the person is part of each row's key
    for (const email of ['ann@example.com', 'bob@example.com']) {
      await db('conversation_refs').insert({ platform: 'teams', target_key: `person:${email}`, ref: JSON.stringify({ user: email }), service_url: 'https://smba.example.com/', updated_at: clock.now.toISOString() });
      await db('card_refs').insert({ card_key: `request:${id}`, target_key: `person:${email}`, platform: 'teams', ref: JSON.stringify({ activity: email }), version: 1, updated_at: clock.now.toISOString() });
    }
    for (const email of ['ann@example.com', 'bob@example.com']) {
      const done = await redactPerson(engine, retention, { email, actor: 'adam@example.com', reason: "Erasure request #4415" }, clock.now);
      expect(done.ok, email).toBe(true);
      await gone(db, email);
    }
  });

  it('erasing a person also redacts the personal data of the cases they opened', async () => {
    const { engine, store, clock, retention, db } = await setup();
    const where = { surface: 'console' as const, kind: 'page' as const };
    expect((await engine.execute({ actor: 'ann@example.com', where, command: { type: 'case.open', flow: 'hr-case', title: 'Locked out', fields: { account: 'acct-ann-88213' } } })).ok).toBe(true);
    const done = await redactPerson(engine, retention, { email: 'ann@example.com', actor: 'adam@example.com', reason: 'Erasure request #4416' }, clock.now);
    expect(done.ok && done.value.items).toEqual(['case:C-1']);
    expect((await store.getCase('C-1'))!.fields).toEqual({ account: '[redacted]' });
    await gone(db, 'acct-ann-88213');
    await gone(db, 'ann@example.com');
    expect(await store.verifyAudit()).toMatchObject({ ok: true });
  });

  it('reads retention periods in days, months and years', () => {
    expect(retentionCutoff('2 years', new Date('2028-12-01T00:00:00Z'))).toBe('2026-12-01T00:00:00.000Z');
    expect(retentionCutoff('18 months', new Date('2028-12-01T00:00:00Z'))).toBe('2027-06-01T00:00:00.000Z');
    expect(retentionCutoff('90 days', new Date('2028-12-01T00:00:00Z'))).toBe('2028-09-02T00:00:00.000Z');
    expect(retentionCutoff('forever', new Date())).toBeUndefined();
  });
});
