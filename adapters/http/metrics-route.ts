// GET /metrics: the registry in the Prometheus text exposition format.
import type { Metrics } from '../../src/metrics.ts';
import type { Handler } from './server.ts';

export function metricsHandler(metrics: Metrics): Handler {
  return async (ctx) => ctx.send(200, await metrics.render(), { 'Content-Type': metrics.contentType, 'Cache-Control': 'no-store' });
}
