import { describe, expect, it } from 'vitest';
import { Metrics } from '../src/metrics.ts';

describe('Metrics', () => {
  it('renders counters per label set with HELP and TYPE', async () => {
    const m = new Metrics();
    const c = m.counter('jobs_total', 'Jobs done', ['kind']);
    c.inc({ kind: 'a' });
    c.inc({ kind: 'a' });
    c.inc({ kind: 'b' }, 5);
    expect(await m.render()).toBe('# HELP jobs_total Jobs done\n# TYPE jobs_total counter\njobs_total{kind="a"} 2\njobs_total{kind="b"} 5\n');
  });

  it('keys series by label values, not by label order', async () => {
    const c = new Metrics().counter('x_total', 'x', ['a', 'b']);
    c.inc({ a: '1', b: '2' });
    c.inc({ b: '2', a: '1' });
    expect(await c.value({ a: '1', b: '2' })).toBe(2);
  });

  it('renders histograms with cumulative buckets, +Inf, sum and count', async () => {
    const m = new Metrics();
    const h = m.histogram('d_seconds', 'Duration', [0.1, 1], ['route']);
    h.observe(0.05, { route: '/r' });
    h.observe(0.5, { route: '/r' });
    h.observe(3, { route: '/r' });
    expect((await m.render()).split('\n')).toEqual([
      '# HELP d_seconds Duration',
      '# TYPE d_seconds histogram',
      'd_seconds_bucket{le="0.1",route="/r"} 1',
      'd_seconds_bucket{le="1",route="/r"} 2',
      'd_seconds_bucket{le="+Inf",route="/r"} 3',
      'd_seconds_sum{route="/r"} 3.55',
      'd_seconds_count{route="/r"} 3',
      '',
    ]);
  });

  it('reads gauges at scrape time, after the scrape hooks', async () => {
    const m = new Metrics();
    let v = 1;
    m.gauge('g', 'a gauge', () => v);
    const series = m.gaugeSeries('depth', 'a depth', ['queue']);
    m.onScrape(async () => series.set(v * 2, { queue: 'outbox' }));
    v = 7;
    const text = await m.render();
    expect(text).toContain('\ng 7\n');
    expect(text).toContain('depth{queue="outbox"} 14');
  });

  it('escapes label values', async () => {
    const m = new Metrics();
    m.counter('e_total', 'e', ['path']).inc({ path: 'a"b\\c\nd' });
    expect(await m.render()).toContain('e_total{path="a\\"b\\\\c\\nd"} 1');
  });

  it('adds the process metrics on request', async () => {
    const text = await new Metrics().collectDefaults().render();
    expect(text).toContain('# TYPE process_resident_memory_bytes gauge');
    expect(text).toContain('nodejs_eventloop_lag_seconds');
    expect(text).toContain('nodejs_heap_size_used_bytes');
  });

  it('refuses a bad or duplicate name', () => {
    const m = new Metrics();
    m.counter('ok_total', 'x');
    expect(() => m.counter('ok_total', 'x')).toThrow('registered twice');
    expect(() => m.counter('bad-name', 'x')).toThrow('invalid metric name');
  });
});
