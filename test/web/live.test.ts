// Live updates: GET /events streams "changed" with the subjects that changed, whoever changed
// them (this console, Slack, Teams, the clock: anything that writes the audit log).
import { afterEach, describe, expect, it } from 'vitest';
import { Client, startConsole, type RunningConsole } from './support.ts';

let c: RunningConsole | undefined;
afterEach(async () => {
  await c?.close();
  c = undefined;
});

/** reads server-sent events until `until` says stop */
async function readEvents(res: Response, until: (events: { event: string; data: string }[]) => boolean): Promise<{ event: string; data: string }[]> {
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  const events: { event: string; data: string }[] = [];
  let buffer = '';
  while (!until(events)) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += decoder.decode(value, { stream: true });
    let end: number;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const event = /^event: (.*)$/m.exec(block)?.[1];
      const data = /^data: (.*)$/m.exec(block)?.[1];
      if (event) events.push({ event, data: data ?? '' });
    }
  }
  await reader.cancel();
  return events;
}

describe('live updates over server-sent events', () => {
  it('pushes the subjects changed by anyone, including changes made outside the console', async () => {
    c = await startConsole();
    const bob = new Client(c.url);
    await bob.actAs('bob@example.com');
    const res = await fetch(`${c.url}/events`, { headers: { Cookie: bob.cookie! } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('no-store');
    const events = readEvents(res, (e) => e.some((x) => x.event === 'changed'));
    // wait until the stream is attached and has read the head, then change something elsewhere
    for (let i = 0; i < 500 && !(c.web.deps.live.clients > 0 && c.web.deps.live.watching); i++) await new Promise((r) => setTimeout(r, 10));
    const outcome = await c.engine.execute({ actor: 'ann@example.com', command: { type: 'request.submit', flow: 'purchase', form: { item: 'Laptop', total: '900 EUR' } } });
    expect(outcome.ok).toBe(true);
    const got = await events;
    expect(got[0]).toEqual({ event: 'hello', data: '{}' });
    const changed = got.find((e) => e.event === 'changed')!;
    expect(JSON.parse(changed.data)).toEqual({ subjects: ['request:R-1'], all: false });
  });

  it('needs a session; ends its streams when the server closes', async () => {
    c = await startConsole();
    const first = await fetch(`${c.url}/events`); // a first visit gets a session in local mode
    expect(first.status).toBe(200);
    await first.body!.cancel();
    const ann = new Client(c.url);
    await ann.actAs('ann@example.com');
    const res = await fetch(`${c.url}/events`, { headers: { Cookie: ann.cookie! } });
    const reading = readEvents(res, () => false);
    for (let i = 0; i < 200 && c.web.deps.live.clients < 1; i++) await new Promise((r) => setTimeout(r, 10));
    const started = Date.now();
    await c.server.close(5_000);
    // the stream ended by itself, well before the 5 s grace would have cut it
    expect((await reading)[0]?.event).toBe('hello');
    expect(Date.now() - started).toBeLessThan(2_000);
  });
});
