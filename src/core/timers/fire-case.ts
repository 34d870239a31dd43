// What the clock does to a case when one of its timers fires: an SLA breach is recorded and
// runs the flow's "sla_breached" rules; an at-risk instant redraws the card; a status-update
// reminder nudges the owner and keeps the cadence on its beat.
import type { Change } from '../change.ts';
import { change } from '../change.ts';
import type { CaseState } from '../case/state.ts';
import { fireCaseRules } from '../case/rules.ts';
import { caseSubject } from '../case/vars.ts';
import type { EngineContext } from '../context.ts';
import type { LoadedCaseFlow } from '../flow-runtime.ts';
import { emit } from '../request/emit.ts';
import { ok, type Result } from '../result.ts';
import { parseDuration } from '../time/duration.ts';
import { lastBeat } from './cadence.ts';
import { caseZone } from './case-clock.ts';
import type { DesiredTimer } from './desired.ts';

export function fireCaseTimer(before: CaseState, flow: LoadedCaseFlow, timer: DesiredTimer, ctx: EngineContext): Result<Change<CaseState>> {
  const c = structuredClone(before);
  const out = change(c);
  const what = timer.what;
  switch (what.kind) {
    case 'case.at_risk':
      return ok(out);
    case 'case.breach':
      emit(out, ctx, 'case.sla_breached', caseSubject(c), { which: what.which, due: timer.dueAt, priority: c.priority });
      fireCaseRules(c, flow, 'sla_breached', ctx, out);
      return ok(out);
    case 'case.status_update': {
      const cadence = flow.def.statusUpdates;
      const every = cadence === 'never' ? undefined : parseDuration(cadence.every);
      if (!every) throw new Error(`timer ${timer.id}: the flow has no status-update cadence`);
      c.updateReminders = { since: lastBeat(ctx.directory.calendar, caseZone(c, ctx.directory), new Date(timer.dueAt), every, ctx.now).toISOString(), sent: what.n };
      emit(out, ctx, 'case.status_update_requested', caseSubject(c), { owner: c.owner ?? null, n: what.n });
      return ok(out);
    }
    case 'case.task_due':
    case 'case.task_overdue': {
      const task = c.tasks.find((t) => t.id === what.task);
      // timers are recomputed from the state, so a done task has none; this is a guard, not a path
      if (!task || task.done) return ok(out);
      const tell = what.kind === 'case.task_due' ? (task.assignee ?? c.owner) : c.owner;
      emit(out, ctx, 'case.task_overdue', caseSubject(c), { task: task.id, title: task.title, due: task.due ?? null, assignee: task.assignee ?? null, tell: tell ?? null, stage: what.kind === 'case.task_due' ? 'due' : 'overdue' });
      return ok(out);
    }
    default:
      throw new Error(`timer ${timer.id}: ${what.kind} is not a case timer`);
  }
}
