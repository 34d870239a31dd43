// The console in a real browser: Debian's Chromium driven by playwright-core (`.ci/run` installs
// it when missing). Two people in two browser contexts: Ann raises a purchase, Bob approves it
// from the card on his home page, and Ann's page shows the approval without a reload (server-
// sent events). Then the reports page over a seeded history: every chart is drawn on its canvas
// and shows the same numbers as its table. Screenshots go to test-artifacts/.
import { existsSync, mkdirSync } from 'node:fs';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../src/cli/demo/simulate.ts';
import { loadFlows } from '../../src/flows/load.ts';
import { startConsole, type RunningConsole } from './support.ts';

const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = 'test-artifacts';

let browser: Browser;
beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium (.ci/run does it)`);
  mkdirSync(ARTIFACTS, { recursive: true });
  // launch() gives every run a fresh temporary profile
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}, 60_000);
afterAll(async () => browser?.close());

/**
 * Runs in the page (a string: the project's TypeScript has no DOM types): for each chart, how
 * many pixels its canvas painted, and whether chart.js holds the labels and numbers of its table.
 */
const CHART_CHECKS = `[...document.querySelectorAll('figure.chart')].map((figure) => {
  const canvas = figure.querySelector('canvas');
  const chart = Chart.getChart(canvas);
  const table = document.getElementById(figure.dataset.table);
  const keys = [...table.tHead.rows[0].cells].map((th) => th.dataset.key);
  const rows = [...table.tBodies[0].rows];
  const fromTable = figure.dataset.series.split(',').map((key) => rows.map((r) => {
    const v = r.cells[keys.indexOf(key)].dataset.value;
    return v === '' || v === undefined ? null : Number(v);
  }));
  const labels = rows.map((r) => r.cells[keys.indexOf(figure.dataset.x)].textContent.trim());
  const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
  let painted = 0;
  for (let i = 3; i < pixels.length; i += 4) if (pixels[i] > 0) painted++;
  return { id: canvas.id, painted, sameLabels: JSON.stringify(chart.data.labels) === JSON.stringify(labels), sameData: JSON.stringify(chart.data.datasets.map((d) => d.data)) === JSON.stringify(fromTable), datasets: chart.data.datasets.length };
})`;

/** a person in their own browser context; collects what the page complains about (CSP, errors) */
async function person(c: RunningConsole, email: string): Promise<{ context: BrowserContext; page: Page; problems: string[] }> {
  const context = await browser.newContext({ viewport: { width: 1360, height: 900 } });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' || /Content Security Policy/.test(m.text())) problems.push(m.text());
  });
  page.on('pageerror', (e) => problems.push(e.message));
  await page.goto(`${c.url}/`);
  await page.selectOption('#welcome-person', email);
  await page.click('.welcome button[type=submit]');
  await page.waitForSelector(`#acting-as[data-email="${email}"]`);
  return { context, page, problems };
}

describe('the console in Chromium', () => {
  let c: RunningConsole;
  beforeAll(async () => {
    c = await startConsole();
  });
  afterAll(async () => c?.close());

  it('Ann raises a purchase, Bob approves it from his card, Ann sees it without reloading', async () => {
    const ann = await person(c, 'ann@example.com');
    await ann.page.click('a.button[href="/new/request/purchase"]');
    await ann.page.fill('#field-item', 'Ergonomic chair');
    await ann.page.fill('#field-total', '450');
    await ann.page.click('button[type=submit].primary');
    // the engine's own message, shown on the field: nothing else was wrong
    await ann.page.waitForURL(/\/requests\/R-1\?done=submitted$/);
    await ann.page.goto(`${c.url}/`);
    await ann.page.waitForSelector('body[data-live="on"]');
    const card = ann.page.locator('#live-requests [data-subject="request:R-1"]');
    await expect.poll(() => card.locator('.status').textContent()).toBe('Waiting for Manager approval');
    // a marker that a reload would wipe
    await ann.page.evaluate(`window.marker = 'still here'`);

    const bob = await person(c, 'bob@example.com');
    const bobCard = bob.page.locator('#live-waiting [data-subject="request:R-1"]');
    await expect.poll(() => bobCard.locator('.why').textContent()).toContain("You are Ann Smith's manager.");
    await bobCard.locator('button[data-action="request.approve"]').click();
    await bob.page.waitForURL(/\?done=request\.approve$/);
    await expect.poll(() => bob.page.locator('.banner.ok').textContent()).toBe('Approved.');
    await bob.page.screenshot({ path: `${ARTIFACTS}/browser-bob-approved.png`, fullPage: true });

    // Ann's open page changes by itself
    await ann.page.waitForFunction(`document.querySelector('#live-requests [data-subject="request:R-1"] .status')?.textContent === 'Approved'`, undefined, { timeout: 10_000 });
    expect(await ann.page.evaluate('window.marker')).toBe('still here');
    expect(await ann.page.locator('#live-requests [data-subject="request:R-1"] .progress').textContent()).toContain('approved by Bob Jones');
    await ann.page.screenshot({ path: `${ARTIFACTS}/browser-ann-live.png`, fullPage: true });

    // a title with markup is text on the page, not markup
    await ann.page.goto(`${c.url}/new/request/purchase`);
    await ann.page.fill('#field-item', '<img src=x onerror="window.pwned=1">');
    await ann.page.fill('#field-total', '10');
    await ann.page.click('button[type=submit].primary');
    await ann.page.waitForURL(/\/requests\/R-2/);
    expect(await ann.page.locator('.card-title').textContent()).toBe('Purchase: <img src=x onerror="window.pwned=1">');
    expect(await ann.page.evaluate('window.pwned')).toBeUndefined();
    expect(ann.problems).toEqual([]);
    expect(bob.problems).toEqual([]);
    await ann.context.close();
    await bob.context.close();
  }, 60_000);
});

describe('the reports page in Chromium, over a seeded history', () => {
  let c: RunningConsole;
  beforeAll(async () => {
    const loaded = await loadFlows('flows');
    if (!loaded.ok) throw new Error('the example flows must load');
    const end = '2026-11-27T17:00:00.000Z';
    c = await startConsole({ world: { flows: loaded.registry, directory: loaded.directory }, start: end });
    await seedDemo({ store: c.store, flows: loaded.registry, directory: loaded.directory, end: new Date(end), days: 28, requestsPerDay: 4, casesPerDay: 1.5, seed: 11 });
  }, 120_000);
  afterAll(async () => c?.close());

  it('draws every chart with chart.js, with the same numbers as its table', async () => {
    const carol = await person(c, 'carol@example.com');
    await carol.page.goto(`${c.url}/reports?weeks=13`);
    const figures = carol.page.locator('figure.chart');
    const count = await figures.count();
    expect(count).toBe(11);
    await carol.page.waitForSelector('figure.chart:not([data-drawn="true"])', { state: 'detached' });
    const checks = (await carol.page.evaluate(CHART_CHECKS)) as { id: string; painted: number; sameLabels: boolean; sameData: boolean; datasets: number }[];
    for (const check of checks) {
      expect(check.painted, check.id).toBeGreaterThan(500);
      expect(check.sameLabels, check.id).toBe(true);
      expect(check.sameData, check.id).toBe(true);
      expect(check.datasets, check.id).toBeGreaterThan(0);
    }
    // the seeded history shows: requests every week of the period
    const volume = await carol.page.locator('#table-request-volume tbody tr td:nth-child(2)').allTextContents();
    expect(volume.filter((n) => Number(n) > 0).length).toBeGreaterThanOrEqual(4);
    await carol.page.screenshot({ path: `${ARTIFACTS}/browser-reports.png`, fullPage: true });
    expect(carol.problems).toEqual([]);
    await carol.context.close();
  }, 60_000);
});

describe('the console layout in Chromium', () => {
  let c: RunningConsole;
  const LONG = 'X'.repeat(120);
  beforeAll(async () => {
    c = await startConsole();
  });
  afterAll(async () => c?.close());

  it('holds a 120-character unbroken title at 1,280 and 375 px, with no horizontal scroll; the list page filters and searches', async () => {
    const ann = await person(c, 'ann@example.com');
    // a request with the longest item its form takes, and a case with a 120-character title
    await ann.page.goto(`${c.url}/new/request/purchase`);
    await ann.page.fill('#field-item', 'Y'.repeat(100));
    await ann.page.fill('#field-total', '450');
    await ann.page.click('button[type=submit].primary');
    await ann.page.waitForURL(/\/requests\/R-1/);
    await ann.page.goto(`${c.url}/new/case/incident`);
    await ann.page.fill('#case-title', LONG);
    await ann.page.click('button[type=submit].primary');
    await ann.page.waitForURL(/\/cases\/C-1/);
    for (const width of [1280, 375]) {
      await ann.page.setViewportSize({ width, height: 900 });
      for (const path of ['/', '/requests/R-1', '/cases/C-1', '/requests', '/cases', `/cases?q=${'X'.repeat(10)}`]) {
        await ann.page.goto(`${c.url}${path}`);
        const sizes = (await ann.page.evaluate('({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth })')) as { scroll: number; client: number };
        expect(sizes.scroll, `${path} at ${width}px`).toBeLessThanOrEqual(sizes.client);
      }
      await ann.page.screenshot({ path: `${ARTIFACTS}/browser-long-title-${width}.png`, fullPage: true });
    }
    await ann.page.setViewportSize({ width: 1280, height: 900 });
    // the list page: a search box over titles and ids, and filters by type and status
    await ann.page.goto(`${c.url}/requests`);
    expect(await ann.page.locator('#list-count').textContent()).toBe('1 of 1');
    await ann.page.fill('input[name=q]', 'nothing like this');
    await ann.page.click('.filters button[type=submit]');
    await ann.page.waitForURL(/q=nothing/);
    expect(await ann.page.locator('#list-count').textContent()).toBe('0 of 0');
    await ann.page.fill('input[name=q]', 'r-1');
    await ann.page.selectOption('select[name=type]', 'purchase');
    await ann.page.selectOption('select[name=status]', 'pending');
    await ann.page.click('.filters button[type=submit]');
    await ann.page.waitForURL(/status=pending/);
    expect(await ann.page.locator('table.items tbody tr').count()).toBe(1);
    await ann.page.selectOption('select[name=status]', 'approved');
    await ann.page.click('.filters button[type=submit]');
    await ann.page.waitForURL(/status=approved/);
    expect(await ann.page.locator('table.items tbody tr').count()).toBe(0);
    expect(ann.problems).toEqual([]);
    await ann.context.close();
  }, 60_000);
});
