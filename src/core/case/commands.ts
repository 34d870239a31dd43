// Running a case: ownership, people, status, priority, notes, links, resolve and reopen.
import { change, type Change } from '../change.ts';
import type { EngineContext } from '../context.ts';
import type { LoadedCaseFlow } from '../flow-runtime.ts';
import { emit } from '../request/emit.ts';
import type { Link } from '../request/state.ts';
import { ok, refuse, type Result } from '../result.ts';
import { mayRun as mayRunAsk } from '../may-run.ts';
import { mayRun } from './guard.ts';
import { moveCategory, noteUpdate } from './pauses.ts';
import { fireCaseRules } from './rules.ts';
import type { CaseState } from './state.ts';
import { caseSubject } from './vars.ts';

export type CaseCommand =
  | { type: 'take' }
  | { type: 'assign'; to: string }
  | { type: 'add_member'; person: string }
  | { type: 'remove_member'; person: string }
  | { type: 'add_watcher'; person: string }
  | { type: 'remove_watcher'; person: string }
  /** stop (or start again) hearing about this case, for the actor alone */
  | { type: 'mute' }
  | { type: 'unmute' }
  | { type: 'set_status'; status: string }
  | { type: 'set_priority'; priority: string }
  /** `update`: a status update, told to everyone following the case (members, watchers, owner) */
  | { type: 'add_note'; text: string; source?: 'thread' | 'command'; update?: boolean }
  | { type: 'link'; kind: Link['kind']; target: string }
  | { type: 'resolve'; resolution: string }
  | { type: 'reopen'; reason?: string };

/** Every case command type, for the parity test (a type missing here fails to compile below). */
export const CASE_COMMAND_TYPES = [
  'take',
  'assign',
  'add_member',
  'remove_member',
  'add_watcher',
  'remove_watcher',
  'mute',
  'unmute',
  'set_status',
  'set_priority',
  'add_note',
  'link',
  'resolve',
  'reopen',
] as const satisfies readonly CaseCommand['type'][];
type MissingCase = Exclude<CaseCommand['type'], (typeof CASE_COMMAND_TYPES)[number]>;
export const CASE_COMMAND_TYPES_COMPLETE: MissingCase extends never ? true : MissingCase = true;

export function runCase(before: CaseState, flow: LoadedCaseFlow, command: CaseCommand, ctx: EngineContext): Result<Change<CaseState>> {
  const denied = mayRunAsk({ on: 'case', state: before, flow, ask: command }, ctx);
  if (denied) return denied;
  return applyCase(before, flow, command, ctx);
}

/**
 * A command the guard has already allowed under another name: the link a request started from
 * the case leaves on it is part of case.start_request, which a flow may open to people it does
 * not let link by hand (`commands:`), so it is not asked again as a link.
 */
export function applyCase(before: CaseState, flow: LoadedCaseFlow, command: CaseCommand, ctx: EngineContext): Result<Change<CaseState>> {
  const c = structuredClone(before);
  const out = change(c);
  const subject = caseSubject(c);
  const person = (email: string) => ctx.directory.person(email.trim().toLowerCase())?.email;
  const at = ctx.now.toISOString();
  switch (command.type) {
    case 'take':
    case 'assign': {
      const to = command.type === 'take' ? ctx.actor : person(command.to);
      if (!to) return refuse('person.unknown', { actor: command.type === 'assign' ? command.to : ctx.actor });
      if (c.owner === to) return refuse('case.already_owner', { person: ctx.directory.nameOf(to), case: c.id });
      emit(out, ctx, 'case.owner_changed', subject, { from: c.owner ?? null, to });
      // the previous owner stays involved as a member
      if (c.owner && !c.members.includes(c.owner)) c.members.push(c.owner);
      c.owner = to;
      c.members = c.members.filter((m) => m !== to);
      break;
    }
    case 'add_member':
    case 'add_watcher': {
      const who = person(command.person);
      if (!who) return refuse('person.unknown', { actor: command.person });
      const list = command.type === 'add_member' ? c.members : c.watchers;
      if (!list.includes(who) && c.owner !== who) {
        list.push(who);
        emit(out, ctx, command.type === 'add_member' ? 'case.member_added' : 'case.watcher_added', subject, { person: who });
      }
      break;
    }
    case 'remove_member':
    case 'remove_watcher': {
      const who = person(command.person) ?? command.person.trim().toLowerCase();
      const list = command.type === 'remove_member' ? c.members : c.watchers;
      if (list.includes(who)) {
        list.splice(list.indexOf(who), 1);
        emit(out, ctx, command.type === 'remove_member' ? 'case.member_removed' : 'case.watcher_removed', subject, { person: who });
      }
      break;
    }
    case 'mute':
    case 'unmute': {
      const muted = c.muted.includes(ctx.actor);
      if (command.type === 'mute' && !muted) {
        c.muted.push(ctx.actor);
        emit(out, ctx, 'case.muted', subject, {});
      } else if (command.type === 'unmute' && muted) {
        c.muted = c.muted.filter((m) => m !== ctx.actor);
        emit(out, ctx, 'case.unmuted', subject, {});
      }
      break;
    }
    case 'set_status': {
      const wanted = command.status.trim().toLowerCase();
      const status = flow.def.statuses.find((s) => s.id === wanted || s.name.toLowerCase() === wanted);
      if (!status) return refuse('case.status_unknown', { status: command.status, flow: flow.def.name, choices: flow.def.statuses.map((s) => s.id) });
      if (status.id === c.status) return ok(out);
      const allowed = flow.def.transitions[c.status];
      if (allowed && !allowed.includes(status.id)) return refuse('case.transition_not_allowed', { case: c.id, from: c.status, to: status.id, choices: allowed });
      emit(out, ctx, 'case.status_changed', subject, { from: c.status, to: status.id, category: status.category });
      c.status = status.id;
      moveCategory(c, status.category, at);
      if (status.category === 'closed') c.resolvedAt = at;
      noteUpdate(c, ctx.actor, at);
      fireCaseRules(c, flow, 'status_changed', ctx, out);
      break;
    }
    case 'set_priority': {
      const wanted = command.priority.trim().toLowerCase();
      const priority = flow.def.priorities.find((p) => p.id.toLowerCase() === wanted || p.name.toLowerCase() === wanted);
      if (!priority) return refuse('case.priority_unknown', { priority: command.priority, flow: flow.def.name, choices: flow.def.priorities.map((p) => p.id) });
      if (priority.id === c.priority) return ok(out);
      emit(out, ctx, 'case.priority_changed', subject, { from: c.priority, to: priority.id });
      c.priority = priority.id;
      noteUpdate(c, ctx.actor, at);
      fireCaseRules(c, flow, 'priority_changed', ctx, out);
      break;
    }
    case 'add_note': {
      const text = command.text.trim().slice(0, 4000);
      if (!text) return refuse('case.text_required', {});
      emit(out, ctx, 'case.note_added', subject, { text, source: command.source ?? 'command', ...(command.update ? { update: true } : {}) });
      noteUpdate(c, ctx.actor, at);
      break;
    }
    case 'link': {
      if (command.target === subject) return refuse('case.link_self', {});
      if (!c.links.some((l) => l.subject === command.target && l.kind === command.kind)) {
        c.links.push({ kind: command.kind, subject: command.target });
        emit(out, ctx, 'case.linked', subject, { kind: command.kind, target: command.target });
      }
      break;
    }
    case 'resolve': {
      const resolution = command.resolution.trim().slice(0, 2000);
      if (!resolution) return refuse('case.text_required', {});
      const closed = flow.def.statuses.find((s) => s.id === flow.def.resolvedStatus) ?? flow.def.statuses.find((s) => s.category === 'closed')!;
      emit(out, ctx, 'case.resolved', subject, { from: c.status, to: closed.id, resolution });
      c.status = closed.id;
      moveCategory(c, 'closed', at);
      c.resolution = resolution;
      c.resolvedAt = at;
      fireCaseRules(c, flow, 'status_changed', ctx, out);
      break;
    }
    case 'reopen': {
      const initial = flow.def.statuses.find((s) => s.id === flow.def.initialStatus)!;
      const reopenTo = initial.category === 'closed' ? flow.def.statuses.find((s) => s.category === 'open')! : initial;
      emit(out, ctx, 'case.reopened', subject, { from: c.status, to: reopenTo.id, ...(command.reason?.trim() ? { reason: command.reason.trim().slice(0, 2000) } : {}) });
      c.status = reopenTo.id;
      moveCategory(c, reopenTo.category, at);
      c.reopenCount += 1;
      noteUpdate(c, ctx.actor, at);
      delete c.resolvedAt;
      delete c.resolution;
      fireCaseRules(c, flow, 'status_changed', ctx, out);
      break;
    }
    default: {
      const unhandled: never = command;
      throw new Error(`unhandled case command ${JSON.stringify(unhandled)}`);
    }
  }
  // the response clock stops at the first thing someone other than the opener does
  // — someone who runs the case (owner, member, admin), not a bystander writing a note or watching
  const responded = out.events.some((e) => !['case.watcher_added', 'case.watcher_removed', 'case.muted', 'case.unmuted'].includes(e.type));
  if (!c.firstResponseAt && responded && ctx.actor !== c.openedBy && !mayRun(c, ctx)) c.firstResponseAt = at;
  return ok(out);
}
