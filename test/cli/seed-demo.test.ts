// npm run seed:demo: a realistic history driven through the real engine on a manual clock.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../src/cli/demo/simulate.ts';
import { runSeedDemo } from '../../src/cli/seed-demo.ts';
import { loadFlows } from '../../src/flows/load.ts';
import { reportsOf } from '../../src/store/reports.ts';
import { sqlOf, storeTargets, type OpenedStore } from '../support/databases.ts';

describe('seed:demo', () => {
  let opened: OpenedStore;
  beforeAll(async () => {
    opened = await storeTargets()[0]!.open();
  });
  afterAll(async () => opened?.cleanup());

  it('writes weeks of genuine history: decisions, rejections, cases, breaches, and a valid audit chain', async () => {
    const loaded = await loadFlows('flows');
    if (!loaded.ok) throw new Error('the example flows must load');
    const end = new Date('2026-11-27T18:00:00.000Z');
    const report = await seedDemo({ store: opened.store, flows: loaded.registry, directory: loaded.directory, end, days: 21, requestsPerDay: 7, casesPerDay: 2, seed: 7 });
    expect(report.requests).toBeGreaterThan(80);
    expect(report.cases).toBeGreaterThan(20);
    expect(report.timersFired).toBeGreaterThan(0);
    const db = sqlOf(opened.store);
    const statuses = Object.fromEntries(((await db('requests').select('status').count({ n: '*' }).groupBy('status')) as { status: string; n: number }[]).map((r) => [r.status, Number(r.n)]));
    expect(statuses.approved).toBeGreaterThan(statuses.rejected!);
    expect(statuses.rejected).toBeGreaterThan(0);
    expect(statuses.pending).toBeGreaterThan(0);
    const types = new Set(((await db('audit_log').distinct('type')) as { type: string }[]).map((r) => r.type));
    for (const type of ['request.approved_by', 'request.rejected_by', 'request.sent_back', 'request.reminded', 'request.sla_breached', 'case.opened', 'case.resolved', 'case.sla_breached']) expect(types, type).toContain(type);
    // nothing happens after the end, and nothing before the start
    const span = (await db('audit_log').min({ first: 'at' }).max({ last: 'at' }).first()) as { first: string; last: string };
    expect(span.last <= end.toISOString()).toBe(true);
    expect(span.first >= new Date(end.getTime() - 22 * 86_400_000).toISOString()).toBe(true);
    expect(await opened.store.verifyAudit()).toMatchObject({ ok: true, rows: expect.any(Number) });
    // the reports have something to show
    const summary = await reportsOf(opened.store).requestSummary({ from: '2026-10-01T00:00:00.000Z', to: end.toISOString() });
    expect(summary.map((r) => r.flowId).sort()).toEqual(['access', 'purchase', 'time-off']);
    expect(summary.every((r) => r.cycle.n > 0 && r.cycle.p50! > 0)).toBe(true);
  });
});

describe('the seed:demo command', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'docket-seed-'));
  });
  afterAll(async () => rm(dir, { recursive: true, force: true }));

  it('fills an empty database, then refuses to add a second history to it', async () => {
    const env = { DATABASE_URL: `sqlite:${path.join(dir, 'demo.db')}`, FLOWS_DIR: 'flows' };
    const out: string[] = [];
    const err: string[] = [];
    expect(await runSeedDemo(['--days', '7', '--requests', '12', '--cases', '4'], env, (l) => out.push(l), (l) => err.push(l))).toBe(0);
    expect(out.at(-1)).toMatch(/^seed:demo: done in [\d.]+ s \(engine commands [\d.]+ s, timers [\d.]+ s\); audit chain verified \(\d+ rows\)$/);
    expect(await runSeedDemo([], env, (l) => out.push(l), (l) => err.push(l))).toBe(1);
    expect(err[0]).toContain('already has requests or cases; the demo history goes into an empty database.');
    expect(await runSeedDemo(['--days', 'many'], env, () => {}, (l) => err.push(l))).toBe(2);
    expect(err.at(-1)).toBe('seed:demo: --days (7–3650), --requests, --cases and --seed take whole numbers');
  });
});
