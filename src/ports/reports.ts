// The report queries: aggregates computed in the database (src/store/reports.ts), never by
// loading rows into memory. Durations are wall-clock hours. Weeks are ISO weeks (Monday to
// Sunday, UTC), named by their Monday as YYYY-MM-DD.

/** items submitted or opened in [from, to): ISO instants */
export interface ReportWindow {
  from: string;
  to: string;
}

export interface Percentiles {
  n: number;
  /** median, hours; null when n is 0 */
  p50: number | null;
  p90: number | null;
}

export interface RequestSummaryRow {
  flowId: string;
  submitted: number;
  approved: number;
  rejected: number;
  recalled: number;
  /** still pending or sent back */
  open: number;
  /** requests with at least one step SLA breach */
  breached: number;
  /** submitted → approved or rejected, of the closed ones */
  cycle: Percentiles;
}

export interface WeekVolumeRow {
  week: string;
  submitted: number;
  approved: number;
  rejected: number;
  recalled: number;
  open: number;
}

export interface WeekPercentilesRow extends Percentiles {
  week: string;
}

export interface StepTimeRow extends Percentiles {
  step: string;
  /** requests waiting on this step right now */
  waitingNow: number;
}

export interface WeekBreachRow {
  week: string;
  breaches: number;
  escalations: number;
}

export interface ApproverRow extends Percentiles {
  approver: string;
  approved: number;
  rejected: number;
}

export interface OpenCaseRow {
  flowId: string;
  status: string;
  priority: string;
  n: number;
}

export interface CaseSlaRow {
  flowId: string;
  priority: string;
  opened: number;
  /** opened → first action by someone other than the opener */
  firstResponse: Percentiles;
  /** opened → resolved, of the resolved ones */
  resolution: Percentiles;
  /** cases whose response / resolution SLA the engine's clock marked breached */
  responseBreached: number;
  resolutionBreached: number;
}

export interface CaseBreachWeekRow {
  week: string;
  response: number;
  resolution: number;
}

export interface ReopenRow {
  flowId: string;
  /** resolved at least once */
  resolved: number;
  reopened: number;
}

export interface ReportStore {
  requestSummary(window: ReportWindow): Promise<RequestSummaryRow[]>;
  requestVolume(flowId: string, window: ReportWindow): Promise<WeekVolumeRow[]>;
  cycleTimeByWeek(flowId: string, window: ReportWindow): Promise<WeekPercentilesRow[]>;
  stepTimes(flowId: string, window: ReportWindow): Promise<StepTimeRow[]>;
  requestBreachesByWeek(flowId: string, window: ReportWindow): Promise<WeekBreachRow[]>;
  /** slowest first by median response; approvers with fewer than `minDecisions` left out */
  slowestApprovers(flowId: string | undefined, window: ReportWindow, options?: { limit?: number; minDecisions?: number }): Promise<ApproverRow[]>;
  /** open cases now, by type, status and priority */
  openCases(): Promise<OpenCaseRow[]>;
  caseSla(window: ReportWindow): Promise<CaseSlaRow[]>;
  caseBreachesByWeek(window: ReportWindow): Promise<CaseBreachWeekRow[]>;
  reopenRates(window: ReportWindow): Promise<ReopenRow[]>;
}
