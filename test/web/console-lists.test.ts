// The console's bulk decisions and list pages over HTTP: tick several requests on the home page
// and approve them in one go (each its own command, refusals reported), and a list page per
// kind with filters, a search over titles and ids, and a counted "show more".
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storeTargets } from '../support/databases.ts';
import { Client, startConsole, text, type RunningConsole } from './support.ts';

// the list queries are SQL of their own: run on every database the suite has (SQLite, PostgreSQL)
describe.each(storeTargets())('on $name', (target) => {
let c: RunningConsole;
beforeAll(async () => {
  c = await startConsole({ target });
});
afterAll(async () => c?.close());


async function raise(item: string): Promise<string> {
  const outcome = await c.engine.execute({ actor: 'ann@example.com', command: { type: 'request.submit', flow: 'purchase', form: { item, total: '300 EUR' } } });
  if (!outcome.ok) throw new Error(outcome.code);
  return outcome.subject.replace('request:', '');
}

describe('local console: bulk decisions and list pages', () => {
  it('Bob ticks three requests and approves them; one Ann recalled meanwhile is reported, with why', async () => {
    const ids = [await raise('Desk lamp'), await raise('Headset'), await raise('Keyboard')];
    const bob = new Client(c.url);
    await bob.actAs('bob@example.com');
    const home = await bob.get('/');
    for (const id of ids) expect(home.body).toContain(`name="item" value="${id}@manager"`);
    expect((await c.engine.execute({ actor: 'ann@example.com', command: { type: 'request.recall', request: ids[1]! } })).ok).toBe(true);
    const form = new URLSearchParams();
    form.set('_csrf', bob.csrf!);
    form.set('_key', 'bulk-key-0001');
    form.set('outcome', 'approve');
    for (const id of ids) form.append('item', `${id}@manager`);
    const res = await fetch(`${c.url}/bulk`, { method: 'POST', body: form.toString(), headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: bob.cookie! }, redirect: 'manual' });
    expect(res.status).toBe(200);
    const said = text(await res.text());
    expect(said).toContain(`2 approved (${ids[0]}, ${ids[2]}). Not decided: ${ids[1]} — Request ${ids[1]} is recalled; nothing can be decided on it any more.`);
    expect((await c.store.getRequest(ids[0]!))!.steps[0]!.status).toBe('approved');
    // the same form sent again decides nothing twice
    await fetch(`${c.url}/bulk`, { method: 'POST', body: form.toString(), headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: bob.cookie! }, redirect: 'manual' });
    expect((await c.store.timeline(`request:${ids[0]}`)).filter((e) => e.type === 'request.approved_by')).toHaveLength(1);
  });

  it('lists requests a page at a time, counted, filtered and searched, and only those the reader is in', async () => {
    for (let i = 0; i < 22; i++) await raise(`Notebook ${i}`);
    const ann = new Client(c.url);
    await ann.actAs('ann@example.com');
    const all = await ann.get('/requests');
    const total = Number(/id="list-count">(\d+) of (\d+)</.exec(all.body)![2]);
    expect(total).toBeGreaterThanOrEqual(25);
    expect(all.body).toContain(`id="list-count">20 of ${total}<`);
    expect(all.body).toContain('id="show-more" href="/requests?offset=20"');
    const next = await ann.get('/requests?offset=20');
    expect(next.body).toContain(`id="list-count">${Math.min(40, total)} of ${total}<`);
    const searched = await ann.get('/requests?q=notebook+2');
    // "Notebook 2", "Notebook 20", "Notebook 21"
    expect(/id="list-count">(\d+) of (\d+)</.exec(searched.body)!.slice(1)).toEqual(['3', '3']);
    const byId = await ann.get('/requests?q=r-1');
    expect(byId.body).toContain('id="list-count">1 of 1<');
    const recalled = await ann.get('/requests?status=recalled');
    expect(recalled.body).toContain('id="list-count">1 of 1<');
    // hostile filters are dropped, not passed on
    expect((await ann.get("/requests?status=';drop&type=<x>&from=yesterday&offset=-4")).status).toBe(200);
    // Sue is in none of them: she sees none
    const sue = new Client(c.url);
    await sue.actAs('sue@example.com');
    expect((await sue.get('/requests')).body).toContain('id="list-count">0 of 0<');
    // cases list for everyone, with the same filters
    expect((await sue.get('/cases?status=open')).status).toBe(200);
  });
});
});
