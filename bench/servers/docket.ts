// Docket as the bench runs it: the real server (src/main.ts startServer) in a child process, on
// a SQLite file, with Slack configured and its Web API pointed at the bench's local fake. With
// BENCH_SEED=n, Ann first submits n purchases that wait on her manager Bob, and the server
// sends the bench the value of each Approve button, so every click is a new decision.
import { readConfig } from '../../src/config.ts';
import { Views } from '../../src/app/views.ts';
import { silentLogger } from '../../src/log.ts';
import { startServer } from '../../src/main.ts';
import type { SqlStore } from '../../src/store/sql-store.ts';

const read = readConfig(process.env);
if (!read.ok) throw new Error(JSON.stringify(read.problems));
const running = await startServer(read.config, { log: silentLogger });
const seed = Number(process.env.BENCH_SEED ?? 0);
const buttons: { subject: string; value: string }[] = [];
if (seed > 0) {
  const { engine } = running;
  const views = new Views(engine);
  for (let i = 0; i < seed; i++) {
    const out = await engine.execute({ actor: 'ann@example.com', command: { type: 'request.submit', flow: 'purchase', form: { item: `Bench item ${i}`, total: '120 EUR', category: 'hardware', justification: 'a benchmark of the approval click path' } } });
    if (!out.ok) throw new Error(`seeding failed: ${out.code}`);
    const card = await views.card(out.subject, 'bob@example.com');
    const approve = card?.actions.find((a) => a.id === 'request.approve');
    if (!approve) throw new Error(`no Approve button for Bob on ${out.subject}`);
    buttons.push({ subject: out.subject, value: JSON.stringify({ subject: out.subject, ...(approve.value ? { value: approve.value } : {}), version: card!.version }) });
  }
}
process.on('message', (m: { type: string }) => {
  void (async () => {
    if (m.type === 'count') {
      // wait for the work after each ack, then count what reached the database
      await running.slack.idle();
      const knex = (running.engine.deps.store as SqlStore).knex;
      const rows = (await knex('requests').where({ status: 'approved' }).count({ n: '*' })) as { n: number }[];
      process.send?.({ type: 'count', clicks: Number(rows[0]!.n) });
    }
    if (m.type === 'stop') {
      await running.close();
      process.exit(0);
    }
  })();
});
process.send?.({ type: 'ready', url: running.url, buttons });
