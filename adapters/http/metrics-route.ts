// GET /metrics: the registry in the Prometheus text exposition format.
import type { Metrics } from '../../src/metrics.ts';
import type { Handler } from './server.ts';

export function metricsHandler(metrics: Metrics): Handler {
  return (ctx) => ctx.send(200, metrics.render(), { 'Content-Type': 'text/plain; version=0.0.4; charset=utf-8', 'Cache-Control': 'no-store' });
}
