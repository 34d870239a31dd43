// Figures as ratios against an anchor measured in the same run. Each round measures Docket and
// its anchor one after the other (the order alternating), so a neighbour stealing the CPU for a
// while hurts both sides of a round alike; the ratio of each round is kept, and the summary
// prints the median with the min–max over rounds.

export interface Round {
  docket: number;
  anchor: number;
}

export interface Figure {
  /** what is measured, e.g. "signed clicks, 50 in flight" */
  name: string;
  unit: string;
  /** true when more is better (req/s); false when less is (ms, ns) */
  higherIsBetter: boolean;
  rounds: Round[];
  /** what the anchor is, e.g. "bare Bolt ack-only app" */
  anchor: string;
}

export const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

export const percentile = (xs: readonly number[], p: number): number => {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
};

/** docket ÷ anchor, so that > 1 means "Docket is that many times the anchor" */
export const ratioOf = (r: Round): number => r.docket / r.anchor;

export function num(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  const a = Math.abs(n);
  if (a >= 100) return Math.round(n).toLocaleString('en-US');
  if (a >= 10) return n.toFixed(1);
  if (a >= 1) return n.toFixed(2);
  return n.toPrecision(2);
}

export function ratio(n: number): string {
  return `${n >= 10 ? n.toFixed(0) : n >= 1 ? n.toFixed(2) : n.toPrecision(2)}×`;
}

/** one line: "name: docket 123 req/s vs anchor 456 req/s = 0.27× (0.25–0.29×, 3 rounds)" */
export function formatFigure(f: Figure): string {
  const ratios = f.rounds.map(ratioOf);
  const d = median(f.rounds.map((r) => r.docket));
  const a = median(f.rounds.map((r) => r.anchor));
  return `${f.name}: Docket ${num(d)} ${f.unit} vs ${f.anchor} ${num(a)} ${f.unit} = ${ratio(median(ratios))} (${ratio(Math.min(...ratios))}–${ratio(Math.max(...ratios))}, ${f.rounds.length} rounds)`;
}

/** a markdown table row for the README: | figure | Docket | anchor | ratio (min–max) | */
export function tableRow(f: Figure): string {
  const ratios = f.rounds.map(ratioOf);
  return `| ${f.name} | ${num(median(f.rounds.map((r) => r.docket)))} ${f.unit} | ${f.anchor}: ${num(median(f.rounds.map((r) => r.anchor)))} ${f.unit} | ${ratio(median(ratios))} (${ratio(Math.min(...ratios))}–${ratio(Math.max(...ratios))}) |`;
}

/** runs `rounds` rounds of (docket, anchor), alternating which goes first */
export async function interleave(rounds: number, docket: () => Promise<number>, anchor: () => Promise<number>): Promise<Round[]> {
  const out: Round[] = [];
  for (let i = 0; i < rounds; i++) {
    if (i % 2 === 0) {
      const d = await docket();
      const a = await anchor();
      out.push({ docket: d, anchor: a });
    } else {
      const a = await anchor();
      const d = await docket();
      out.push({ docket: d, anchor: a });
    }
  }
  return out;
}

export const envInt = (name: string, fallback: number): number => {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`${name} must be a positive whole number, got ${JSON.stringify(raw)}`);
  return n;
};
