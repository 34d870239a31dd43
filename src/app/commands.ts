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

export type Command =
  | { type: 'request.submit'; flow: string; form: unknown }
  | { type: 'request.approve'; request: string; step?: string; comment?: string }
  | { type: 'request.reject'; request: string; step?: string; reason: string }
  | { type: 'request.send_back'; request: string; step?: string; reason: string }
  | { type: 'request.resubmit'; request: string; form: unknown }
  | { type: 'request.recall'; request: string; reason?: string }
  | { type: 'request.reassign'; request: string; step?: string; from?: string; to: string }
  | { type: 'request.add_approver'; request: string; step?: string; approver: string }
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
