// A report's numbers as one table, drawn three ways from the same rows: an HTML table, the
// chart (reports.js reads the table's data-value cells, so chart and table cannot disagree),
// and a CSV download.
import { html, type Html } from '../html.ts';

export type ColumnKind = 'text' | 'int' | 'hours' | 'percent';
export interface Column {
  key: string;
  label: string;
  kind: ColumnKind;
}
export type Cell = string | number | null;
export type Row = Record<string, Cell>;

export interface Chart {
  type: 'bar' | 'line';
  /** the column whose text labels the x axis */
  x: string;
  /** the numeric columns drawn */
  series: readonly string[];
  stacked?: boolean;
  /** bars across rather than up: long labels (steps, people) read better */
  horizontal?: boolean;
  /** the y axis title */
  unit: string;
}

export interface Report {
  name: string;
  title: string;
  /** one sentence on what it shows and how it is counted */
  note: string;
  columns: readonly Column[];
  rows: readonly Row[];
  chart?: Chart;
}

/** numbers are shown and charted rounded the same way */
export function round(value: number, kind: ColumnKind): number {
  return kind === 'int' ? Math.round(value) : Math.round(value * 10) / 10;
}

function cell(value: Cell, column: Column): Html {
  if (column.kind === 'text') return html`<td>${value ?? ''}</td>`;
  if (value === null || typeof value !== 'number') return html`<td class="num" data-value="">—</td>`;
  const shown = round(value, column.kind);
  return html`<td class="num" data-value="${shown}">${column.kind === 'percent' ? `${shown}%` : shown.toLocaleString('en-US')}</td>`;
}

export function renderTable(report: Report): Html {
  return html`<table class="data report-table" id="table-${report.name}">
    <thead><tr>${report.columns.map((c) => html`<th data-key="${c.key}" class="${c.kind === 'text' ? '' : 'num'}">${c.label}</th>`)}</tr></thead>
    <tbody>${report.rows.length
      ? report.rows.map((r) => html`<tr>${report.columns.map((c) => cell(r[c.key] ?? null, c))}</tr>`)
      : html`<tr><td colspan="${report.columns.length}" class="empty">No data in this period.</td></tr>`}</tbody>
  </table>`;
}

// A cell a spreadsheet would run as a formula (OWASP "CSV injection"): =, +, -, @, tab, CR.
const FORMULA = /^[=+\-@\t\r]/;

export function csvCell(value: Cell, kind: ColumnKind): string {
  if (value === null) return '';
  if (typeof value === 'number') return String(kind === 'text' ? value : round(value, kind));
  let text = value;
  if (FORMULA.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(report: Report): string {
  const lines = [report.columns.map((c) => csvCell(c.label, 'text')).join(',')];
  for (const row of report.rows) lines.push(report.columns.map((c) => csvCell(row[c.key] ?? null, c.kind)).join(','));
  // CRLF line ends (RFC 4180) and a BOM so spreadsheet programs read UTF-8 names right
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
