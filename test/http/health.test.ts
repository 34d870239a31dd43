import { afterEach, describe, expect, it } from 'vitest';
import { healthHandler, type HealthDeps } from '../../adapters/http/health.ts';
import { listening } from './helpers.ts';

let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

// Only what the health check needs: a ping and two flow lists.
const flows = { requestFlows: () => ['purchase', 'access', 'time-off'], caseFlows: () => ['incident'] };
const platforms = { slack: true, teams: false };

async function health(store: HealthDeps['store'], timeoutMs?: number) {
  const s = await listening((server) => server.route('GET', '/healthz', healthHandler({ store, flows, platforms, version: '9.9.9', timeoutMs })));
  close = s.close;
  const res = await fetch(`${s.url}/healthz`);
  return { status: res.status, body: await res.text(), entries: s.entries };
}

describe('GET /healthz', () => {
  it('answers 200 with the database, the flow counts, the version and the platforms', async () => {
    const { status, body } = await health({ ping: async () => {} });
    expect(status).toBe(200);
    expect(JSON.parse(body)).toEqual({ status: 'ok', database: 'ok', flows: { request: 3, case: 1 }, version: '9.9.9', platforms: { slack: true, teams: false } });
  });

  it('answers 503 with database error when the ping fails, and keeps the reason in the log', async () => {
    const { status, body, entries } = await health({ ping: async () => Promise.reject(new Error('connect ECONNREFUSED 10.0.0.5:5432 user=docket')) });
    expect(status).toBe(503);
    expect(JSON.parse(body)).toMatchObject({ status: 'error', database: 'error', flows: { request: 3, case: 1 } });
    expect(body).not.toContain('ECONNREFUSED');
    expect(entries().find((e) => e.msg === 'health check: database ping failed')).toMatchObject({ level: 'warn', err: { message: 'connect ECONNREFUSED 10.0.0.5:5432 user=docket' } });
  });

  it('answers 503 when the ping never returns', async () => {
    const { status, body } = await health({ ping: () => new Promise<void>(() => {}) }, 20);
    expect(status).toBe(503);
    expect(JSON.parse(body)).toMatchObject({ database: 'error' });
  });
});
