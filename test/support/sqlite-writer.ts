// A child process that writes to one SQLite file through its own store (its own connection),
// for test/store/sqlite-writers.test.ts: `fork(this file, [url, name, count], { execArgv:
// ['--import', 'tsx'] })`. Separate processes, like two replicas or the CLI beside the server:
// while one waits (synchronously) in SQLite's busy handler, the other commits.
import { openStore } from '../../src/store/open.ts';

const [url, name, count] = process.argv.slice(2);
if (!url || !name || !count || !process.send) throw new Error('usage: fork(sqlite-writer.ts, [url, name, transactions])');
const job = { url, name, transactions: Number(count) };
const send = (message: unknown) => new Promise<void>((resolve) => process.send!(message, () => resolve()));

const store = await openStore(job.url, { migrate: false });
await send({ kind: 'ready' });
await new Promise<void>((resolve) => process.once('message', () => resolve()));

const numbers: number[] = [];
const errors: string[] = [];
for (let i = 0; i < job.transactions; i++) {
  try {
    const n = await store.transaction(async (tx) => {
      // read first, then write: the pattern that a deferred BEGIN cannot survive
      const key = `${job.name}-${i}`;
      if ((await tx.findIdempotent(key)) !== undefined) throw new Error(`key ${key} already taken`);
      const value = await tx.nextNumber('request');
      await tx.appendEvents([{ type: 'request.submitted', subject: `request:${job.name}`, actor: job.name, at: new Date(0).toISOString(), data: { i, value } }]);
      await tx.rememberIdempotent(key, value, new Date(0).toISOString());
      return value;
    });
    numbers.push(n);
  } catch (err) {
    errors.push(`${(err as { code?: string }).code ?? 'error'}: ${(err as Error).message}`);
  }
}
await store.close();
await send({ kind: 'done', numbers, errors });
process.disconnect();
