// GET /reports: every report for a period, charts drawn in the page by chart.js (served from
// node_modules by us), each with its table and a CSV link. GET /reports/<name>.csv: one report.
import type { WebDeps } from '../deps.ts';
import { html, type Html } from '../html.ts';
import { messagePage } from '../pages/message.ts';
import type { PageReply, Reply, Visit } from '../site.ts';
import { ALL_REPORTS, CASE_REPORTS, OVERVIEW_REPORTS, REQUEST_REPORTS, type ReportContext } from './catalog.ts';
import { type Report, renderTable, toCsv } from './table.ts';
import { parseWeeks, periodOf, WEEK_CHOICES } from './window.ts';

/** the request type asked for, else the busiest one in the period */
async function contextOf(deps: WebDeps, visit: Visit): Promise<ReportContext | undefined> {
  const flows = deps.flows.requestFlows();
  const period = periodOf(deps.now(), parseWeeks(visit.ctx.query.get('weeks')));
  const wanted = flows.find((f) => f.def.id === visit.ctx.query.get('flow'));
  let flowId = wanted?.def.id;
  if (!flowId) {
    const busiest = [...(await deps.reports.requestSummary(period))].sort((a, b) => b.submitted - a.submitted)[0];
    flowId = flows.find((f) => f.def.id === busiest?.flowId)?.def.id ?? flows[0]?.def.id;
  }
  return flowId ? { reports: deps.reports, flows: deps.flows, directory: deps.directory, period, flowId } : undefined;
}

function query(c: ReportContext): string {
  return `flow=${encodeURIComponent(c.flowId)}&weeks=${c.period.weeks}`;
}

function renderReport(report: Report, c: ReportContext, wide = false): Html {
  const chart = report.chart;
  return html`<section class="report${wide ? ' wide' : ''}" id="report-${report.name}">
    <header class="report-head"><h3>${report.title}</h3><a class="csv" href="/reports/${report.name}.csv?${query(c)}" download>CSV</a></header>
    <p class="note">${report.note}</p>
    ${chart && report.rows.length
      ? html`<figure class="chart" data-chart="${chart.type}" data-table="table-${report.name}" data-x="${chart.x}" data-series="${chart.series.join(',')}"
          data-stacked="${chart.stacked ? 'true' : 'false'}" data-horizontal="${chart.horizontal ? 'true' : 'false'}" data-unit="${chart.unit}">
          <canvas id="chart-${report.name}" role="img" aria-label="${`${report.title} chart; the numbers are in the table below`}"></canvas></figure>`
      : ''}
    <details class="numbers"${chart && report.rows.length ? '' : html` open`}><summary>Numbers</summary>${renderTable(report)}</details>
  </section>`;
}

async function build(builds: Readonly<Record<string, (c: ReportContext) => Promise<Report>>>, c: ReportContext): Promise<Report[]> {
  const out: Report[] = [];
  for (const b of Object.values(builds)) out.push(await b(c));
  return out;
}

export async function reportsPage(deps: WebDeps, visit: Visit): Promise<PageReply> {
  const c = await contextOf(deps, visit);
  if (!c) return messagePage(200, 'Reports', ['There are no request types in flows/ yet.']);
  const [overview, perType, cases] = [await build(OVERVIEW_REPORTS, c), await build(REQUEST_REPORTS, c), await build(CASE_REPORTS, c)];
  const flowName = deps.flows.requestFlow(c.flowId)?.def.name ?? c.flowId;
  return {
    kind: 'page',
    title: 'Reports',
    scripts: ['chart.umd.js', 'reports.js'],
    body: html`<div class="reports-head">
        <h1>Reports</h1>
        <form method="get" action="/reports" class="inline filters">
          <label>Request type <select name="flow">${deps.flows.requestFlows().map((f) => html`<option value="${f.def.id}" ${f.def.id === c.flowId ? html`selected` : ''}>${f.def.name}</option>`)}</select></label>
          <label>Period <select name="weeks">${WEEK_CHOICES.map((w) => html`<option value="${w}" ${w === c.period.weeks ? html`selected` : ''}>last ${w} weeks</option>`)}</select></label>
          <button type="submit">Show</button>
        </form>
      </div>
      <p class="muted">From ${c.period.from.slice(0, 10)} to ${c.period.to.slice(0, 10)} (ISO weeks, UTC). Computed in the database from the requests, cases and audit log.</p>
      <div class="report-grid">${overview.map((r) => renderReport(r, c, true))}</div>
      <h2 class="section">${flowName}</h2>
      <div class="report-grid">${perType.map((r) => renderReport(r, c))}</div>
      <h2 class="section">Cases</h2>
      <div class="report-grid">${cases.map((r) => renderReport(r, c))}</div>`,
  };
}

export async function reportCsv(deps: WebDeps, visit: Visit): Promise<Reply> {
  const file = visit.ctx.params.name ?? '';
  const name = file.endsWith('.csv') ? file.slice(0, -4) : '';
  const builder = ALL_REPORTS[name];
  const c = await contextOf(deps, visit);
  if (!builder || !c) return messagePage(404, 'No such report', [`There is no report called "${file.slice(0, 60)}".`], { href: '/reports', label: 'Reports' });
  const report = await builder(c);
  const filename = `${name}${REQUEST_REPORTS[name] ? `-${c.flowId}` : ''}-${c.period.weeks}w.csv`.replace(/[^\w.-]/g, '_');
  return { kind: 'raw', status: 200, body: toCsv(report), headers: { 'Content-Type': 'text/csv; charset=utf-8', 'Content-Disposition': `attachment; filename="${filename}"` } };
}
