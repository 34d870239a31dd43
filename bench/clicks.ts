// Signed Slack Approve clicks at 50 in flight, Docket against a bare Bolt app that only acks,
// both served over HTTP at POST /slack/events by a child process. Each Docket round starts a
// fresh server on a fresh SQLite file seeded with as many pending requests as there are clicks,
// so every click is a new decision, and afterwards checks that every one reached the database.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { signatureFor } from '../adapters/slack/signature.ts';
import { freePort, memoryOf, spawnServer } from './lib/children.ts';
import { fakeSlackApi } from './lib/fake-slack-api.ts';
import { load, type LoadResult } from './lib/load.ts';
import { envInt, type Figure, interleave, num } from './lib/rounds.ts';

const SECRET = 'bench-signing-secret-0123456789abcdef';
const BOB = 'U0BOB00001';
const FLOWS = fileURLToPath(new URL('../flows/', import.meta.url));
const here = (f: string) => fileURLToPath(new URL(f, import.meta.url));

function click(value: string, i: number): { body: string; headers: Record<string, string> } {
  const payload = {
    type: 'block_actions',
    user: { id: BOB, username: 'bob', team_id: 'T0BENCH001' },
    api_app_id: 'A0BENCH001',
    token: 'unused',
    container: { type: 'message', message_ts: '1700000000.000100', channel_id: 'D0BENCH001', is_ephemeral: false },
    trigger_id: `trigger.${i}`,
    team: { id: 'T0BENCH001', domain: 'bench' },
    channel: { id: 'D0BENCH001' },
    response_url: 'http://127.0.0.1:9/hooks',
    actions: [{ action_id: 'request.approve', block_id: 'b1', type: 'button', value, action_ts: `1700000000.${String(i).padStart(6, '0')}` }],
  };
  const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
  const ts = String(Math.floor(Date.now() / 1000));
  return { body, headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'X-Slack-Request-Timestamp': ts, 'X-Slack-Signature': signatureFor(SECRET, ts, body) } };
}

export interface ClickRun {
  load: LoadResult;
  committed: number;
  peakMb: number;
}

async function docketRound(clicks: number, concurrency: number, apiUrl: string): Promise<ClickRun> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'docket-bench-clicks-'));
  const child = spawnServer(here('./servers/docket.ts'), {
    PORT: '0',
    HOST: '127.0.0.1',
    DATABASE_URL: `sqlite:${path.join(dir, 'docket.db')}`,
    FLOWS_DIR: FLOWS,
    SLACK_SIGNING_SECRET: SECRET,
    SLACK_BOT_TOKEN: 'xoxb-bench',
    SLACK_API_URL: apiUrl,
    LOG_LEVEL: 'error',
    BENCH_SEED: String(clicks),
  });
  try {
    const ready = await child.next<{ url: string; buttons: { value: string }[] }>('ready');
    const result = await load({ url: `${ready.url}/slack/events`, total: clicks, concurrency, request: (i) => click(ready.buttons[i]!.value, i) });
    const { clicks: committed } = await child.ask<{ clicks: number }>('count');
    const { peakMb } = memoryOf(child.proc.pid!);
    return { load: result, committed, peakMb };
  } finally {
    await child.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function boltRound(clicks: number, concurrency: number): Promise<ClickRun> {
  const port = await freePort();
  const child = spawnServer(here('./servers/bolt.ts'), { PORT: String(port), SLACK_SIGNING_SECRET: SECRET });
  try {
    await child.next('ready');
    const value = JSON.stringify({ subject: 'request:R-1', value: 'manager', version: 1 });
    const result = await load({ url: `http://127.0.0.1:${port}/slack/events`, total: clicks, concurrency, request: (i) => click(value, i) });
    const { clicks: committed } = await child.ask<{ clicks: number }>('count');
    return { load: result, committed, peakMb: memoryOf(child.proc.pid!).peakMb };
  } finally {
    await child.stop();
  }
}

export async function clicksBench(): Promise<Figure[]> {
  const clicks = envInt('BENCH_CLICKS', 600);
  const concurrency = envInt('BENCH_CONCURRENCY', 50);
  const rounds = envInt('BENCH_ROUNDS', 3);
  console.log(`\nclicks: ${clicks} signed Approve clicks per round, ${concurrency} in flight, ${rounds} rounds (BENCH_CLICKS, BENCH_CONCURRENCY, BENCH_ROUNDS)`);
  const api = await fakeSlackApi();
  const docket: ClickRun[] = [];
  const bolt: ClickRun[] = [];
  try {
    await interleave(
      rounds,
      async () => {
        const r = await docketRound(clicks, concurrency, api.url);
        docket.push(r);
        console.log(`  docket  ${num(r.load.perSecond)} req/s, p50 ${num(r.load.p50ms)} ms, p99 ${num(r.load.p99ms)} ms, statuses ${JSON.stringify(r.load.statuses)}, committed ${r.committed}/${clicks}, peak RSS ${num(r.peakMb)} MB`);
        if (r.committed !== clicks) console.log(`  !! only ${r.committed} of ${clicks} clicks were committed`);
        return r.load.perSecond;
      },
      async () => {
        const r = await boltRound(clicks, concurrency);
        bolt.push(r);
        console.log(`  bolt    ${num(r.load.perSecond)} req/s, p50 ${num(r.load.p50ms)} ms, p99 ${num(r.load.p99ms)} ms, statuses ${JSON.stringify(r.load.statuses)}, acked ${r.committed}/${clicks}`);
        return r.load.perSecond;
      },
    );
  } finally {
    await api.close();
  }
  const rounds_ = (pick: (r: ClickRun) => number) => docket.map((d, i) => ({ docket: pick(d), anchor: pick(bolt[i]!) }));
  return [
    { name: `signed clicks, ${concurrency} in flight`, unit: 'req/s', higherIsBetter: true, anchor: 'bare Bolt ack-only', rounds: rounds_((r) => r.load.perSecond) },
    { name: `click p99, ${concurrency} in flight`, unit: 'ms', higherIsBetter: false, anchor: 'bare Bolt ack-only', rounds: rounds_((r) => r.load.p99ms) },
    { name: 'clicks committed (checked in the DB)', unit: 'clicks', higherIsBetter: true, anchor: 'clicks sent', rounds: docket.map((d) => ({ docket: d.committed, anchor: clicks })) },
    { name: `peak RSS during ${clicks} clicks`, unit: 'MB', higherIsBetter: false, anchor: 'bare Bolt', rounds: rounds_((r) => r.peakMb) },
  ];
}

/**
 * start to GET /healthz 200 and resident memory once idle, Docket (no platform seeded) vs bare
 * Bolt, both as production runs them: Docket compiled (`node dist/src/main.js`, what `npm start`
 * runs; `npm install` builds it) and Bolt as plain JavaScript, neither through tsx. Without a
 * build, both go through tsx instead, and the output says so.
 */
export async function startupBench(): Promise<Figure[]> {
  const rounds = envInt('BENCH_ROUNDS', 3);
  const compiled = here('../dist/src/main.js');
  const plain = existsSync(compiled);
  console.log(`\nstartup: start to /healthz 200, and RSS 1 s after, ${rounds} rounds, ${plain ? 'Docket compiled (dist/), Bolt as plain JavaScript' : 'both through tsx (no dist/: run npm run build)'}`);
  const { waitFor200 } = await import('./lib/children.ts');
  const startMs: { docket: number; anchor: number }[] = [];
  const idleMb: { docket: number; anchor: number }[] = [];
  const api = await fakeSlackApi();
  const one = async (which: 'docket' | 'bolt') => {
    const port = await freePort();
    const dir = mkdtempSync(path.join(os.tmpdir(), 'docket-bench-start-'));
    const started = performance.now();
    const child =
      which === 'docket'
        ? spawnServer(plain ? compiled : here('./servers/docket.ts'), { PORT: String(port), HOST: '127.0.0.1', DATABASE_URL: `sqlite:${path.join(dir, 'docket.db')}`, FLOWS_DIR: FLOWS, SLACK_SIGNING_SECRET: SECRET, SLACK_BOT_TOKEN: 'xoxb-bench', SLACK_API_URL: api.url, LOG_LEVEL: 'error' }, { plain })
        : spawnServer(here(plain ? './servers/bolt-plain.js' : './servers/bolt.ts'), { PORT: String(port), SLACK_SIGNING_SECRET: SECRET }, { plain });
    try {
      const ms = await waitFor200(`http://127.0.0.1:${port}/healthz`, started);
      await new Promise((r) => setTimeout(r, 1000));
      return { ms, mb: memoryOf(child.proc.pid!).rssMb };
    } finally {
      await child.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  };
  try {
    for (let i = 0; i < rounds; i++) {
      const first = i % 2 === 0 ? 'docket' : 'bolt';
      const a = await one(first);
      const b = await one(first === 'docket' ? 'bolt' : 'docket');
      const d = first === 'docket' ? a : b;
      const o = first === 'docket' ? b : a;
      console.log(`  docket ${num(d.ms)} ms, ${num(d.mb)} MB idle; bolt ${num(o.ms)} ms, ${num(o.mb)} MB idle`);
      startMs.push({ docket: d.ms, anchor: o.ms });
      idleMb.push({ docket: d.mb, anchor: o.mb });
    }
  } finally {
    await api.close();
  }
  return [
    { name: 'start to /healthz 200 (Slack on, SQLite)', unit: 'ms', higherIsBetter: false, anchor: 'bare Bolt', rounds: startMs },
    { name: 'RSS idle after start', unit: 'MB', higherIsBetter: false, anchor: 'bare Bolt', rounds: idleMb },
  ];
}
