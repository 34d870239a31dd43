// Report queries about requests: volume, cycle time, time per step, breaches, approvers.
// Served by requests(flow_id, submitted_at, status, closed_at) and audit_log(subject, seq) /
// audit_log(type, at) (migrations 001 and 005): each reads the window's rows through an index.
import type { Knex } from 'knex';
import type { ApproverRow, ReportWindow, RequestSummaryRow, StepTimeRow, WeekBreachRow, WeekPercentilesRow, WeekVolumeRow } from '../ports/reports.ts';
import { hoursBetween, jsonField, num, numOrNull, percentiles, weekOf } from './report-sql.ts';
import { rawRows, type Dialect } from './sql-util.ts';

type Row = Record<string, unknown>;

const STARTS = `('request.step_started', 'request.resubmitted')`;
const STEP_ENDS = `('request.step_approved', 'request.step_rejected', 'request.sent_back')`;
const VOTES = `('request.approved_by', 'request.rejected_by')`;

export class RequestReports {
  constructor(
    private readonly db: Knex,
    private readonly d: Dialect,
  ) {}

  async #rows(sql: string, bindings: readonly unknown[]): Promise<Row[]> {
    return rawRows<Row>(await this.db.raw(sql, bindings as Knex.RawBinding[]));
  }

  /**
   * Hours from submission to the final decision; NULL for requests not decided (left out of
   * the percentiles). A CASE rather than a WHERE on status, so the period's range stays on the
   * covering index instead of the planner picking the status index.
   */
  #cycle(): string {
    return `CASE WHEN status IN ('approved', 'rejected') AND closed_at IS NOT NULL THEN ${hoursBetween(this.d, 'submitted_at', 'closed_at')} END`;
  }

  async summary(w: ReportWindow): Promise<RequestSummaryRow[]> {
    const counts = await this.#rows(
      `SELECT flow_id, COUNT(*) AS submitted,
         SUM(CASE WHEN status = 'approved' THEN 1 ELSE 0 END) AS approved,
         SUM(CASE WHEN status = 'rejected' THEN 1 ELSE 0 END) AS rejected,
         SUM(CASE WHEN status = 'recalled' THEN 1 ELSE 0 END) AS recalled,
         SUM(CASE WHEN status IN ('pending', 'changes_requested') THEN 1 ELSE 0 END) AS open
       FROM requests WHERE submitted_at >= ? AND submitted_at < ? GROUP BY flow_id ORDER BY flow_id`,
      [w.from, w.to],
    );
    const cycle = await this.#rows(
      percentiles(this.d, `SELECT flow_id, ${this.#cycle()} AS x FROM requests WHERE submitted_at >= ? AND submitted_at < ?`, ['flow_id']),
      [w.from, w.to],
    );
    // from the breach events (audit_log(type, at); a breach comes after the submission) to
    // their requests by primary key
    const breached = await this.#rows(
      `SELECT r.flow_id, COUNT(DISTINCT r.id) AS n FROM audit_log a JOIN requests r ON r.id = substr(a.subject, 9)
       WHERE a.type = 'request.sla_breached' AND a.at >= ? AND r.submitted_at >= ? AND r.submitted_at < ? GROUP BY r.flow_id`,
      [w.from, w.from, w.to],
    );
    const cycleOf = new Map(cycle.map((r) => [String(r.flow_id), r]));
    const breachedOf = new Map(breached.map((r) => [String(r.flow_id), num(r.n)]));
    return counts.map((r) => {
      const flowId = String(r.flow_id);
      const c = cycleOf.get(flowId);
      return {
        flowId,
        submitted: num(r.submitted),
        approved: num(r.approved),
        rejected: num(r.rejected),
        recalled: num(r.recalled),
        open: num(r.open),
        breached: breachedOf.get(flowId) ?? 0,
        cycle: { n: num(c?.n), p50: numOrNull(c?.p50), p90: numOrNull(c?.p90) },
      };
    });
  }

  async volume(flowId: string, w: ReportWindow): Promise<WeekVolumeRow[]> {
    const rows = await this.#rows(
      `SELECT week, COUNT(*) AS submitted,
         SUM(CASE WHEN status = 'approved' THEN 1 ELSE 0 END) AS approved,
         SUM(CASE WHEN status = 'rejected' THEN 1 ELSE 0 END) AS rejected,
         SUM(CASE WHEN status = 'recalled' THEN 1 ELSE 0 END) AS recalled,
         SUM(CASE WHEN status IN ('pending', 'changes_requested') THEN 1 ELSE 0 END) AS open
       FROM (SELECT ${weekOf(this.d, 'submitted_at')} AS week, status FROM requests
             WHERE flow_id = ? AND submitted_at >= ? AND submitted_at < ?) AS t
       GROUP BY week ORDER BY week`,
      [flowId, w.from, w.to],
    );
    return rows.map((r) => ({ week: String(r.week), submitted: num(r.submitted), approved: num(r.approved), rejected: num(r.rejected), recalled: num(r.recalled), open: num(r.open) }));
  }

  async cycleTimeByWeek(flowId: string, w: ReportWindow): Promise<WeekPercentilesRow[]> {
    const rows = await this.#rows(
      `${percentiles(this.d, `SELECT ${weekOf(this.d, 'submitted_at')} AS week, ${this.#cycle()} AS x FROM requests
         WHERE flow_id = ? AND submitted_at >= ? AND submitted_at < ?`, ['week'])} ORDER BY week`,
      [flowId, w.from, w.to],
    );
    return rows.map((r) => ({ week: String(r.week), n: num(r.n), p50: numOrNull(r.p50), p90: numOrNull(r.p90) }));
  }

  /**
   * The events of the window's requests of one flow (or all), with the step each is about.
   * Bindings: [flowId,] from, from, to. "a.at >= from" adds nothing logically (a request's
   * events come after its submission) but lets the planner read audit_log(type, at) for the
   * window instead of every event of those types (PostgreSQL otherwise hashes them all). The
   * join is written both ways round so whichever table the planner reads first, the other is
   * reached by its index: audit_log(subject, seq) from a request, the primary key from an event.
   */
  #events(types: string, flowId: string | undefined): string {
    return `SELECT a.subject, a.seq, a.type, a.at, a.actor, ${jsonField(this.d, 'a.data', 'step')} AS step
      FROM requests r JOIN audit_log a ON a.subject = 'request:' || r.id AND r.id = substr(a.subject, 9)
      WHERE ${flowId === undefined ? '' : 'r.flow_id = ? AND '}a.at >= ? AND r.submitted_at >= ? AND r.submitted_at < ? AND a.type IN ${types}`;
  }

  #eventBindings(flowId: string | undefined, w: ReportWindow): string[] {
    return [...(flowId === undefined ? [] : [flowId]), w.from, w.from, w.to];
  }

  /**
   * Each event with the latest start of its step before it (a resubmission restarts the step):
   * a running MAX over the step's events in seq order.
   */
  #spans(types: string, flowId: string | undefined): string {
    return `SELECT subject, step, type, at, actor,
        MAX(CASE WHEN type IN ${STARTS} THEN at END) OVER (PARTITION BY subject, step ORDER BY seq ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS started
      FROM (${this.#events(types, flowId)}) AS ev`;
  }

  async stepTimes(flowId: string, w: ReportWindow): Promise<StepTimeRow[]> {
    const types = `('request.step_started', 'request.resubmitted', 'request.step_approved', 'request.step_rejected', 'request.sent_back')`;
    const inner = `SELECT step, ${hoursBetween(this.d, 'started', 'at')} AS x FROM (${this.#spans(types, flowId)}) AS s
      WHERE type IN ${STEP_ENDS} AND started IS NOT NULL AND step IS NOT NULL`;
    const times = await this.#rows(percentiles(this.d, inner, ['step']), this.#eventBindings(flowId, w));
    const waiting = await this.#rows(
      `SELECT ra.step_id AS step, COUNT(DISTINCT ra.request_id) AS n FROM request_approvers ra
         JOIN requests r ON r.id = ra.request_id WHERE r.flow_id = ? AND r.status = 'pending' GROUP BY ra.step_id`,
      [flowId],
    );
    const steps = new Map<string, StepTimeRow>();
    for (const r of times) steps.set(String(r.step), { step: String(r.step), n: num(r.n), p50: numOrNull(r.p50), p90: numOrNull(r.p90), waitingNow: 0 });
    for (const r of waiting) {
      const step = String(r.step);
      const row = steps.get(step) ?? { step, n: 0, p50: null, p90: null, waitingNow: 0 };
      row.waitingNow = num(r.n);
      steps.set(step, row);
    }
    return [...steps.values()];
  }

  async breachesByWeek(flowId: string, w: ReportWindow): Promise<WeekBreachRow[]> {
    const rows = await this.#rows(
      `SELECT week, SUM(CASE WHEN type = 'request.sla_breached' THEN 1 ELSE 0 END) AS breaches,
         SUM(CASE WHEN type = 'request.escalated' THEN 1 ELSE 0 END) AS escalations
       FROM (SELECT ${weekOf(this.d, 'a.at')} AS week, a.type FROM audit_log a JOIN requests r ON r.id = substr(a.subject, 9)
             WHERE a.type IN ('request.sla_breached', 'request.escalated') AND a.at >= ? AND a.at < ? AND r.flow_id = ?) AS t
       GROUP BY week ORDER BY week`,
      [w.from, w.to, flowId],
    );
    return rows.map((r) => ({ week: String(r.week), breaches: num(r.breaches), escalations: num(r.escalations) }));
  }

  async slowestApprovers(flowId: string | undefined, w: ReportWindow, options: { limit?: number; minDecisions?: number } = {}): Promise<ApproverRow[]> {
    const types = `('request.step_started', 'request.resubmitted', 'request.approved_by', 'request.rejected_by')`;
    const inner = `SELECT actor, type, ${hoursBetween(this.d, 'started', 'at')} AS x FROM (${this.#spans(types, flowId)}) AS s
      WHERE type IN ${VOTES} AND started IS NOT NULL`;
    const grouped = percentiles(this.d, inner, ['actor'], [
      "SUM(CASE WHEN type = 'request.approved_by' THEN 1 ELSE 0 END) AS approved",
      "SUM(CASE WHEN type = 'request.rejected_by' THEN 1 ELSE 0 END) AS rejected",
    ]);
    const limit = Math.max(1, Math.min(100, Math.floor(options.limit ?? 10)));
    const rows = await this.#rows(`SELECT * FROM (${grouped}) AS p WHERE n >= ? ORDER BY p50 DESC, actor LIMIT ${limit}`, [...this.#eventBindings(flowId, w), options.minDecisions ?? 3]);
    return rows.map((r) => ({ approver: String(r.actor), n: num(r.n), p50: numOrNull(r.p50), p90: numOrNull(r.p90), approved: num(r.approved), rejected: num(r.rejected) }));
  }
}
