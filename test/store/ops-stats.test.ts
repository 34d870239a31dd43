// The gauges /metrics reads at scrape time: counts that match the rows, ages from the oldest
// row, and (on SQLite, where the plan is easy to read) every query answered from an index.
import { afterEach, describe, expect, it } from 'vitest';
import { docketMetrics } from '../../src/docket-metrics.ts';
import { silentLogger } from '../../src/log.ts';
import { Metrics } from '../../src/metrics.ts';
import { DeliveryError, type ChatPort } from '../../src/ports/chat.ts';
import { opsStatsOf, SqlOpsStats } from '../../src/store/ops-stats.ts';
import { sqlOf, storeTargets, type OpenedStore } from '../support/databases.ts';
import { engineOn } from '../support/engine-on-store.ts';

describe.each(storeTargets())('operational gauges on $name', (target) => {
  let opened: OpenedStore | undefined;
  afterEach(async () => {
    await opened?.cleanup();
    opened = undefined;
  });

  it('are all zero on an empty database', async () => {
    opened = await target.open();
    expect(await opsStatsOf(opened.store).snapshot(new Date())).toEqual({
      outboxPending: 0,
      outboxOldestPendingAt: null,
      deadLetters: 0,
      timersDue: 0,
      timersOldestDueAt: null,
      auditHeadSeq: 0,
    });
  });

  it('count pending and dead outbox rows, due timers, and the audit head after real commands', async () => {
    opened = await target.open();
    const t = await engineOn(opened.store, undefined, '2026-11-30T09:00:00Z', { platforms: ['slack'] });
    for (const item of ['Laptop', 'Desk']) {
      const out = await t.engine.execute({ actor: 'ann@example.com', command: { type: 'request.submit', flow: 'purchase', form: { item, total: '900 EUR' } } });
      expect(out.ok).toBe(true);
    }
    const knex = sqlOf(opened.store);
    const rows = (await knex('outbox').select('id', 'created_at').orderBy('id')) as Array<{ id: number; created_at: string }>;
    expect(rows.length).toBeGreaterThan(1);
    await knex('outbox').where('id', rows[0]!.id).update({ status: 'dead', dead_reason: 'channel_not_found' });
    const seq = (await knex('audit_log').max({ n: 'seq' }).first()) as { n: number | string };

    // two reminders, one due by then and one not
    const timer = (id: string, due: string) => ({ id, subject: 'request:R-1', kind: 'reminder', due_at: due, payload: '{}', status: 'pending', created_at: '2026-11-30T09:00:00.000Z' });
    await knex('timers').insert([timer('t-due', '2026-12-01T09:00:00.000Z'), timer('t-later', '2027-01-01T09:00:00.000Z')]);
    const later = new Date('2026-12-07T09:00:00Z');
    const s = await opsStatsOf(opened.store).snapshot(later);
    const pendingTimers = (await knex('timers').where('status', 'pending').select('due_at').orderBy('due_at')) as Array<{ due_at: string }>;
    expect(s).toEqual({
      outboxPending: rows.length - 1,
      outboxOldestPendingAt: rows[1]!.created_at,
      deadLetters: 1,
      timersDue: pendingTimers.filter((r) => r.due_at <= later.toISOString()).length,
      timersOldestDueAt: pendingTimers[0]?.due_at ?? null,
      auditHeadSeq: Number(seq.n),
    });
    expect(s.timersDue).toBeGreaterThan(0);
    // before anything is due
    expect((await opsStatsOf(opened.store).snapshot(new Date('2026-11-30T09:00:00Z'))).timersDue).toBe(0);
    expect(s.timersOldestDueAt).toBe('2026-12-01T09:00:00.000Z');
  });

  it('become the docket_* series, and the engine and chat ports are counted', async () => {
    opened = await target.open();
    const t = await engineOn(opened.store, undefined, '2026-11-30T09:00:00Z', { platforms: ['slack'] });
    const metrics = new Metrics();
    const docket = docketMetrics(metrics, opsStatsOf(opened.store), () => t.clock.now, silentLogger);
    docket.meterEngine(t.engine);
    await t.engine.execute({ actor: 'ann@example.com', command: { type: 'request.submit', flow: 'purchase', form: { item: 'Laptop', total: '900 EUR' } } });
    const refused = await t.engine.execute({ actor: 'ann@example.com', command: { type: 'request.approve', request: 'R-404', step: 'manager' } });
    expect(refused.ok).toBe(false);
    let calls = 0;
    const port = docket.meterChatPort({
      platform: 'slack',
      reaches: async () => true,
      postCard: async () => ({ ts: '1' }),
      updateCard: async () => {
        calls++;
        throw new DeliveryError('permanent', 'channel_not_found');
      },
      reply: async () => ({ ts: '3' }),
      postMessage: async () => ({ ts: '2' }),
    } satisfies ChatPort);
    expect(await port.postCard({ kind: 'person', email: 'ann@example.com' }, { title: 'x' } as never)).toEqual({ ts: '1' });
    await expect(port.updateCard({ ts: '1' }, {} as never)).rejects.toThrow('channel_not_found');
    expect(await port.reaches({ kind: 'person', email: 'ann@example.com' })).toBe(true);
    expect(calls).toBe(1);
    // a port keeping #private state (as the Slack one does) works through the wrapper
    class PrivatePort {
      readonly platform = 'teams' as const;
      #seen = 0;
      async reaches() {
        return ++this.#seen > 0;
      }
      async postCard() {
        return { id: String(++this.#seen) };
      }
      async updateCard() {}
      async reply() {
        return { id: 'r' };
      }
      async postMessage() {
        return { id: 'm' };
      }
    }
    const teams = docket.meterChatPort(new PrivatePort());
    expect(await teams.reaches({ kind: 'person', email: 'ann@example.com' })).toBe(true);
    expect(await teams.postCard({ kind: 'person', email: 'ann@example.com' }, {} as never)).toEqual({ id: '2' });

    const text = await metrics.render();
    expect(text).toContain('docket_commands_total{type="request.submit",outcome="accepted"} 1');
    expect(text).toMatch(/docket_commands_total\{type="request\.approve",outcome="refused"\} 1/);
    expect(text).toMatch(/docket_refusals_total\{code="[a-z_.]+"\} 1/);
    expect(text).toContain('docket_deliveries_total{platform="slack",result="ok"} 1');
    expect(text).toContain('docket_deliveries_total{platform="slack",result="permanent"} 1');
    expect(text).toContain('docket_deliveries_total{platform="teams",result="ok"} 1');
    expect(text).toMatch(/\ndocket_outbox_pending [1-9]\d*\n/);
    expect(text).toContain('\ndocket_dead_letters 0\n');
    expect(text).toMatch(/\ndocket_audit_head_seq [1-9]\d*\n/);
    expect(text).toContain('\ndocket_timer_lag_seconds 0\n');
  });

  it.runIf(target.name === 'sqlite')('answers every query from an index (SQLite query plan)', async () => {
    opened = await target.open();
    const knex = sqlOf(opened.store);
    const queries: string[] = [];
    const stats = new SqlOpsStats(knex);
    const listener = (q: { sql: string; bindings: unknown[] }) => queries.push(q.sql);
    knex.on('query', listener);
    await stats.snapshot(new Date());
    knex.off('query', listener);
    expect(queries).toHaveLength(4);
    for (const sql of queries) {
      const plan = (await knex.raw(`EXPLAIN QUERY PLAN ${sql}`, sql.split('?').slice(1).map(() => 'x'))) as Array<{ detail: string }>;
      const detail = plan.map((p) => p.detail).join('; ');
      expect(detail, sql).toMatch(/USING (COVERING )?INDEX|USING INTEGER PRIMARY KEY|SEARCH/);
      expect(detail, sql).not.toMatch(/^SCAN (outbox|timers|audit_log)$/);
    }
  });
});
