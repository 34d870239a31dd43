// Tasks on a case: add, assign, give an absolute due time, complete, reopen.
import { DateTime } from 'luxon';
import { change, type Change } from '../change.ts';
import type { EngineContext } from '../context.ts';
import type { LoadedCaseFlow } from '../flow-runtime.ts';
import { isCalendarDate } from '../form/validate.ts';
import { addBusinessTime } from '../time/business-calendar.ts';
import { parseDuration } from '../time/duration.ts';
import { caseZone } from '../timers/case-clock.ts';
import { emit } from '../request/emit.ts';
import { ok, refuse, type Result } from '../result.ts';
import { mayRun } from '../may-run.ts';
import type { CaseState, Task } from './state.ts';
import { caseSubject } from './vars.ts';

export function addTaskTo(c: CaseState, input: { title: string; assignee?: string; due?: string }, ctx: EngineContext, out: Change<CaseState>): Task {
  const task: Task = {
    id: `T${c.nextTask}`,
    title: input.title.replace(/\s+/g, ' ').trim().slice(0, 200),
    ...(input.assignee ? { assignee: input.assignee } : {}),
    ...(input.due ? { due: input.due } : {}),
    createdBy: ctx.actor,
    createdAt: ctx.now.toISOString(),
  };
  c.nextTask += 1;
  c.tasks.push(task);
  emit(out, ctx, 'case.task_added', caseSubject(c), { task: task.id, title: task.title, ...(task.assignee ? { assignee: task.assignee } : {}), ...(task.due ? { due: task.due } : {}) });
  return task;
}

/**
 * A flow's relative due ("30m", "5 business days") as an absolute instant from now, on the org
 * calendar in the owner's time zone (the case's clock runs for the owner).
 */
export function dueAfter(text: string | undefined, c: CaseState, ctx: EngineContext): string | undefined {
  const duration = text ? parseDuration(text) : undefined;
  return duration ? addBusinessTime(ctx.directory.calendar, caseZone(c, ctx.directory), ctx.now, duration).toISOString() : undefined;
}

/**
 * "2026-12-01" (the end of that day where the person setting it is: a date picked in Berlin means
 * Berlin's evening, not UTC's), "2026-12-01T14:30" (UTC) or a full ISO instant.
 */
export function parseDue(text: string, zone = 'UTC'): string | undefined {
  const t = text.trim();
  if (isCalendarDate(t)) {
    const end = DateTime.fromISO(t, { zone }).endOf('day').set({ millisecond: 0 });
    return end.isValid ? end.toUTC().toISO()! : undefined;
  }
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})?$/.test(t) && isCalendarDate(t.slice(0, 10))) {
    const instant = new Date(/(Z|[+-]\d{2}:\d{2})$/.test(t) ? t : `${t}Z`);
    return Number.isNaN(instant.getTime()) ? undefined : instant.toISOString();
  }
  return undefined;
}

type TaskCommand =
  | { type: 'add'; title: string; assignee?: string; due?: string }
  | { type: 'assign'; task: string; assignee: string }
  | { type: 'set_due'; task: string; due: string }
  | { type: 'complete'; task: string }
  | { type: 'reopen'; task: string };

export function changeTask(before: CaseState, flow: LoadedCaseFlow, command: TaskCommand, ctx: EngineContext): Result<Change<CaseState>> {
  const denied = mayRun({ on: 'case', state: before, flow, ask: { type: 'task' } }, ctx);
  if (denied) return denied;
  const c = structuredClone(before);
  const out = change(c);
  const person = (email: string) => ctx.directory.person(email.toLowerCase())?.email;
  if (command.type === 'add') {
    if (!command.title.trim()) return refuse('case.text_required', {});
    const assignee = command.assignee ? person(command.assignee) : undefined;
    if (command.assignee && !assignee) return refuse('person.unknown', { actor: command.assignee });
    const due = command.due ? parseDue(command.due, ctx.directory.timezoneOf(ctx.actor)) : undefined;
    if (command.due && !due) return refuse('case.due_invalid', { due: command.due });
    addTaskTo(c, { title: command.title, ...(assignee ? { assignee } : {}), ...(due ? { due } : {}) }, ctx, out);
    return ok(out);
  }
  const task = c.tasks.find((t) => t.id.toLowerCase() === command.task.trim().toLowerCase());
  if (!task) return refuse('case.task_not_found', { case: c.id, task: command.task });
  const subject = caseSubject(c);
  switch (command.type) {
    case 'assign': {
      const assignee = person(command.assignee);
      if (!assignee) return refuse('person.unknown', { actor: command.assignee });
      task.assignee = assignee;
      emit(out, ctx, 'case.task_assigned', subject, { task: task.id, assignee });
      break;
    }
    case 'set_due': {
      const due = parseDue(command.due, ctx.directory.timezoneOf(ctx.actor));
      if (!due) return refuse('case.due_invalid', { due: command.due });
      task.due = due;
      emit(out, ctx, 'case.task_due_set', subject, { task: task.id, due });
      break;
    }
    case 'complete':
      if (task.done) return refuse('case.task_already_done', { task: task.id });
      task.done = { by: ctx.actor, at: ctx.now.toISOString() };
      emit(out, ctx, 'case.task_completed', subject, { task: task.id });
      break;
    case 'reopen':
      if (!task.done) return refuse('case.task_not_done', { task: task.id });
      delete task.done;
      emit(out, ctx, 'case.task_reopened', subject, { task: task.id });
      break;
    default: {
      const unhandled: never = command;
      throw new Error(`unhandled task command ${JSON.stringify(unhandled)}`);
    }
  }
  return ok(out);
}
