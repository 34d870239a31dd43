// The hot queries keep their plan whatever the planner knows: on a database with 100k rows in
// each big table and NO statistics (SQLite before any ANALYZE; PostgreSQL before autovacuum
// looked), each one reads through the index meant for it instead of scanning a status index
// or the table. Checked on the SQL the store really sends (captured from Knex), with EXPLAIN
// QUERY PLAN on SQLite and EXPLAIN on PostgreSQL. Issue 14: without statistics the decision's
// timer cancel and "waiting on me" scanned every open timer or request.
import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/ports/store.ts';
import { outboxStoreOf, timerStoreOf } from '../../src/store/ports.ts';
import { sqlOf, storeTargets, type OpenedStore } from '../support/databases.ts';

const ROWS = 100_000;

type Captured = { sql: string; bindings: unknown[] };

/** runs `work` and returns the statements it sent */
async function capture(db: Knex, work: () => Promise<unknown>): Promise<Captured[]> {
  const seen: Captured[] = [];
  const listener = (q: { sql: string; bindings?: unknown[] }) => void seen.push({ sql: q.sql, bindings: q.bindings ?? [] });
  db.on('query', listener);
  try {
    // the rows made up below need not parse as deliveries: only the SQL sent matters here
    await work().catch(() => undefined);
  } finally {
    db.off('query', listener);
  }
  return seen.filter((q) => !/^\s*(BEGIN|COMMIT|ROLLBACK|SAVEPOINT|RELEASE)/i.test(q.sql));
}

async function fill(db: Knex, dialect: 'sqlite' | 'postgres'): Promise<void> {
  // "without statistics" must stay true while the tests run: PostgreSQL's autovacuum would
  // otherwise analyse the freshly filled tables at a moment of its choosing, and plans would flip
  if (dialect === 'postgres') {
    for (const table of ['requests', 'request_approvers', 'timers', 'outbox']) await db.raw(`ALTER TABLE ?? SET (autovacuum_enabled = false)`, [table]);
  }
  const n = dialect === 'sqlite' ? `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${ROWS})` : '';
  const from = dialect === 'sqlite' ? 'FROM n' : `FROM generate_series(1, ${ROWS}) AS n(i)`;
  const pad = (e: string) => (dialect === 'sqlite' ? `printf('%06d', ${e})` : `lpad((${e})::text, 6, '0')`);
  const at = (e: string) => `'2026-01-01T00:00:00.' || ${pad(e)} || 'Z'`;
  // one in ten requests pending, each with one pending approver among 200 people
  await db.raw(`${n} INSERT INTO requests (id, flow_id, flow_version, requester, status, title, submitted_at, updated_at, version, state)
    SELECT 'R-' || i, 'purchase', 'v1', 'u' || (i % 500) || '@example.com', CASE WHEN i % 10 = 0 THEN 'pending' ELSE 'approved' END, 't', ${at('i')}, ${at('i')}, 1, '{}' ${from}`);
  await db.raw(`${n} INSERT INTO request_approvers (request_id, email, step_id) SELECT 'R-' || i, 'a' || (i % 200) || '@example.com', 'manager' ${from} WHERE i % 10 = 0`);
  // timers: one in ten pending, the rest fired or cancelled, a few per subject
  await db.raw(`${n} INSERT INTO timers (id, subject, kind, due_at, payload, status, attempts, created_at)
    SELECT 'request:R-' || (i / 3) || ':t' || i, 'request:R-' || (i / 3), 'request.remind', ${at('i')}, '{}', CASE WHEN i % 10 = 0 THEN 'pending' WHEN i % 2 = 0 THEN 'fired' ELSE 'cancelled' END, 0, ${at('i')} ${from}`);
  // the outbox: one in a hundred pending
  await db.raw(`${n} INSERT INTO outbox (created_at, due_at, type, target, card_key, payload, status, attempts, platform, target_key)
    SELECT ${at('i')}, ${at('i')}, 'card', '{}', 'request:R-' || (i / 9), '{}', CASE WHEN i % 100 = 0 THEN 'pending' ELSE 'done' END, 0, 'slack', 'person:u' || (i % 9) ${from}`);
  // and no statistics at all: migrations ANALYZE an empty database; forget even that
  if (dialect === 'sqlite') {
    const stat = await db.raw(`SELECT name FROM sqlite_master WHERE name = 'sqlite_stat1'`);
    if ((stat as unknown[]).length > 0) await db.raw('DELETE FROM sqlite_stat1');
    await db.raw('ANALYZE sqlite_schema'); // makes the planner reload the (now empty) statistics
  }
}

async function planOf(db: Knex, dialect: 'sqlite' | 'postgres', q: Captured): Promise<string> {
  const sql = q.sql.replace(/\$\d+/g, '?');
  if (dialect === 'sqlite') {
    const rows = (await db.raw(`EXPLAIN QUERY PLAN ${sql}`, q.bindings as Knex.RawBinding[])) as { detail: string }[];
    return rows.map((r) => r.detail).join('\n');
  }
  const result = (await db.raw(`EXPLAIN ${sql}`, q.bindings as Knex.RawBinding[])) as { rows: { 'QUERY PLAN': string }[] };
  return result.rows.map((r) => r['QUERY PLAN']).join('\n');
}

describe.each(storeTargets())('hot query plans without statistics on $name', (target) => {
  let opened: OpenedStore;
  let store: Store;
  let db: Knex;
  const dialect = target.name;

  beforeAll(async () => {
    opened = await target.open();
    store = opened.store;
    db = sqlOf(store);
    await fill(db, dialect);
  }, 120_000);
  afterAll(async () => opened?.cleanup());

  const plans = async (work: () => Promise<unknown>, table: string) => {
    const statements = (await capture(db, work)).filter((q) => new RegExp(`\\b(from|update|into)\\s+["\`]?${table}["\`]?`, 'i').test(q.sql));
    expect(statements.length).toBeGreaterThan(0);
    return Promise.all(statements.map(async (q) => ({ sql: q.sql, plan: await planOf(db, dialect, q) })));
  };

  /** the table is read through `index` (an index search, not a scan of the table or of the index) */
  const expectIndex = (plan: string, table: string, index: string) => {
    if (dialect === 'sqlite') {
      expect(plan).toMatch(new RegExp(`SEARCH ${table}( AS \\w+)? USING (COVERING )?INDEX ${index}\\b`));
      expect(plan).not.toMatch(new RegExp(`SCAN ${table}\\b`));
    } else {
      expect(plan).toMatch(new RegExp(`(Index Scan|Index Only Scan|Bitmap Index Scan) (using|on) ${index}\\b`));
      expect(plan).not.toMatch(new RegExp(`Seq Scan on ${table}\\b`));
    }
  };

  it('"waiting on me" starts from the person’s approvals, not from every pending request', async () => {
    const [q] = await plans(() => store.waitingOn(['a7@example.com', 'a8@example.com'], 50), 'requests');
    expectIndex(q!.plan, 'request_approvers', 'request_approvers_email_idx');
    // each request by its key; the status index would visit every pending request
    expect(q!.plan).not.toContain('requests_status_idx');
    if (dialect === 'sqlite') expect(q!.plan).toMatch(/SEARCH requests USING INDEX sqlite_autoindex_requests_1 \(id=\?\)/);
  });

  it('the due-timer claim reads only pending timers in due order', async () => {
    const timers = timerStoreOf(store);
    const [select] = await plans(() => timers.claimDue(new Date('2026-01-01T00:00:00.500Z'), { owner: 'test', leaseMs: 60_000, limit: 20 }), 'timers');
    expectIndex(select!.plan, 'timers', dialect === 'sqlite' ? 'timers_status_due_id_idx' : 'timers_status_due(_id)?_idx');
    // the index gives the due order: no sort of every due timer
    if (dialect === 'sqlite') expect(select!.plan).not.toContain('TEMP B-TREE');
  });

  // The lease UPDATE says `WHERE id IN (…20 ids) AND status = ?` (src/store/timers.ts): without
  // statistics SQLite bet on the status index and visited every pending timer. The index
  // timers(status, id) makes each id one seek.
  it('the due-timer lease update finds its timers by key', async () => {
    const timers = timerStoreOf(store);
    const [, update] = await plans(() => timers.claimDue(new Date('2026-01-01T00:00:01.500Z'), { owner: 'test', leaseMs: 60_000, limit: 20 }), 'timers');
    expectIndex(update!.plan, 'timers', dialect === 'sqlite' ? '(timers_status_id_idx|sqlite_autoindex_timers_1)' : '(timers_status_id_idx|timers_pkey)');
    if (dialect === 'sqlite') expect(update!.plan).toMatch(/\bid=\?/);
  });

  it('a decision’s timer cancel reads only its subject’s timers and cancels them by key', async () => {
    const timers = timerStoreOf(store);
    // a subject with several pending timers, so the cancel names several ids
    const subject = 'request:R-hot';
    await db('timers').insert([1, 2, 3, 4, 5].map((k) => ({ id: `${subject}:t${k}`, subject, kind: 'request.remind', due_at: `2026-02-0${k}T00:00:00.000Z`, payload: '{}', status: 'pending', attempts: 0, created_at: '2026-01-01T00:00:00.000Z' })));
    const [select, update] = await plans(() => store.transaction(async (tx) => timers.within(tx).sync(subject, [], '2026-01-02T00:00:00.000Z')), 'timers');
    expectIndex(select!.plan, 'timers', 'timers_subject_status_idx');
    expect(select!.plan).not.toContain('timers_status_due');
    expect(update!.sql).toMatch(/update/i);
    expectIndex(update!.plan, 'timers', dialect === 'sqlite' ? '(timers_status_id_idx|sqlite_autoindex_timers_1)' : '(timers_status_id_idx|timers_pkey)');
    if (dialect === 'sqlite') expect(update!.plan).toMatch(/\bid=\?/);
    expect(await db('timers').where({ subject, status: 'cancelled' }).count({ n: '*' })).toEqual([{ n: dialect === 'sqlite' ? 5 : '5' }]);
  });

  it('the outbox claim reads only pending rows in due order, and each row’s older copies by key', async () => {
    const outbox = outboxStoreOf(store);
    const [select] = await plans(() => outbox.claimDue(new Date('2026-01-01T00:00:00.500Z'), { owner: 'test', leaseMs: 60_000, limit: 8, platforms: ['slack'] }), 'outbox');
    expectIndex(select!.plan, 'o', 'outbox_status_due_idx');
    // the older copies of each row: looked up by key, or (PostgreSQL's choice when it guesses
    // few pending rows) hashed from the pending rows, again through the status index; never by
    // reading the whole outbox
    if (dialect === 'sqlite') expect(select!.plan).toContain('outbox_card_copy_idx');
    else expect(select!.plan).toMatch(/outbox_card_copy_idx|Index Scan using outbox_status_due_idx on outbox p\b/);
    expect(select!.plan).not.toMatch(/Seq Scan on outbox\b/);
  });
});
