// Rows for the report benchmark, written straight into the tables with batched inserts: the
// bench measures the report queries, not the engine, so it needs volume fast. The rows have
// the shape the engine writes (the columns the reports read, JSON documents with the fields
// they read, audit events with the types and data they read); the hashes are placeholders.
import type { Knex } from 'knex';
import { Random } from '../src/cli/demo/random.ts';

const HOUR = 3_600_000;
const WEEK = 7 * 24 * HOUR;
const BATCH = 500;
const PEOPLE = ['ann', 'bob', 'carol', 'victor', 'fiona', 'frank', 'ian', 'sara', 'omar', 'tess', 'lee', 'sam'].map((p) => `${p}@example.com`);
const FLOWS = { purchase: ['manager', 'finance', 'cfo'], access: ['manager', 'security'], 'time-off': ['manager'] } as const;
const CASE_FLOWS = { 'it-incident': ['p1', 'p2', 'p3', 'p4'], 'customer-complaint': ['high', 'normal'], 'expense-dispute': ['normal', 'urgent'] } as const;

export interface Generated {
  requests: number;
  cases: number;
  auditRows: number;
}

class Writer {
  readonly rows = { requests: [] as object[], request_approvers: [] as object[], cases: [] as object[], audit_log: [] as object[] };
  auditRows = 0;
  readonly #subjectSeq = new Map<string, number>();
  constructor(
    private readonly trx: Knex.Transaction,
    private seq: number,
  ) {}

  event(at: number, actor: string, type: string, subject: string, data: object): void {
    this.seq++;
    this.auditRows++;
    const subjectSeq = (this.#subjectSeq.get(subject) ?? 0) + 1;
    this.#subjectSeq.set(subject, subjectSeq);
    // not sealed: the reports read these rows, nothing verifies them
    this.rows.audit_log.push({ seq: this.seq, subject_seq: subjectSeq, at: new Date(at).toISOString(), actor, type, subject, data: JSON.stringify(data), digests: '{}', salts: '{}', prev_hash: 'bench', hash: 'bench' });
  }

  async flush(force = false): Promise<void> {
    for (const [table, rows] of Object.entries(this.rows) as [keyof Writer['rows'], object[]][]) {
      if (!force && rows.length < BATCH) continue;
      for (let i = 0; i < rows.length; i += BATCH) await this.trx(table).insert(rows.slice(i, i + BATCH));
      rows.length = 0;
    }
  }

  get lastSeq(): number {
    return this.seq;
  }
}

/**
 * `requests` requests (and 30% as many cases) submitted at an even pace over the `weeks` weeks
 * ending at `end`; ids continue after `firstId`.
 */
export async function generate(db: Knex, options: { requests: number; weeks: number; end: Date; firstId: number; seed: number; now?: Date }): Promise<Generated> {
  const random = new Random(options.seed);
  const endMs = options.end.getTime();
  // what has happened by now: older batches were still decided after their own period ended
  const nowMs = (options.now ?? options.end).getTime();
  const startMs = endMs - options.weeks * WEEK;
  const span = endMs - startMs;
  const cases = Math.round(options.requests * 0.3);
  return db.transaction(async (trx) => {
    const head = (await trx('audit_log').max({ seq: 'seq' }).first()) as { seq: number | string | null };
    const w = new Writer(trx, Number(head.seq ?? 0));
    for (let i = 0; i < options.requests; i++) {
      const id = `R-${options.firstId + i}`;
      const subject = `request:${id}`;
      const flow = random.weighted({ purchase: 45, access: 25, 'time-off': 30 });
      const requester = random.pick(PEOPLE);
      const submitted = startMs + (span * (i + random.next())) / options.requests;
      w.event(submitted, requester, 'request.submitted', subject, { flow });
      let at = submitted;
      let status = 'approved';
      let waitingOn: { step: string; email: string } | undefined;
      for (const step of FLOWS[flow]) {
        if (step !== 'manager' && random.chance(0.6)) {
          w.event(at, requester, 'request.step_skipped', subject, { step });
          continue;
        }
        const approver = random.pick(PEOPLE);
        w.event(at, requester, 'request.step_started', subject, { step, approvers: [approver] });
        const decided = at + random.logNormal(6, 1.1) * HOUR;
        if (decided > nowMs) {
          status = 'pending';
          waitingOn = { step, email: approver };
          break;
        }
        if (random.chance(0.12)) w.event(at + 16 * HOUR, 'clock', 'request.sla_breached', subject, { step });
        if (random.chance(0.03)) w.event(at + 24 * HOUR, 'clock', 'request.escalated', subject, { step, to: [approver] });
        at = decided;
        if (random.chance(0.08)) {
          w.event(at, approver, 'request.rejected_by', subject, { step, comment: 'No.' });
          w.event(at, approver, 'request.step_rejected', subject, { step });
          w.event(at, approver, 'request.rejected', subject, { reason: 'No.' });
          status = 'rejected';
          break;
        }
        w.event(at, approver, 'request.approved_by', subject, { step });
        w.event(at, approver, 'request.step_approved', subject, { step });
      }
      if (status === 'approved') w.event(at, 'clock', 'request.approved', subject, {});
      const closed = status === 'pending' ? null : new Date(at).toISOString();
      const state = { id, flowId: flow, title: `Bench ${flow} ${i}`, requester, status, submittedAt: new Date(submitted).toISOString(), ...(closed ? { closedAt: closed } : {}) };
      w.rows.requests.push({ id, flow_id: flow, flow_version: 'bench', requester, status, title: state.title, submitted_at: state.submittedAt, updated_at: new Date(at).toISOString(), closed_at: closed, version: 1, state: JSON.stringify(state) });
      if (waitingOn) w.rows.request_approvers.push({ request_id: id, email: waitingOn.email, step_id: waitingOn.step });
      await w.flush();
    }
    for (let i = 0; i < cases; i++) {
      const id = `C-${options.firstId + i}`;
      const subject = `case:${id}`;
      const flow = random.weighted({ 'it-incident': 5, 'customer-complaint': 4, 'expense-dispute': 1 });
      const priority = random.pick(CASE_FLOWS[flow]);
      const opener = random.pick(PEOPLE);
      const owner = random.pick(PEOPLE);
      const opened = startMs + (span * (i + random.next())) / cases;
      const responded = opened + random.logNormal(3, 1) * HOUR;
      const resolved = opened + random.logNormal(30, 1) * HOUR;
      const closed = resolved < nowMs;
      const reopens = closed && random.chance(0.06) ? 1 : 0;
      w.event(opened, opener, 'case.opened', subject, { flow, priority });
      if (random.chance(0.15)) w.event(opened + 4 * HOUR, 'clock', 'case.sla_breached', subject, { which: random.chance(0.5) ? 'response' : 'resolution', priority });
      if (closed) w.event(resolved, owner, 'case.resolved', subject, { resolution: 'Done.' });
      const iso = (ms: number) => new Date(ms).toISOString();
      const state = { id, flowId: flow, priority, openedAt: iso(opened), ...(responded < nowMs ? { firstResponseAt: iso(responded) } : {}), ...(closed ? { resolvedAt: iso(resolved) } : {}), reopenCount: reopens };
      w.rows.cases.push({ id, flow_id: flow, flow_version: 'bench', status: closed ? 'resolved' : 'investigating', category: closed ? 'closed' : 'open', priority, owner, opened_by: opener, title: `Bench case ${i}`, opened_at: iso(opened), updated_at: iso(closed ? resolved : opened), resolved_at: closed ? iso(resolved) : null, version: 1, state: JSON.stringify(state) });
      await w.flush();
    }
    await w.flush(true);
    return { requests: options.requests, cases, auditRows: w.auditRows };
  });
}
