// A small metrics registry that renders the Prometheus text exposition format (version 0.0.4):
// counters, gauges read at scrape time, and histograms with cumulative buckets. No dependency;
// one registry per server, so tests do not share counts.
export type Labels = Record<string, string>;

interface Counter {
  inc(labels?: Labels, by?: number): void;
  get(labels?: Labels): number;
}
interface Histogram {
  observe(value: number, labels?: Labels): void;
}

type Family =
  | { kind: 'counter'; name: string; help: string; series: Map<string, { labels: Labels; value: number }> }
  | { kind: 'gauge'; name: string; help: string; read: () => number }
  | {
      kind: 'histogram';
      name: string;
      help: string;
      buckets: number[];
      series: Map<string, { labels: Labels; counts: number[]; sum: number; count: number }>;
    };

/** seconds; spans a quick health check to a slow platform call */
export const DEFAULT_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export class Metrics {
  private readonly families = new Map<string, Family>();

  counter(name: string, help: string): Counter {
    const family: Family = { kind: 'counter', name, help, series: new Map() };
    this.add(family);
    return {
      inc: (labels = {}, by = 1) => {
        const key = keyOf(labels);
        const s = family.series.get(key) ?? { labels, value: 0 };
        s.value += by;
        family.series.set(key, s);
      },
      get: (labels = {}) => family.series.get(keyOf(labels))?.value ?? 0,
    };
  }

  /** a value read when scraped, such as uptime */
  gauge(name: string, help: string, read: () => number): void {
    this.add({ kind: 'gauge', name, help, read });
  }

  histogram(name: string, help: string, buckets: number[] = DEFAULT_BUCKETS): Histogram {
    const sorted = [...buckets].sort((a, b) => a - b);
    const family: Family = { kind: 'histogram', name, help, buckets: sorted, series: new Map() };
    this.add(family);
    return {
      observe: (value, labels = {}) => {
        const key = keyOf(labels);
        const s = family.series.get(key) ?? { labels, counts: sorted.map(() => 0), sum: 0, count: 0 };
        sorted.forEach((le, i) => {
          if (value <= le) s.counts[i]! += 1;
        });
        s.sum += value;
        s.count += 1;
        family.series.set(key, s);
      },
    };
  }

  render(): string {
    const lines: string[] = [];
    for (const f of this.families.values()) {
      lines.push(`# HELP ${f.name} ${f.help.replace(/\\/g, '\\\\').replace(/\n/g, '\\n')}`);
      lines.push(`# TYPE ${f.name} ${f.kind}`);
      if (f.kind === 'gauge') lines.push(`${f.name} ${num(f.read())}`);
      if (f.kind === 'counter') for (const s of f.series.values()) lines.push(`${f.name}${fmt(s.labels)} ${num(s.value)}`);
      if (f.kind === 'histogram') {
        for (const s of f.series.values()) {
          f.buckets.forEach((le, i) => lines.push(`${f.name}_bucket${fmt({ ...s.labels, le: num(le) })} ${s.counts[i]}`));
          lines.push(`${f.name}_bucket${fmt({ ...s.labels, le: '+Inf' })} ${s.count}`);
          lines.push(`${f.name}_sum${fmt(s.labels)} ${num(s.sum)}`);
          lines.push(`${f.name}_count${fmt(s.labels)} ${s.count}`);
        }
      }
    }
    return lines.join('\n') + '\n';
  }

  private add(family: Family): void {
    if (!/^[a-zA-Z_:][a-zA-Z0-9_:]*$/.test(family.name)) throw new Error(`invalid metric name ${family.name}`);
    if (this.families.has(family.name)) throw new Error(`metric ${family.name} registered twice`);
    this.families.set(family.name, family);
  }
}

function keyOf(labels: Labels): string {
  return JSON.stringify(Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : 1)));
}

// Label values escape backslash, double quote and newline; nothing else (exposition format).
function fmt(labels: Labels): string {
  const parts = Object.entries(labels).map(([k, v]) => `${k}="${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`);
  return parts.length ? `{${parts.join(',')}}` : '';
}

function num(n: number): string {
  if (Number.isNaN(n)) return 'NaN';
  if (n === Infinity) return '+Inf';
  if (n === -Infinity) return '-Inf';
  return String(n);
}
