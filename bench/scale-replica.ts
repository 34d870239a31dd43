// One "replica" of the scale benchmark (bench/scale.ts starts several as separate processes):
// the real engine on the shared database, CONCURRENCY purchase requests in flight, each
// submitted by Ann, approved by her manager Bob, then by Fiona for finance — two decisions
// per request — until DURATION_MS has passed. Prints one JSON line with its counts.
//
// It uses only APIs that also existed before the audit redesign, so bench/scale.ts can copy it
// into a checkout of an older revision and measure the old design in the same run.
import { Engine } from '../src/app/execute.ts';
import { saveCurrentVersions } from '../src/app/flow-versions.ts';
import { loadFlows } from '../src/flows/load.ts';
import type { Store, StoreTx } from '../src/ports/store.ts';
import { openStore } from '../src/store/open.ts';
import { timerStoreOf } from '../src/store/ports.ts';

const url = process.env.DATABASE_URL!;
const duration = Number(process.env.DURATION_MS ?? 5000);
const concurrency = Number(process.env.CONCURRENCY ?? 32);
const form = { item: 'Laptop', total: '7200 EUR', category: 'hardware', justification: 'A laptop for the new hire who starts on Monday.' };

/** the lock-free upper bound: the same transactions without the audit append */
function withoutAudit(store: Store): Store {
  return new Proxy(store, {
    get(target, prop, receiver) {
      if (prop !== 'transaction') return Reflect.get(target, prop, receiver);
      return <T>(work: (tx: StoreTx) => Promise<T>) =>
        target.transaction((tx) => work(new Proxy(tx, { get: (t, p, r) => (p === 'appendEvents' ? async () => {} : Reflect.get(t, p, r)) })));
    },
  });
}

const loaded = await loadFlows('flows');
if (!loaded.ok) throw new Error('flows do not load');
const opened = await openStore(url, { migrate: false });
const store = process.env.NO_AUDIT === '1' ? withoutAudit(opened) : opened;
await saveCurrentVersions(loaded.registry, opened, new Date());
const engine = new Engine({ store, flows: loaded.registry, directory: loaded.directory, now: () => new Date(), timers: timerStoreOf(opened), platforms: ['slack'] });

let decisions = 0;
let commands = 0;
let refused = 0;
const latencies: number[] = [];
// wait for the parent's go, so that every replica starts together
await new Promise<void>((resolve) => process.once('message', () => resolve()));
const deadline = Date.now() + duration;
const run = async (actor: string, command: Parameters<Engine['execute']>[0]['command']) => {
  const t0 = performance.now();
  const outcome = await engine.execute({ actor, command });
  commands++;
  if (!outcome.ok) refused++;
  return { outcome, ms: performance.now() - t0 };
};
await Promise.all(
  Array.from({ length: concurrency }, async () => {
    while (Date.now() < deadline) {
      const submitted = await run('ann@example.com', { type: 'request.submit', flow: 'purchase', form });
      if (!submitted.outcome.ok) continue;
      const request = submitted.outcome.subject.replace('request:', '');
      for (const approver of ['bob@example.com', 'fiona@example.com']) {
        const decided = await run(approver, { type: 'request.approve', request });
        if (decided.outcome.ok) {
          decisions++;
          latencies.push(decided.ms);
        }
      }
    }
  }),
);
const elapsed = duration + Math.max(0, Date.now() - deadline);
latencies.sort((a, b) => a - b);
process.stdout.write(JSON.stringify({ decisions, commands, refused, ms: elapsed, p50: latencies[Math.floor(latencies.length / 2)] ?? 0, p99: latencies[Math.floor(latencies.length * 0.99)] ?? 0 }) + '\n');
await opened.close();
process.exit(0);
