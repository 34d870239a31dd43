// Every report the console shows, built from the aggregate queries of the ReportStore port:
// per request type (volume, cycle time, time per step, approval rate, breaches, approvers) and
// for cases (open work, response and resolution against SLA, breaches, reopen rate).
import type { Directory } from '../../../src/ports/directory.ts';
import type { ReportStore } from '../../../src/ports/reports.ts';
import type { FlowRegistry } from '../../../src/flows/registry.ts';
import type { Column, Report, Row } from './table.ts';
import { isoWeek, type Period } from './window.ts';

export interface ReportContext {
  reports: ReportStore;
  flows: FlowRegistry;
  directory: Directory;
  period: Period;
  /** the request type the per-type reports are about */
  flowId: string;
}

const col = (key: string, label: string, kind: Column['kind'] = 'int'): Column => ({ key, label, kind });
const rate = (part: number, whole: number): number | null => (whole > 0 ? (100 * part) / whole : null);

function byWeek<T extends { week: string }>(period: Period, rows: readonly T[], empty: Omit<T, 'week'>): Row[] {
  const found = new Map(rows.map((r) => [r.week, r]));
  return period.mondays.map((monday) => ({ ...(empty as object), ...(found.get(monday) ?? {}), week: isoWeek(monday) }) as unknown as Row);
}

function requestFlowName(c: ReportContext, id: string): string {
  return c.flows.requestFlow(id)?.def.name ?? id;
}
function caseFlowName(c: ReportContext, id: string): string {
  return c.flows.caseFlow(id)?.def.name ?? id;
}

type Build = (c: ReportContext) => Promise<Report>;

const requestSummary: Build = async (c) => {
  const rows = await c.reports.requestSummary(c.period);
  return {
    name: 'request-summary',
    title: 'All request types',
    note: 'Requests submitted in the period. Approval rate counts decided requests; cycle time runs from submission to the final decision.',
    columns: [col('type', 'Request type', 'text'), col('submitted', 'Submitted'), col('approved', 'Approved'), col('rejected', 'Rejected'), col('recalled', 'Recalled'), col('open', 'Open'),
      col('approvalRate', 'Approval rate', 'percent'), col('breachedRate', 'With an SLA breach', 'percent'), col('cycleP50', 'Cycle time, median (h)', 'hours'), col('cycleP90', 'Cycle time, p90 (h)', 'hours')],
    rows: rows.map((r) => ({
      type: requestFlowName(c, r.flowId), submitted: r.submitted, approved: r.approved, rejected: r.rejected, recalled: r.recalled, open: r.open,
      approvalRate: rate(r.approved, r.approved + r.rejected), breachedRate: rate(r.breached, r.submitted), cycleP50: r.cycle.p50, cycleP90: r.cycle.p90,
    })),
    chart: { type: 'bar', x: 'type', series: ['approved', 'rejected', 'recalled', 'open'], stacked: true, horizontal: true, unit: 'requests' },
  };
};

const requestVolume: Build = async (c) => {
  const rows = await c.reports.requestVolume(c.flowId, c.period);
  return {
    name: 'request-volume',
    title: 'Volume per week',
    note: 'Requests by the ISO week they were submitted in, split by where they stand now.',
    columns: [col('week', 'Week', 'text'), col('submitted', 'Submitted'), col('approved', 'Approved'), col('rejected', 'Rejected'), col('recalled', 'Recalled'), col('open', 'Open')],
    rows: byWeek(c.period, rows, { submitted: 0, approved: 0, rejected: 0, recalled: 0, open: 0 }),
    chart: { type: 'bar', x: 'week', series: ['approved', 'rejected', 'recalled', 'open'], stacked: true, unit: 'requests' },
  };
};

const cycleTime: Build = async (c) => {
  const rows = await c.reports.cycleTimeByWeek(c.flowId, c.period);
  return {
    name: 'cycle-time',
    title: 'Cycle time',
    note: 'Hours from submission to the final approval or rejection, by week of submission (wall-clock hours, nights and weekends included).',
    columns: [col('week', 'Week', 'text'), col('n', 'Decided'), col('p50', 'Median (h)', 'hours'), col('p90', '90th percentile (h)', 'hours')],
    rows: byWeek(c.period, rows, { n: 0, p50: null, p90: null }),
    chart: { type: 'line', x: 'week', series: ['p50', 'p90'], unit: 'hours' },
  };
};

const stepTimes: Build = async (c) => {
  const rows = await c.reports.stepTimes(c.flowId, c.period);
  const steps = c.flows.requestFlow(c.flowId)?.def.steps ?? [];
  const order = (id: string) => {
    const i = steps.findIndex((s) => s.id === id);
    return i < 0 ? steps.length : i;
  };
  return {
    name: 'step-times',
    title: 'Where requests wait',
    note: 'Hours each step took, from the moment it asked its approvers (or was resubmitted) to its decision or send-back; and how many wait on it now.',
    columns: [col('step', 'Step', 'text'), col('n', 'Decided'), col('p50', 'Median (h)', 'hours'), col('p90', '90th percentile (h)', 'hours'), col('waitingNow', 'Waiting now')],
    rows: [...rows].sort((a, b) => order(a.step) - order(b.step)).map((r) => ({ step: steps.find((s) => s.id === r.step)?.name ?? r.step, n: r.n, p50: r.p50, p90: r.p90, waitingNow: r.waitingNow })),
    chart: { type: 'bar', x: 'step', series: ['p50', 'p90'], horizontal: true, unit: 'hours' },
  };
};

const approvalRate: Build = async (c) => {
  const rows = byWeek(c.period, await c.reports.requestVolume(c.flowId, c.period), { submitted: 0, approved: 0, rejected: 0, recalled: 0, open: 0 });
  return {
    name: 'approval-rate',
    title: 'Approval rate',
    note: 'Of the requests submitted each week and decided since, the share approved.',
    columns: [col('week', 'Week', 'text'), col('approved', 'Approved'), col('rejected', 'Rejected'), col('rate', 'Approval rate', 'percent')],
    rows: rows.map((r) => ({ week: r.week!, approved: r.approved!, rejected: r.rejected!, rate: rate(Number(r.approved), Number(r.approved) + Number(r.rejected)) })),
    chart: { type: 'line', x: 'week', series: ['rate'], unit: '% approved' },
  };
};

const requestBreaches: Build = async (c) => {
  const rows = await c.reports.requestBreachesByWeek(c.flowId, c.period);
  return {
    name: 'request-breaches',
    title: 'SLA breaches',
    note: "Steps that went past their SLA, and escalations, by the week the engine's clock recorded them.",
    columns: [col('week', 'Week', 'text'), col('breaches', 'SLA breaches'), col('escalations', 'Escalations')],
    rows: byWeek(c.period, rows, { breaches: 0, escalations: 0 }),
    chart: { type: 'bar', x: 'week', series: ['breaches', 'escalations'], unit: 'events' },
  };
};

const slowestApprovers: Build = async (c) => {
  const rows = await c.reports.slowestApprovers(c.flowId, c.period, { limit: 10, minDecisions: 3 });
  return {
    name: 'slowest-approvers',
    title: 'Slowest approvers',
    note: 'Hours from being asked (the step starting) to deciding, per person who clicked; at least 3 decisions in the period.',
    columns: [col('approver', 'Approver', 'text'), col('n', 'Decisions'), col('approved', 'Approved'), col('rejected', 'Rejected'), col('p50', 'Median (h)', 'hours'), col('p90', '90th percentile (h)', 'hours')],
    rows: rows.map((r) => ({ approver: c.directory.nameOf(r.approver), n: r.n, approved: r.approved, rejected: r.rejected, p50: r.p50, p90: r.p90 })),
    chart: { type: 'bar', x: 'approver', series: ['p50'], horizontal: true, unit: 'hours' },
  };
};

const openCases: Build = async (c) => {
  const rows = await c.reports.openCases();
  const priorities = [...new Set(rows.map((r) => r.priority))].sort();
  const pivot = new Map<string, Row>();
  for (const r of rows) {
    const flow = c.flows.caseFlow(r.flowId);
    const label = `${caseFlowName(c, r.flowId)}: ${flow?.def.statuses.find((s) => s.id === r.status)?.name ?? r.status}`;
    const row = pivot.get(label) ?? { status: label, total: 0, ...Object.fromEntries(priorities.map((p) => [`p_${p}`, 0])) };
    row[`p_${r.priority}`] = Number(row[`p_${r.priority}`]) + r.n;
    row.total = Number(row.total) + r.n;
    pivot.set(label, row);
  }
  return {
    name: 'open-cases',
    title: 'Open cases by status and priority',
    note: 'Cases not resolved right now (waiting statuses included), by type and status, split by priority.',
    columns: [col('status', 'Type and status', 'text'), ...priorities.map((p) => col(`p_${p}`, p)), col('total', 'Total')],
    rows: [...pivot.values()],
    chart: { type: 'bar', x: 'status', series: priorities.map((p) => `p_${p}`), stacked: true, horizontal: true, unit: 'cases' },
  };
};

const caseSla: Build = async (c) => {
  const rows = await c.reports.caseSla(c.period);
  const target = (flowId: string, priority: string, which: 'response' | 'resolution') => c.flows.caseFlow(flowId)?.def.priorities.find((p) => p.id === priority)?.[which] ?? 'none';
  return {
    name: 'case-sla',
    title: 'Response and resolution against SLA',
    note: "Cases opened in the period, by type and current priority. Times are wall-clock hours; breaches are the engine's own SLA clock (business hours, paused while waiting).",
    columns: [col('type', 'Type and priority', 'text'), col('opened', 'Opened'),
      col('responseSla', 'Response SLA', 'text'), col('responseP50', 'First response, median (h)', 'hours'), col('responseP90', 'First response, p90 (h)', 'hours'), col('responseBreached', 'Response breached', 'percent'),
      col('resolutionSla', 'Resolution SLA', 'text'), col('resolved', 'Resolved'), col('resolutionP50', 'Resolution, median (h)', 'hours'), col('resolutionP90', 'Resolution, p90 (h)', 'hours'), col('resolutionBreached', 'Resolution breached', 'percent')],
    rows: rows.map((r) => ({
      type: `${caseFlowName(c, r.flowId)}: ${r.priority}`, opened: r.opened,
      responseSla: target(r.flowId, r.priority, 'response'), responseP50: r.firstResponse.p50, responseP90: r.firstResponse.p90, responseBreached: rate(r.responseBreached, r.opened),
      resolutionSla: target(r.flowId, r.priority, 'resolution'), resolved: r.resolution.n, resolutionP50: r.resolution.p50, resolutionP90: r.resolution.p90, resolutionBreached: rate(r.resolutionBreached, r.opened),
    })),
    chart: { type: 'bar', x: 'type', series: ['responseBreached', 'resolutionBreached'], horizontal: true, unit: '% of cases breached' },
  };
};

const caseBreaches: Build = async (c) => {
  const rows = await c.reports.caseBreachesByWeek(c.period);
  return {
    name: 'case-breaches',
    title: 'Case SLA breaches over time',
    note: 'Response and resolution SLA breaches of every case type, by the week they happened.',
    columns: [col('week', 'Week', 'text'), col('response', 'Response'), col('resolution', 'Resolution')],
    rows: byWeek(c.period, rows, { response: 0, resolution: 0 }),
    chart: { type: 'bar', x: 'week', series: ['response', 'resolution'], stacked: true, unit: 'breaches' },
  };
};

const reopenRate: Build = async (c) => {
  const rows = await c.reports.reopenRates(c.period);
  return {
    name: 'reopen-rate',
    title: 'Reopen rate',
    note: 'Of the cases opened in the period and resolved at least once, the share reopened afterwards.',
    columns: [col('type', 'Case type', 'text'), col('resolved', 'Resolved'), col('reopened', 'Reopened'), col('rate', 'Reopen rate', 'percent')],
    rows: rows.map((r) => ({ type: caseFlowName(c, r.flowId), resolved: r.resolved, reopened: r.reopened, rate: rate(r.reopened, r.resolved) })),
    chart: { type: 'bar', x: 'type', series: ['rate'], horizontal: true, unit: '% reopened' },
  };
};

/** per request type, for the type chosen on the page */
export const REQUEST_REPORTS: Readonly<Record<string, Build>> = {
  'request-volume': requestVolume,
  'cycle-time': cycleTime,
  'step-times': stepTimes,
  'approval-rate': approvalRate,
  'request-breaches': requestBreaches,
  'slowest-approvers': slowestApprovers,
};

export const OVERVIEW_REPORTS: Readonly<Record<string, Build>> = { 'request-summary': requestSummary };

export const CASE_REPORTS: Readonly<Record<string, Build>> = {
  'open-cases': openCases,
  'case-sla': caseSla,
  'case-breaches': caseBreaches,
  'reopen-rate': reopenRate,
};

export const ALL_REPORTS: Readonly<Record<string, Build>> = { ...OVERVIEW_REPORTS, ...REQUEST_REPORTS, ...CASE_REPORTS };
