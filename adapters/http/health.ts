// GET /healthz: is this replica fit to serve? The database answers a ping and the flows are
// loaded. Load balancers and orchestrators read the status code; people read the JSON.
import type { Handler } from './server.ts';

export interface HealthDeps {
  /** only what the check needs from the store */
  store: { ping(): Promise<void> };
  flows: { requestFlows(): readonly unknown[]; caseFlows(): readonly unknown[] };
  platforms: { slack: boolean; teams: boolean };
  version: string;
  /** a hung database must not hang the probe */
  timeoutMs?: number;
}

export function healthHandler(deps: HealthDeps): Handler {
  return async (ctx) => {
    let database: 'ok' | 'error' = 'ok';
    try {
      await withTimeout(deps.store.ping(), deps.timeoutMs ?? 2_000);
    } catch (err) {
      // The reason goes to the log only: it can name hosts and users.
      ctx.log.warn('health check: database ping failed', { err });
      database = 'error';
    }
    ctx.json(database === 'ok' ? 200 : 503, {
      status: database === 'ok' ? 'ok' : 'error',
      database,
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
