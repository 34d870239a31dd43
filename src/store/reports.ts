// The ReportStore port on Knex: aggregate SQL that runs on SQLite and PostgreSQL alike (the
// differences are in report-sql.ts). Nothing here loads an item's rows into memory: every
// query returns one row per group (a week, a step, an approver, a priority).
import type { Knex } from 'knex';
import type { ReportStore, ReportWindow } from '../ports/reports.ts';
import type { Store } from '../ports/store.ts';
import { CaseReports } from './report-cases.ts';
import { RequestReports } from './report-requests.ts';
import { SqlStore } from './sql-store.ts';
import type { Dialect } from './sql-util.ts';

export class SqlReports implements ReportStore {
  readonly #requests: RequestReports;
  readonly #cases: CaseReports;

  constructor(knex: Knex, dialect: Dialect) {
    this.#requests = new RequestReports(knex, dialect);
    this.#cases = new CaseReports(knex, dialect);
  }

  requestSummary(w: ReportWindow) {
    return this.#requests.summary(w);
  }
  requestVolume(flowId: string, w: ReportWindow) {
    return this.#requests.volume(flowId, w);
  }
  cycleTimeByWeek(flowId: string, w: ReportWindow) {
    return this.#requests.cycleTimeByWeek(flowId, w);
  }
  stepTimes(flowId: string, w: ReportWindow) {
    return this.#requests.stepTimes(flowId, w);
  }
  requestBreachesByWeek(flowId: string, w: ReportWindow) {
    return this.#requests.breachesByWeek(flowId, w);
  }
  slowestApprovers(flowId: string | undefined, w: ReportWindow, options?: { limit?: number; minDecisions?: number }) {
    return this.#requests.slowestApprovers(flowId, w, options);
  }
  openCases() {
    return this.#cases.openCases();
  }
  caseSla(w: ReportWindow) {
    return this.#cases.sla(w);
  }
  caseBreachesByWeek(w: ReportWindow) {
    return this.#cases.breachesByWeek(w);
  }
  reopenRates(w: ReportWindow) {
    return this.#cases.reopenRates(w);
  }
}

export function reportsOf(store: Store): ReportStore {
  if (!(store instanceof SqlStore)) throw new Error('reports need a store opened by openStore()');
  return new SqlReports(store.knex, store.dialect);
}
