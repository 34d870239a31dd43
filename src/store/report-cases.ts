// Report queries about cases: open work by priority and status, response and resolution times
// against the engine's SLA breaches, breaches over time, reopen rate.
import type { Knex } from 'knex';
import type { CaseBreachWeekRow, CaseSlaRow, OpenCaseRow, ReopenRow, ReportWindow } from '../ports/reports.ts';
import { hoursBetween, jsonField, num, numOrNull, percentiles, weekOf } from './report-sql.ts';
import { rawRows, type Dialect } from './sql-util.ts';

type Row = Record<string, unknown>;
const key = (r: Row) => `${String(r.flow_id)}\u0000${String(r.priority)}`;

export class CaseReports {
  constructor(
    private readonly db: Knex,
    private readonly d: Dialect,
  ) {}

  async #rows(sql: string, bindings: readonly unknown[]): Promise<Row[]> {
    return rawRows<Row>(await this.db.raw(sql, bindings as Knex.RawBinding[]));
  }

  async openCases(): Promise<OpenCaseRow[]> {
    const rows = await this.#rows(
      `SELECT flow_id, status, priority, COUNT(*) AS n FROM cases WHERE category IN ('open', 'waiting')
       GROUP BY flow_id, status, priority ORDER BY flow_id, status, priority`,
      [],
    );
    return rows.map((r) => ({ flowId: String(r.flow_id), status: String(r.status), priority: String(r.priority), n: num(r.n) }));
  }

  async sla(w: ReportWindow): Promise<CaseSlaRow[]> {
    const inWindow = 'opened_at >= ? AND opened_at < ?';
    const opened = await this.#rows(`SELECT flow_id, priority, COUNT(*) AS n FROM cases WHERE ${inWindow} GROUP BY flow_id, priority ORDER BY flow_id, priority`, [w.from, w.to]);
    const response = await this.#rows(
      percentiles(this.d, `SELECT flow_id, priority, ${hoursBetween(this.d, 'opened_at', jsonField(this.d, 'state', 'firstResponseAt'))} AS x FROM cases WHERE ${inWindow}`, ['flow_id', 'priority']),
      [w.from, w.to],
    );
    const resolution = await this.#rows(
      percentiles(this.d, `SELECT flow_id, priority, ${hoursBetween(this.d, 'opened_at', 'resolved_at')} AS x FROM cases WHERE ${inWindow} AND resolved_at IS NOT NULL`, ['flow_id', 'priority']),
      [w.from, w.to],
    );
    // from the breach events (few, through audit_log(type, at): a breach comes after the
    // opening) to their cases by primary key; not the other way round, which would probe the
    // audit log once per case
    const breaches = await this.#rows(
      `SELECT flow_id, priority, which, COUNT(*) AS n FROM (
         SELECT DISTINCT c.id, c.flow_id, c.priority, ${jsonField(this.d, 'a.data', 'which')} AS which
         FROM audit_log a JOIN cases c ON c.id = substr(a.subject, 6)
         WHERE a.type = 'case.sla_breached' AND a.at >= ? AND c.opened_at >= ? AND c.opened_at < ?) AS t
       GROUP BY flow_id, priority, which`,
      [w.from, w.from, w.to],
    );
    const responseOf = new Map(response.map((r) => [key(r), r]));
    const resolutionOf = new Map(resolution.map((r) => [key(r), r]));
    const breached = (r: Row, which: string) => num(breaches.find((b) => key(b) === key(r) && b.which === which)?.n);
    const pct = (r: Row | undefined) => ({ n: num(r?.n), p50: numOrNull(r?.p50), p90: numOrNull(r?.p90) });
    return opened.map((r) => ({
      flowId: String(r.flow_id),
      priority: String(r.priority),
      opened: num(r.n),
      firstResponse: pct(responseOf.get(key(r))),
      resolution: pct(resolutionOf.get(key(r))),
      responseBreached: breached(r, 'response'),
      resolutionBreached: breached(r, 'resolution'),
    }));
  }

  async breachesByWeek(w: ReportWindow): Promise<CaseBreachWeekRow[]> {
    const rows = await this.#rows(
      `SELECT week, SUM(CASE WHEN which = 'response' THEN 1 ELSE 0 END) AS response,
         SUM(CASE WHEN which = 'resolution' THEN 1 ELSE 0 END) AS resolution
       FROM (SELECT ${weekOf(this.d, 'at')} AS week, ${jsonField(this.d, 'data', 'which')} AS which FROM audit_log
             WHERE type = 'case.sla_breached' AND at >= ? AND at < ?) AS t
       GROUP BY week ORDER BY week`,
      [w.from, w.to],
    );
    return rows.map((r) => ({ week: String(r.week), response: num(r.response), resolution: num(r.resolution) }));
  }

  async reopenRates(w: ReportWindow): Promise<ReopenRow[]> {
    const rows = await this.#rows(
      `SELECT flow_id, SUM(CASE WHEN resolved_at IS NOT NULL OR reopens > 0 THEN 1 ELSE 0 END) AS resolved,
         SUM(CASE WHEN reopens > 0 THEN 1 ELSE 0 END) AS reopened
       FROM (SELECT flow_id, resolved_at, CAST(COALESCE(${jsonField(this.d, 'state', 'reopenCount')}, '0') AS INTEGER) AS reopens
             FROM cases WHERE opened_at >= ? AND opened_at < ?) AS t
       GROUP BY flow_id ORDER BY flow_id`,
      [w.from, w.to],
    );
    return rows.map((r) => ({ flowId: String(r.flow_id), resolved: num(r.resolved), reopened: num(r.reopened) }));
  }
}
