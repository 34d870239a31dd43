// "Try this flow" on the new-request page: the form run through the engine as the chosen
// person, shown on the page, and nothing written.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, startConsole, text, type RunningConsole } from './support.ts';

let c: RunningConsole;
beforeAll(async () => {
  c = await startConsole();
});
afterAll(async () => c?.close());

describe('local console: try this flow', () => {
  it('shows the steps, approvers and outcome for the chosen person, and writes nothing', async () => {
    const ann = new Client(c.url);
    await ann.actAs('ann@example.com');
    const form = await ann.get('/new/request/purchase');
    expect(form.body).toContain('formaction="/new/request/purchase/try"');
    const tried = await ann.post('/new/request/purchase/try', { 'f.item': 'Desk', 'f.total': '6000', 'f.total.currency': 'EUR', 'f.needed_by': '' });
    expect(tried.status).toBe(200);
    const page = text(tried.body);
    expect(page).toContain('If Ann Smith submitted this now');
    expect(tried.body).toContain('data-step="manager" data-status="applied"');
    expect(tried.body).toContain('data-step="finance" data-status="applied"');
    expect(tried.body).toContain('data-step="cfo" data-status="skipped"');
    expect(page).toContain("Bob Jones: You are Ann Smith's manager.");
    expect(page).toContain('Outcome if everyone approves: approved');
    // what was typed stays in the form, ready to submit for real
    expect(tried.body).toContain('value="Desk"');
    expect(await c.store.getRequest('R-1')).toBeUndefined();
  });

  it('answers invalid input with the engine’s messages, as Submit does', async () => {
    const ann = new Client(c.url);
    await ann.actAs('ann@example.com');
    const bad = await ann.post('/new/request/purchase/try', { 'f.item': '', 'f.total': 'lots', 'f.total.currency': 'EUR' });
    expect(bad.status).toBe(422);
    expect(bad.body).toContain('data-code="form.invalid"');
  });
});
