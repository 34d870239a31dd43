// The report queries on both databases, against a history whose numbers are worked out by hand
// (so a wrong join, window or percentile shows), and the percentile SQL against a reference.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/app/execute.ts';
import type { Command } from '../../src/app/commands.ts';
import type { ReportStore } from '../../src/ports/reports.ts';
import { percentiles } from '../../src/store/report-sql.ts';
import { reportsOf } from '../../src/store/reports.ts';
import { rawRows } from '../../src/store/sql-util.ts';
import { sqlOf, storeTargets, type OpenedStore } from '../support/databases.ts';
import { engineOn, type TestEngine } from '../support/engine-on-store.ts';

const T0 = Date.parse('2026-11-30T09:00:00.000Z'); // a Monday
const H = 3_600_000;
const WINDOW = { from: '2026-11-30T00:00:00.000Z', to: '2026-12-14T00:00:00.000Z' };

/** percentile_cont, the definition both databases must match */
function reference(values: number[], p: number): number {
  const s = [...values].sort((a, b) => a - b);
  const h = (s.length - 1) * p;
  const lo = Math.floor(h);
  return s[lo]! + (h - lo) * (s[Math.ceil(h)]! - s[lo]!);
}

describe.each(storeTargets())('reports on $name', (target) => {
  let opened: OpenedStore;
  let t: TestEngine;
  let reports: ReportStore;
  let ids: Record<string, string>;

  const at = (hours: number) => {
    t.clock.now = new Date(T0 + hours * H);
  };
  const run = async (engine: Engine, actor: string, command: Command): Promise<string> => {
    const outcome = await engine.execute({ actor, command });
    if (!outcome.ok) throw new Error(`${actor} ${command.type}: ${outcome.code}`);
    return outcome.subject.split(':')[1]!;
  };
  const buy = (item: string, total: string): Command => ({ type: 'request.submit', flow: 'purchase', form: { item, total } });

  beforeAll(async () => {
    opened = await target.open();
    t = await engineOn(opened.store, undefined, new Date(T0).toISOString());
    reports = reportsOf(opened.store);
    const e = t.engine;
    ids = {};
    at(0);
    ids.r1 = await run(e, 'ann@example.com', buy('Mouse', '100 EUR'));
    at(1);
    ids.r2 = await run(e, 'ann@example.com', buy('Servers', '6000 EUR'));
    ids.c1 = await run(e, 'ann@example.com', { type: 'case.open', flow: 'incident', title: 'Mail down', priority: 'p1' });
    at(1.5);
    const c1Owner = (await opened.store.getCase(ids.c1))!.owner!;
    await run(e, c1Owner, { type: 'case.update', case: ids.c1, change: { type: 'set_status', status: 'investigating' } });
    at(2);
    await run(e, 'bob@example.com', { type: 'request.approve', request: ids.r1, step: 'manager' });
    ids.r3 = await run(e, 'sam@example.com', buy('Pens', '50 EUR'));
    ids.c2 = await run(e, 'ann@example.com', { type: 'case.open', flow: 'incident', title: 'Printer jam', priority: 'p3' });
    at(3);
    ids.r4 = await run(e, 'ann@example.com', buy('Desk', '200 EUR'));
    ids.r5 = await run(e, 'ann@example.com', buy('Lamp', '300 EUR'));
    await run(e, c1Owner, { type: 'case.update', case: ids.c1, change: { type: 'resolve', resolution: 'Restarted' } });
    at(4);
    await run(e, 'bob@example.com', { type: 'request.approve', request: ids.r2, step: 'manager' });
    at(5);
    await run(e, 'ann@example.com', { type: 'request.recall', request: ids.r5 });
    await run(e, c1Owner, { type: 'case.update', case: ids.c1, change: { type: 'reopen', reason: 'Down again' } });
    at(6);
    // a rejected purchase opens a dispute case by the flow's rule
    await run(e, 'cora@example.com', { type: 'request.reject', request: ids.r3, step: 'manager', reason: 'No' });
    await run(e, c1Owner, { type: 'case.update', case: ids.c1, change: { type: 'resolve', resolution: 'Replaced the disk' } });
    const c2Owner = (await opened.store.getCase(ids.c2))!.owner!;
    await run(e, c2Owner, { type: 'case.update', case: ids.c2, change: { type: 'set_status', status: 'investigating' } });
    at(10);
    await run(e, 'fiona@example.com', { type: 'request.approve', request: ids.r2, step: 'finance' });
    at(24);
    // what the clock records (issue 3's timers), appended as the timer runner would
    await opened.store.transaction(async (tx) => {
      await tx.appendEvents([
        { type: 'request.sla_breached', subject: `request:${ids.r4}`, actor: 'clock', at: new Date(T0 + 24 * H).toISOString(), data: { step: 'manager' } },
        { type: 'request.escalated', subject: `request:${ids.r4}`, actor: 'clock', at: new Date(T0 + 48 * H).toISOString(), data: { step: 'manager', to: ['cora@example.com'] } },
        { type: 'case.sla_breached', subject: `case:${ids.c2}`, actor: 'clock', at: new Date(T0 + 24 * H).toISOString(), data: { which: 'response', priority: 'p3' } },
      ]);
    });
    at(7 * 24);
    ids.r6 = await run(e, 'ann@example.com', buy('Cable', '400 EUR'));
    at(7 * 24 + 10);
    await run(e, 'bob@example.com', { type: 'request.approve', request: ids.r6, step: 'manager' });
  });
  afterAll(async () => opened?.cleanup());

  it('summarises each request type: counts, breaches, cycle time median and p90', async () => {
    const rows = await reports.requestSummary(WINDOW);
    // decided: R-1 2 h, R-2 9 h, R-3 4 h, R-6 10 h → median 6.5, p90 9 + 0.7 × 1
    expect(rows).toEqual([{ flowId: 'purchase', submitted: 6, approved: 3, rejected: 1, recalled: 1, open: 1, breached: 1, cycle: { n: 4, p50: 6.5, p90: expect.closeTo(9.7, 9) } }]);
    expect(await reports.requestSummary({ from: '2027-01-01T00:00:00.000Z', to: '2027-02-01T00:00:00.000Z' })).toEqual([]);
  });

  it('counts volume per ISO week, named by its Monday', async () => {
    expect(await reports.requestVolume('purchase', WINDOW)).toEqual([
      { week: '2026-11-30', submitted: 5, approved: 2, rejected: 1, recalled: 1, open: 1 },
      { week: '2026-12-07', submitted: 1, approved: 1, rejected: 0, recalled: 0, open: 0 },
    ]);
    expect(await reports.requestVolume('access', WINDOW)).toEqual([]);
  });

  it('gives cycle time per week of submission', async () => {
    expect(await reports.cycleTimeByWeek('purchase', WINDOW)).toEqual([
      // [2, 4, 9]: median 4, p90 at position 1.8 → 4 + 0.8 × 5
      { week: '2026-11-30', n: 3, p50: expect.closeTo(4, 9), p90: expect.closeTo(8, 9) },
      { week: '2026-12-07', n: 1, p50: expect.closeTo(10, 9), p90: expect.closeTo(10, 9) },
    ]);
  });

  it('times each step from its start to its decision, and counts who waits on it now', async () => {
    const steps = await reports.stepTimes('purchase', WINDOW);
    expect(steps.sort((a, b) => a.step.localeCompare(b.step))).toEqual([
      { step: 'finance', n: 1, p50: expect.closeTo(6, 9), p90: expect.closeTo(6, 9), waitingNow: 0 },
      // manager: R-1 2 h, R-2 3 h, R-3 4 h, R-6 10 h; R-4 still waits on Bob
      { step: 'manager', n: 4, p50: expect.closeTo(3.5, 9), p90: expect.closeTo(8.2, 9), waitingNow: 1 },
    ]);
  });

  it('ranks approvers by their median time to decide', async () => {
    const all = await reports.slowestApprovers('purchase', WINDOW, { minDecisions: 1 });
    expect(all.map((r) => [r.approver, r.n, r.approved, r.rejected, Math.round(r.p50! * 100) / 100])).toEqual([
      ['fiona@example.com', 1, 1, 0, 6],
      ['cora@example.com', 1, 0, 1, 4],
      ['bob@example.com', 3, 3, 0, 3],
    ]);
    expect((await reports.slowestApprovers(undefined, WINDOW, { minDecisions: 3 })).map((r) => r.approver)).toEqual(['bob@example.com']);
  });

  it('counts SLA breaches and escalations by the week they happened', async () => {
    expect(await reports.requestBreachesByWeek('purchase', WINDOW)).toEqual([{ week: '2026-11-30', breaches: 1, escalations: 1 }]);
    expect(await reports.requestBreachesByWeek('access', WINDOW)).toEqual([]);
  });

  it('shows open cases by type, status and priority', async () => {
    expect(await reports.openCases()).toEqual([
      { flowId: 'dispute', status: 'open', priority: 'normal', n: 1 },
      { flowId: 'incident', status: 'investigating', priority: 'p3', n: 1 },
    ]);
  });

  it('measures response and resolution per priority, with the engine’s breaches', async () => {
    const rows = await reports.caseSla(WINDOW);
    const of = (flowId: string, priority: string) => rows.find((r) => r.flowId === flowId && r.priority === priority);
    // C-1: opened at 1 h, first response 1.5 h, resolved (again) at 6 h
    expect(of('incident', 'p1')).toEqual({
      flowId: 'incident', priority: 'p1', opened: 1,
      firstResponse: { n: 1, p50: expect.closeTo(0.5, 9), p90: expect.closeTo(0.5, 9) },
      resolution: { n: 1, p50: expect.closeTo(5, 9), p90: expect.closeTo(5, 9) },
      responseBreached: 0, resolutionBreached: 0,
    });
    // C-2: opened at 2 h, its owner first acted at 6 h; the clock marked the response breached
    expect(of('incident', 'p3')).toMatchObject({ opened: 1, firstResponse: { n: 1, p50: expect.closeTo(4, 9) }, resolution: { n: 0, p50: null, p90: null }, responseBreached: 1, resolutionBreached: 0 });
    expect(of('dispute', 'normal')).toMatchObject({ opened: 1, resolution: { n: 0 } });
  });

  it('counts case breaches per week and the reopen rate', async () => {
    expect(await reports.caseBreachesByWeek(WINDOW)).toEqual([{ week: '2026-11-30', response: 1, resolution: 0 }]);
    expect(await reports.reopenRates(WINDOW)).toEqual([
      { flowId: 'dispute', resolved: 0, reopened: 0 },
      { flowId: 'incident', resolved: 1, reopened: 1 },
    ]);
  });

  it('computes medians and 90th percentiles in the database exactly as percentile_cont does', async () => {
    const db = sqlOf(opened.store);
    await db.schema.createTable('pct_check', (tb) => {
      tb.text('g');
      tb.double('v');
    });
    const values: Record<string, number[]> = { a: [], b: [], c: [] };
    let seed = 7;
    const next = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31) * 100;
    for (const [g, n] of [['a', 1], ['b', 2], ['c', 37]] as const) for (let i = 0; i < n; i++) values[g]!.push(Math.round(next() * 1000) / 1000);
    await db('pct_check').insert(Object.entries(values).flatMap(([g, vs]) => vs.map((v) => ({ g, v }))));
    await db('pct_check').insert({ g: 'c', v: null });
    const rows = rawRows<Record<string, unknown>>(await db.raw(`${percentiles(opened.store.dialect, 'SELECT g, v AS x FROM pct_check', ['g'])} ORDER BY g`));
    expect(rows.map((r) => [r.g, Number(r.n)])).toEqual([['a', 1], ['b', 2], ['c', 37]]);
    for (const r of rows) {
      expect(Number(r.p50)).toBeCloseTo(reference(values[String(r.g)]!, 0.5), 9);
      expect(Number(r.p90)).toBeCloseTo(reference(values[String(r.g)]!, 0.9), 9);
    }
    await db.schema.dropTable('pct_check');
  });
});

describe('report queries on SQLite', () => {
  it('read a period through indexes: no whole-table scans, and every inner loop is a key lookup', async () => {
    const opened = await storeTargets()[0]!.open();
    try {
      const db = sqlOf(opened.store);
      const seen: { sql: string; bindings: unknown[] }[] = [];
      db.on('query', (q: { sql: string; bindings?: unknown[] }) => seen.push({ sql: q.sql, bindings: q.bindings ?? [] }));
      const reports = reportsOf(opened.store);
      // SQLite plans without statistics, so an empty database gets the plans a big one would
      for (const w of [WINDOW, { from: '1970-01-01T00:00:00.000Z', to: WINDOW.to }]) {
        await reports.requestSummary(w);
        await reports.requestVolume('purchase', w);
        await reports.cycleTimeByWeek('purchase', w);
        await reports.stepTimes('purchase', w);
        await reports.requestBreachesByWeek('purchase', w);
        await reports.slowestApprovers('purchase', w);
        await reports.slowestApprovers(undefined, w);
        await reports.openCases();
        await reports.caseSla(w);
        await reports.caseBreachesByWeek(w);
        await reports.reopenRates(w);
      }
      db.removeAllListeners('query');
      expect(seen.length).toBeGreaterThanOrEqual(30);
      const tables = /^(SCAN|SEARCH) (requests|cases|audit_log|request_approvers|r|c|a|ra)\b/;
      for (const q of seen) {
        const plan = rawRows<{ id: number; parent: number; detail: string }>(await db.raw(`EXPLAIN QUERY PLAN ${q.sql}`, q.bindings as never[]));
        // "SCAN requests" reads every row; "SEARCH … USING INDEX (x>? AND x<?)" reads a range
        expect(plan.filter((p) => /^SCAN (requests|cases|audit_log|request_approvers|r|c|a|ra)\b/.test(p.detail)).map((p) => p.detail), q.sql).toEqual([]);
        // in a join, the tables after the first are reached once per row of the first: by key,
        // never by a range (that is a quadratic plan)
        const byParent = new Map<number, string[]>();
        for (const p of plan.filter((p) => tables.test(p.detail))) byParent.set(p.parent, [...(byParent.get(p.parent) ?? []), p.detail]);
        for (const accesses of byParent.values()) {
          for (const inner of accesses.slice(1)) expect(inner, q.sql).toMatch(/\((\w+=\?)( AND \w+=\?)*\)$/);
        }
      }
    } finally {
      await opened.cleanup();
    }
  });
});
