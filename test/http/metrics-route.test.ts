import { afterEach, describe, expect, it } from 'vitest';
import { metricsHandler } from '../../adapters/http/metrics-route.ts';
import { listening } from './helpers.ts';

let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

describe('GET /metrics', () => {
  it('serves Prometheus text that counts the requests made before it', async () => {
    const s = await listening((server) => {
      server.metrics.gauge('process_uptime_seconds', 'Seconds since the process started', () => 12.5);
      server.route('GET', '/metrics', metricsHandler(server.metrics));
      server.route('GET', '/healthz', (ctx) => ctx.json(200, { status: 'ok' }));
    });
    close = s.close;
    await fetch(`${s.url}/healthz`);
    const first = await fetch(`${s.url}/metrics`);
    expect(first.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
    const text = await first.text();
    expect(text).toContain('# TYPE process_uptime_seconds gauge\nprocess_uptime_seconds 12.5\n');
    expect(text).toContain('# TYPE http_requests_total counter');
    expect(text).toContain('http_requests_total{method="GET",route="/healthz",status="200"} 1');
    expect(text).toContain('# TYPE http_request_duration_seconds histogram');
    expect(text).toContain('http_request_duration_seconds_bucket{le="+Inf",method="GET",route="/healthz"} 1');
    // the first scrape itself shows up in the second
    const second = await (await fetch(`${s.url}/metrics`)).text();
    expect(second).toContain('http_requests_total{method="GET",route="/metrics",status="200"} 1');
  });
});
