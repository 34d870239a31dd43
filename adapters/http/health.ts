// GET /healthz: is this replica fit to serve? The database answers a ping and commits a write
// (a heartbeat row: a full disk or a read-only database fails here, not at the next click), and
// the flows are loaded. The outbox's oldest due row and the most overdue timer are reported so a
// stuck dispatcher or timer runner shows before anyone complains. Load balancers and
// orchestrators read the status code; people read the JSON.
import type { Backlog, HealthProbe } from '../../src/ports/health.ts';
import type { Handler } from './server.ts';

export interface HealthDeps {
  /** only what the check needs from the store */
  store: { ping(): Promise<void> };
  /** the write check and the backlog; without it only the ping is checked */
  probe?: HealthProbe;
  /** this replica's name for its heartbeat row */
  replica?: string;
  now?: () => Date;
  flows: { requestFlows(): readonly unknown[]; caseFlows(): readonly unknown[] };
  platforms: { slack: boolean; teams: boolean };
  version: string;
  /** a hung database must not hang the probe */
  timeoutMs?: number;
}

export function healthHandler(deps: HealthDeps): Handler {
  return async (ctx) => {
    const timeoutMs = deps.timeoutMs ?? 2_000;
    const now = deps.now?.() ?? new Date();
    let database: 'ok' | 'error' = 'ok';
    try {
      await withTimeout(deps.store.ping(), timeoutMs);
    } catch (err) {
      // The reason goes to the log only: it can name hosts and users.
      ctx.log.warn('health check: database ping failed', { err });
      database = 'error';
    }
    let write: 'ok' | 'error' | undefined;
    let backlog: Backlog | undefined;
    if (deps.probe && database === 'ok') {
      try {
        await withTimeout(deps.probe.write(deps.replica ?? 'replica', now), timeoutMs);
        write = 'ok';
      } catch (err) {
        ctx.log.warn('health check: the database refused a write', { err });
        write = 'error';
      }
      try {
        backlog = await withTimeout(deps.probe.backlog(now), timeoutMs);
      } catch (err) {
        ctx.log.warn('health check: could not read the outbox and timer backlog', { err });
      }
    }
    const ok = database === 'ok' && write !== 'error';
    ctx.json(ok ? 200 : 503, {
      status: ok ? 'ok' : 'error',
      database,
      ...(write ? { databaseWrite: write } : {}),
      ...(backlog ? { outbox: backlog.outbox, timers: backlog.timers } : {}),
      flows: { request: deps.flows.requestFlows().length, case: deps.flows.caseFlows().length },
      version: deps.version,
      platforms: deps.platforms,
    });
  };
}

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
