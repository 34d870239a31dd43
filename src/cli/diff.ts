// `docket diff --base <rev> [dir]` or `docket diff <old-dir> <new-dir>`: for each flow that
// changed, which running items stay on the version they started on, and what the new version
// would have done to the last N days of real requests (src/app/trial/replay.ts). Reads the
// database read-only; bounded in time: above --limit requests it replays an even sample, and
// it stops at --max-seconds, saying so either way. Exit codes as check.
import { rm } from 'node:fs/promises';
import path from 'node:path';
import type { LoadedFlow, LoadedRequestFlow } from '../core/flow-runtime.ts';
import { redactUrl } from '../config.ts';
import { formatProblem, loadFlows, type LoadResult } from '../flows/load.ts';
import type { InFlight, RequestHistory } from '../ports/history.ts';
import { openHistory } from '../store/history.ts';
import { replayRequests, type ReplaySummary, type Tally } from '../app/trial/replay.ts';
import { flag, readArgs, single, UsageError } from './args.ts';
import { flowsAtRevision } from './git-flows.ts';

export const DIFF_USAGE = 'docket diff --base <git-rev> [dir] | docket diff <old-dir> <new-dir>   [--days 90] [--limit 5000] [--max-seconds 60] [--json]';

export interface DiffIo {
  out: (line: string) => void;
  err: (line: string) => void;
  flowsDir: string;
  databaseUrl: string;
  now: () => Date;
}

type Loaded = Extract<LoadResult, { ok: true }>;

interface FlowDiff {
  id: string;
  kind: 'request' | 'case';
  change: 'changed' | 'added' | 'removed';
  oldVersion?: string;
  newVersion?: string;
  inFlight: { count: number; ids: string[]; byVersion: Record<string, number> };
  replay?: { since: string; days: number; submitted: number; sampled: number | null; stoppedEarly: boolean; summary: ReplaySummary };
}

const SHOWN_IDS = 20;

export async function runDiff(argv: readonly string[], io: DiffIo): Promise<number> {
  const usage = (why: string) => {
    io.err(`docket diff: ${why}`);
    io.err(`usage: ${DIFF_USAGE}`);
    return 2;
  };
  let args;
  try {
    args = readArgs(argv, { base: 1, days: 1, limit: 1, 'max-seconds': 1, json: 0 });
  } catch (e) {
    if (e instanceof UsageError) return usage(e.message);
    throw e;
  }
  const int = (name: string, fallback: number, min: number, max: number) => {
    const text = single(args, name);
    const n = text === undefined ? fallback : Number(text);
    return Number.isInteger(n) && n >= min && n <= max ? n : undefined;
  };
  const days = int('days', 90, 1, 3650);
  const limit = int('limit', 5000, 1, 1_000_000);
  const maxSeconds = int('max-seconds', 60, 1, 3600);
  if (days === undefined) return usage('--days takes a whole number from 1 to 3650');
  if (limit === undefined) return usage('--limit takes a whole number from 1 to 1000000');
  if (maxSeconds === undefined) return usage('--max-seconds takes a whole number from 1 to 3600');
  const base = single(args, 'base');
  let oldDir: string;
  let newDir: string;
  let baseLabel: string;
  let cleanup: string | undefined;
  if (base !== undefined) {
    if (args.positional.length > 1) return usage('with --base, give at most one directory (the new flows)');
    newDir = args.positional[0] ?? io.flowsDir;
    const fetched = await flowsAtRevision(newDir, base);
    if (!fetched.ok) return usage(`--base: ${fetched.message}`);
    oldDir = fetched.dir;
    cleanup = path.dirname(fetched.dir);
    baseLabel = `${base} (${fetched.commit.slice(0, 12)})`;
  } else {
    if (args.positional.length !== 2) return usage('give --base <git-rev>, or two directories: the old flows and the new');
    [oldDir, newDir] = args.positional as [string, string];
    baseLabel = oldDir;
  }

  let history: RequestHistory | undefined;
  try {
    const [before, after] = [await loadFlows(oldDir), await loadFlows(newDir)];
    if (!after.ok) {
      after.problems.forEach((p) => io.out(formatProblem(p)));
      io.out(`docket diff: the new flows in ${newDir} have ${after.problems.length} problem(s); fix them first (docket check)`);
      return 1;
    }
    if (!before.ok) {
      before.problems.forEach((p) => io.out(`(old) ${formatProblem(p)}`));
      io.out(`docket diff: the old flows at ${baseLabel} do not load; nothing to compare against`);
      return 1;
    }
    const changes = compare(before, after);
    if (changes.length === 0) {
      if (flag(args, 'json')) io.out(JSON.stringify({ base: baseLabel, flows: [] }, null, 2));
      else io.out(`docket diff: no flow changed between ${baseLabel} and ${newDir}`);
      return 0;
    }
    try {
      history = await openHistory(io.databaseUrl);
    } catch (err) {
      io.err(`docket diff: cannot read ${redactUrl(io.databaseUrl)}: ${(err as Error).message}`);
      return 1;
    }
    const now = io.now();
    const since = new Date(now.getTime() - days * 86_400_000).toISOString();
    const deadline = Date.now() + maxSeconds * 1000;
    const diffs: FlowDiff[] = [];
    for (const change of changes) {
      const items = change.kind === 'request' ? await history.inFlight(change.id) : await history.openCases(change.id);
      const diff: FlowDiff = { ...change, inFlight: inFlightOf(items) };
      if (change.change === 'changed' && change.kind === 'request') {
        const old = before.registry.requestFlow(change.id)!;
        const next = after.registry.requestFlow(change.id)!;
        diff.replay = await replay(history, old, next, before, after, { since, days, limit, deadline });
      }
      diffs.push(diff);
    }
    if (flag(args, 'json')) io.out(JSON.stringify({ base: baseLabel, new: newDir, database: redactUrl(io.databaseUrl), flows: diffs }, null, 2));
    else for (const line of text(diffs, baseLabel, newDir, after)) io.out(line);
    return 0;
  } finally {
    await history?.close();
    if (cleanup) await rm(cleanup, { recursive: true, force: true });
  }
}

function compare(before: Loaded, after: Loaded): Omit<FlowDiff, 'inFlight' | 'replay'>[] {
  const out: Omit<FlowDiff, 'inFlight' | 'replay'>[] = [];
  const old = new Map<string, LoadedFlow>(before.registry.all().map((f) => [f.def.id, f]));
  for (const flow of after.registry.all()) {
    const was = old.get(flow.def.id);
    if (!was) out.push({ id: flow.def.id, kind: flow.kind, change: 'added', newVersion: flow.version });
    else if (was.version !== flow.version) out.push({ id: flow.def.id, kind: flow.kind, change: 'changed', oldVersion: was.version, newVersion: flow.version });
    old.delete(flow.def.id);
  }
  for (const was of old.values()) out.push({ id: was.def.id, kind: was.kind, change: 'removed', oldVersion: was.version });
  return out;
}

function inFlightOf(items: InFlight[]): FlowDiff['inFlight'] {
  const byVersion: Record<string, number> = {};
  for (const i of items) byVersion[i.flowVersion] = (byVersion[i.flowVersion] ?? 0) + 1;
  return { count: items.length, ids: items.slice(0, SHOWN_IDS).map((i) => i.id), byVersion };
}

async function replay(history: RequestHistory, old: LoadedRequestFlow, next: LoadedRequestFlow, before: Loaded, after: Loaded, bounds: { since: string; days: number; limit: number; deadline: number }): Promise<NonNullable<FlowDiff['replay']>> {
  const all = await history.submittedSince(old.def.id, bounds.since);
  // an even sample across the period, so a busy month does not crowd out the others
  const picked = all.length > bounds.limit ? Array.from({ length: bounds.limit }, (_, i) => all[Math.floor((i * all.length) / bounds.limit)]!) : all;
  let stoppedEarly = false;
  const summaries: ReplaySummary[] = [];
  for (let i = 0; i < picked.length; i += 200) {
    if (Date.now() > bounds.deadline) {
      stoppedEarly = true;
      break;
    }
    const requests = await history.requests(picked.slice(i, i + 200).map((p) => p.id));
    // the directory is the new flows' org.yaml, read on each request's own date (who was away then)
    summaries.push(replayRequests(requests, { flow: old, flows: before.registry }, { flow: next, flows: after.registry }, after.directory));
  }
  return { since: bounds.since, days: bounds.days, submitted: all.length, sampled: picked.length < all.length ? picked.length : null, stoppedEarly, summary: merge(summaries, old, next) };
}

function merge(parts: ReplaySummary[], old: LoadedRequestFlow, next: LoadedRequestFlow): ReplaySummary {
  const tally = (key: 'differentApprovers' | 'extraSteps' | 'fewerSteps' | 'differentOutcome'): Tally => ({ count: parts.reduce((n, p) => n + p[key].count, 0), examples: parts.flatMap((p) => p[key].examples).slice(0, 3) });
  const steps = new Map<string, { id: string; name: string; old: number; new: number }>();
  for (const s of [...old.def.steps, ...next.def.steps]) if (!steps.has(s.id)) steps.set(s.id, { id: s.id, name: s.name, old: 0, new: 0 });
  for (const p of parts) for (const s of p.steps) {
    const t = steps.get(s.id)!;
    t.old += s.old;
    t.new += s.new;
  }
  return {
    replayed: parts.reduce((n, p) => n + p.replayed, 0),
    notReplayed: parts.flatMap((p) => p.notReplayed),
    assumedApprovals: parts.reduce((n, p) => n + p.assumedApprovals, 0),
    steps: [...steps.values()],
    differentApprovers: tally('differentApprovers'),
    extraSteps: tally('extraSteps'),
    fewerSteps: tally('fewerSteps'),
    differentOutcome: tally('differentOutcome'),
  };
}

function text(diffs: FlowDiff[], base: string, newDir: string, after: Loaded): string[] {
  const lines = [`docket diff: ${base} → ${newDir}`];
  for (const d of diffs) {
    const flow = after.registry.all().find((f) => f.def.id === d.id);
    lines.push('');
    lines.push(`${d.id}${flow ? ` (${flow.def.name})` : ''}: ${d.change}${d.oldVersion ? `, version ${d.oldVersion}` : ''}${d.newVersion ? ` → ${d.newVersion}` : ''}`);
    const what = d.kind === 'request' ? 'request(s) still being decided' : 'case(s) still open';
    if (d.inFlight.count === 0) lines.push(`  in flight: none`);
    else {
      const versions = Object.entries(d.inFlight.byVersion).map(([v, n]) => `${v}: ${n}`).join(', ');
      lines.push(`  in flight: ${d.inFlight.count} ${what} stay on the version they started on (${versions})`);
      lines.push(`    ${d.inFlight.ids.join(', ')}${d.inFlight.count > d.inFlight.ids.length ? `, and ${d.inFlight.count - d.inFlight.ids.length} more` : ''}`);
    }
    const r = d.replay;
    if (!r) continue;
    const s = r.summary;
    lines.push(`  replay: ${s.replayed} of ${r.submitted} requests submitted since ${r.since.slice(0, 10)} (the last ${r.days} days), through the old and the new version`);
    if (r.sampled !== null) lines.push(`    sampled: ${r.sampled} of ${r.submitted}, evenly over the period (--limit); counts are of the sample`);
    if (r.stoppedEarly) lines.push(`    stopped early at --max-seconds: counts cover the requests replayed so far`);
    lines.push('    steps that would apply (old → new):');
    for (const step of s.steps) lines.push(`      ${step.name} [${step.id}]: ${step.old} → ${step.new}${step.new !== step.old ? ` (${step.new > step.old ? '+' : ''}${step.new - step.old})` : ''}`);
    const tally = (label: string, t: Tally) => {
      lines.push(`    ${label}: ${t.count}`);
      for (const e of t.examples) lines.push(`      e.g. ${e.id} (${e.submittedAt.slice(0, 10)}): ${e.what}`);
    };
    tally('extra steps', s.extraSteps);
    tally('fewer steps', s.fewerSteps);
    tally('different approvers', s.differentApprovers);
    tally('different outcomes', s.differentOutcome);
    if (s.assumedApprovals > 0) lines.push(`    assumed: ${s.assumedApprovals} step(s) had no recorded decision and were taken as approved`);
    if (s.notReplayed.length > 0) {
      lines.push(`    not replayed: ${s.notReplayed.length}`);
      for (const e of s.notReplayed.slice(0, 3)) lines.push(`      e.g. ${e.id}: ${e.what}`);
    }
  }
  lines.push('');
  lines.push('People and groups are those of the new org.yaml; out-of-office is read on each request\'s own date.');
  return lines;
}
