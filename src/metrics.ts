// The metrics registry behind GET /metrics: prom-client, one registry per server so tests do not
// share counts, with the small surface the rest of the code uses. Counters and histograms are
// updated as things happen; gauges are read when Prometheus scrapes, and `onScrape` hooks run
// first so several gauges can share one database read per scrape.
import { collectDefaultMetrics, Counter as PromCounter, Gauge as PromGauge, Histogram as PromHistogram, Registry } from 'prom-client';

export type Labels = Record<string, string>;

export interface Counter {
  inc(labels?: Labels, by?: number): void;
  /** the current value of one series (for tests and summaries) */
  value(labels?: Labels): Promise<number>;
}
export interface Histogram {
  observe(value: number, labels?: Labels): void;
}
export interface GaugeSeries {
  set(value: number, labels?: Labels): void;
}

/** seconds; spans a quick health check to a slow platform call */
export const DEFAULT_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export class Metrics {
  readonly registry = new Registry();
  readonly contentType: string = this.registry.contentType;
  private readonly hooks: Array<() => Promise<void>> = [];

  /** Node's own process metrics: CPU, memory, heap, GC, event-loop lag, handles */
  collectDefaults(): this {
    collectDefaultMetrics({ register: this.registry });
    return this;
  }

  counter(name: string, help: string, labelNames: readonly string[] = []): Counter {
    const c = new PromCounter({ name, help, labelNames, registers: [this.check(name)] });
    return {
      inc: (labels = {}, by = 1) => c.inc(labels, by),
      value: async (labels = {}) => {
        const want = JSON.stringify(Object.entries(labels).sort());
        const found = (await c.get()).values.find((v) => JSON.stringify(Object.entries(v.labels).sort()) === want);
        return found?.value ?? 0;
      },
    };
  }

  /** a value read when scraped, such as uptime */
  gauge(name: string, help: string, read: () => number): void {
    new PromGauge({
      name,
      help,
      registers: [this.check(name)],
      collect() {
        this.set(read());
      },
    });
  }

  /** a gauge whose series are set by an onScrape hook (or as things happen) */
  gaugeSeries(name: string, help: string, labelNames: readonly string[] = []): GaugeSeries {
    const g = new PromGauge({ name, help, labelNames, registers: [this.check(name)] });
    return { set: (value, labels = {}) => g.set(labels, value) };
  }

  histogram(name: string, help: string, buckets: number[] = DEFAULT_BUCKETS, labelNames: readonly string[] = []): Histogram {
    const h = new PromHistogram({ name, help, buckets, labelNames, registers: [this.check(name)] });
    return { observe: (value, labels = {}) => h.observe(labels, value) };
  }

  /** runs before every scrape; a failing hook is the caller's to report (it should not throw) */
  onScrape(hook: () => Promise<void>): void {
    this.hooks.push(hook);
  }

  async render(): Promise<string> {
    await Promise.all(this.hooks.map((h) => h()));
    return this.registry.metrics();
  }

  private check(name: string): Registry {
    if (!/^[a-zA-Z_:][a-zA-Z0-9_:]*$/.test(name)) throw new Error(`invalid metric name ${name}`);
    if (this.registry.getSingleMetric(name)) throw new Error(`metric ${name} registered twice`);
    return this.registry;
  }
}
