// The reports page and its CSV downloads over HTTP, and the CSV writer's escaping.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csvCell, toCsv, type Report } from '../../adapters/web/reports/table.ts';
import { isoWeek, parseWeeks, periodOf } from '../../adapters/web/reports/window.ts';
import { Client, startConsole, type RunningConsole } from './support.ts';

describe('CSV', () => {
  it('quotes what needs quoting and defuses cells a spreadsheet would run as formulas', () => {
    expect(csvCell('plain', 'text')).toBe('plain');
    expect(csvCell('a,b', 'text')).toBe('"a,b"');
    expect(csvCell('say "hi"\nbye', 'text')).toBe('"say ""hi""\nbye"');
    expect(csvCell('=HYPERLINK("http://evil","x")', 'text')).toBe(`"'=HYPERLINK(""http://evil"",""x"")"`);
    for (const start of ['+', '-', '@', '\t', '\r']) expect(csvCell(`${start}1+1`, 'text').replace(/^"/, '').startsWith(`'${start}`)).toBe(true);
    expect(csvCell(null, 'hours')).toBe('');
    expect(csvCell(2.345, 'hours')).toBe('2.3');
    expect(csvCell(-3, 'int')).toBe('-3');
  });

  it('writes a header and one line per row, CRLF, with a BOM', () => {
    const report: Report = { name: 'x', title: 'X', note: '', columns: [{ key: 'who', label: 'Who, really', kind: 'text' }, { key: 'n', label: 'N', kind: 'int' }], rows: [{ who: '@admin', n: 3 }, { who: 'b', n: null }] };
    expect(toCsv(report)).toBe(`\uFEFF"Who, really",N\r\n'@admin,3\r\nb,\r\n`);
  });
});

describe('report periods', () => {
  it('are whole ISO weeks, the current one included, and only the offered lengths', () => {
    const p = periodOf(new Date('2026-12-02T15:00:00Z'), 4);
    expect(p).toEqual({ from: '2026-11-09T00:00:00.000Z', to: '2026-12-07T00:00:00.000Z', weeks: 4, mondays: ['2026-11-09', '2026-11-16', '2026-11-23', '2026-11-30'] });
    expect(isoWeek('2026-11-30')).toBe('2026-W49');
    expect(isoWeek('2026-12-28')).toBe('2026-W53');
    expect([parseWeeks('13'), parseWeeks('999'), parseWeeks(null), parseWeeks('1e1')]).toEqual([13, 26, 26, 26]);
  });
});

describe('the reports page', () => {
  let c: RunningConsole;
  beforeAll(async () => {
    c = await startConsole();
    const e = c.engine;
    for (const [item, total] of [['Laptop', '900 EUR'], ['Chair', '150 EUR'], ['Server', '7000 EUR']] as const) {
      await e.execute({ actor: 'ann@example.com', command: { type: 'request.submit', flow: 'purchase', form: { item, total } } });
    }
    c.clock.advance(120);
    await e.execute({ actor: 'bob@example.com', command: { type: 'request.approve', request: 'R-1' } });
    await e.execute({ actor: 'bob@example.com', command: { type: 'request.reject', request: 'R-2', reason: 'No' } });
    await e.execute({ actor: 'ann@example.com', command: { type: 'case.open', flow: 'incident', title: 'VPN down', priority: 'p1' } });
  });
  afterAll(async () => c?.close());

  it('shows every report with a chart and its numbers, busiest request type first', async () => {
    const ann = new Client(c.url);
    await ann.actAs('ann@example.com');
    const page = await ann.get('/reports');
    expect(page.status).toBe(200);
    expect(page.body).toContain('<script src="/assets/chart.umd.js" defer></script><script src="/assets/reports.js" defer></script>');
    for (const name of ['request-summary', 'request-volume', 'cycle-time', 'step-times', 'approval-rate', 'request-breaches', 'slowest-approvers', 'open-cases', 'case-sla', 'case-breaches', 'reopen-rate']) {
      expect(page.body, name).toContain(`id="report-${name}"`);
      expect(page.body, name).toContain(`href="/reports/${name}.csv?flow=purchase&amp;weeks=26"`);
    }
    expect(page.body).toContain('<option value="purchase" selected>Purchase</option>');
    expect(page.body).toMatch(/<figure class="chart" data-chart="bar" data-table="table-request-volume" data-x="week" data-series="approved,rejected,recalled,open"/);
    // this week's row: 3 submitted, 1 approved, 1 rejected, 1 open
    expect(page.body).toContain('<td>2026-W49</td><td class="num" data-value="3">3</td><td class="num" data-value="1">1</td><td class="num" data-value="1">1</td><td class="num" data-value="0">0</td><td class="num" data-value="1">1</td>');
  });

  it('downloads each report as CSV with the same numbers', async () => {
    const ann = new Client(c.url);
    await ann.actAs('ann@example.com');
    const csv = await ann.get('/reports/request-summary.csv?weeks=4');
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(csv.headers.get('content-disposition')).toBe('attachment; filename="request-summary-4w.csv"');
    const lines = csv.body.replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines[0]).toBe('Request type,Submitted,Approved,Rejected,Recalled,Open,Approval rate,With an SLA breach,"Cycle time, median (h)","Cycle time, p90 (h)"');
    expect(lines[1]).toBe('Purchase,3,1,1,0,1,50,0,2,2');
    const perType = await ann.get('/reports/step-times.csv?flow=purchase&weeks=13');
    expect(perType.headers.get('content-disposition')).toBe('attachment; filename="step-times-purchase-13w.csv"');
    expect(perType.body).toContain('Manager approval,2,2,2,1');
    expect((await ann.get('/reports/nope.csv')).status).toBe(404);
    expect((await ann.get('/reports/request-summary')).status).toBe(404);
  });
});
