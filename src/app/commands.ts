// The commands every surface (Slack, Teams, the web console, the clock) sends to the engine.
import type { CaseCommand } from '../core/case/commands.ts';
import type { Where } from '../core/permissions/where.ts';
import type { Link } from '../core/request/state.ts';

export type TaskCommand =
  | { type: 'add'; title: string; assignee?: string; due?: string }
  | { type: 'assign'; task: string; assignee: string }
  | { type: 'set_due'; task: string; due: string }
  | { type: 'complete'; task: string }
  | { type: 'reopen'; task: string };

/** Every task command type, for the parity test (a type missing here fails to compile below). */
export const TASK_COMMAND_TYPES = ['add', 'assign', 'set_due', 'complete', 'reopen'] as const satisfies readonly TaskCommand['type'][];
type MissingTask = Exclude<TaskCommand['type'], (typeof TASK_COMMAND_TYPES)[number]>;
export const TASK_COMMAND_TYPES_COMPLETE: MissingTask extends never ? true : MissingTask = true;

export type Command =
  | { type: 'request.submit'; flow: string; form: unknown }
  | { type: 'request.approve'; request: string; step?: string; comment?: string }
  | { type: 'request.reject'; request: string; step?: string; reason: string }
  | { type: 'request.send_back'; request: string; step?: string; reason: string }
  | { type: 'request.resubmit'; request: string; form: unknown }
  | { type: 'request.recall'; request: string; reason?: string }
  | { type: 'request.reassign'; request: string; step?: string; from?: string; to: string }
  | { type: 'request.add_approver'; request: string; step?: string; approver: string }
  | { type: 'request.comment'; request: string; text: string }
  | { type: 'case.open'; flow: string; title: string; description?: string; priority?: string; fields?: unknown }
  | { type: 'case.update'; case: string; change: CaseCommand }
  | { type: 'case.task'; case: string; change: TaskCommand }
  | { type: 'case.link'; case: string; kind: Link['kind']; target: string }
  | { type: 'case.start_request'; case: string; flow: string; form: unknown }
  /**
   * an inbound hook's payload, already mapped by the flow's CEL: opens a case for `key`, or
   * notes (and maybe resolves) the open case opened for it before
   */
  | { type: 'case.ingest'; flow: string; hook: string; key: string; title: string; priority?: string; fields: Record<string, unknown>; note?: string; resolved: boolean; resolve: boolean }
  /** the timer runner fires a due timer; only the actor "clock" may send it */
  | { type: 'clock.fire'; timer: string };

/** Every command type, for the parity test and the help texts (a new type must be added here to compile). */
export const COMMAND_TYPES = [
  'request.submit',
  'request.approve',
  'request.reject',
  'request.send_back',
  'request.resubmit',
  'request.recall',
  'request.reassign',
  'request.add_approver',
  'request.comment',
  'case.open',
  'case.update',
  'case.task',
  'case.link',
  'case.start_request',
  'case.ingest',
  'clock.fire',
] as const satisfies readonly Command['type'][];

// the list above names every command type: a type missing from it fails to compile here
type Missing = Exclude<Command['type'], (typeof COMMAND_TYPES)[number]>;
export const COMMAND_TYPES_COMPLETE: Missing extends never ? true : Missing = true;

export interface Envelope {
  /** the acting person's email, already mapped from the platform identity */
  actor: string;
  /** a client key (Slack action id, Teams activity id); the same key twice changes nothing the second time */
  key?: string;
  /**
   * the integration that sent the command for the actor ("api:hr-system"); recorded on every
   * audit event the command writes, so the trail shows who acted and through what
   */
  via?: string;
  command: Command;
  /** where the command was given (a DM, a channel, the console, the API); adapters fill it where they know */
  where?: Where;
}
