import { describe, expect, it } from 'vitest';
import { Metrics } from '../src/metrics.ts';

describe('Metrics', () => {
  it('renders counters per label set with HELP and TYPE', () => {
    const m = new Metrics();
    const c = m.counter('jobs_total', 'Jobs done');
    c.inc({ kind: 'a' });
    c.inc({ kind: 'a' });
    c.inc({ kind: 'b' }, 5);
    expect(m.render()).toBe('# HELP jobs_total Jobs done\n# TYPE jobs_total counter\njobs_total{kind="a"} 2\njobs_total{kind="b"} 5\n');
  });

  it('keys series by label values, not by label order', () => {
    const c = new Metrics().counter('x_total', 'x');
    c.inc({ a: '1', b: '2' });
    c.inc({ b: '2', a: '1' });
    expect(c.get({ a: '1', b: '2' })).toBe(2);
  });

  it('renders histograms with cumulative buckets, +Inf, sum and count', () => {
    const m = new Metrics();
    const h = m.histogram('d_seconds', 'Duration', [0.1, 1]);
    h.observe(0.05, { route: '/r' });
    h.observe(0.5, { route: '/r' });
    h.observe(3, { route: '/r' });
    expect(m.render().split('\n')).toEqual([
      '# HELP d_seconds Duration',
      '# TYPE d_seconds histogram',
      'd_seconds_bucket{route="/r",le="0.1"} 1',
      'd_seconds_bucket{route="/r",le="1"} 2',
      'd_seconds_bucket{route="/r",le="+Inf"} 3',
      'd_seconds_sum{route="/r"} 3.55',
      'd_seconds_count{route="/r"} 3',
      '',
    ]);
  });

  it('reads gauges at render time', () => {
    const m = new Metrics();
    let v = 1;
    m.gauge('g', 'a gauge', () => v);
    v = 7;
    expect(m.render()).toContain('\ng 7\n');
  });

  it('escapes label values', () => {
    const m = new Metrics();
    m.counter('e_total', 'e').inc({ path: 'a"b\\c\nd' });
    expect(m.render()).toContain('e_total{path="a\\"b\\\\c\\nd"} 1');
  });

  it('refuses a bad or duplicate name', () => {
    const m = new Metrics();
    m.counter('ok_total', 'x');
    expect(() => m.counter('ok_total', 'x')).toThrow('registered twice');
    expect(() => m.counter('bad-name', 'x')).toThrow('invalid metric name');
  });
});
