// Parity: every command a person can send the engine has a button and a typed command in Slack
// and in Teams, and each platform's help lists it. The table below is keyed by the engine's own
// lists (COMMAND_TYPES, CASE_COMMAND_TYPES, TASK_COMMAND_TYPES): a new command fails this test
// until both platforms offer it.
import { describe, expect, it } from 'vitest';
import { CARD_ACTIONS, cardCommand, type CommandAction, isCardAction } from '../src/app/card-commands.ts';
import { type Command, COMMAND_TYPES, TASK_COMMAND_TYPES } from '../src/app/commands.ts';
import { CASE_COMMAND_TYPES } from '../src/core/case/commands.ts';
import { caseIntent } from '../adapters/slack/case-command.ts';
import { caseHelp, requestHelp } from '../adapters/slack/help.ts';
import { BULK_ACTIONS, HOME_ACTIONS } from '../adapters/slack/home.ts';
import { requestIntent } from '../adapters/slack/request-command.ts';
import { HELP_LINES, parseCommand } from '../adapters/teams/commands.ts';
import { caseCommand, DONE } from '../adapters/teams/engine-commands.ts';
import { INBOX_VERBS } from '../adapters/teams/inbox.ts';
import { VERBS } from '../adapters/teams/menus.ts';
import { registry } from './support/world.ts';

interface Entry {
  /** the button: a card action id, or the adapter's own button that opens a form */
  button: string;
  /** what a person types after `/request` or `/case` in Slack */
  slack: { command: '/request' | '/case'; text: string; help: string };
  /** what a person types to the bot in Teams */
  teams: { text: string; help: string };
}

const R = 'R-12';
const C = 'C-3';
const table: Record<string, Entry> = {
  'request.submit': { button: HOME_ACTIONS.newRequest, slack: { command: '/request', text: 'purchase', help: '/request <type>' }, teams: { text: 'request purchase', help: 'request <type>' } },
  'request.approve': { button: 'request.approve', slack: { command: '/request', text: `${R} approve`, help: 'approve' }, teams: { text: `request ${R} approve`, help: 'approve' } },
  'request.reject': { button: 'request.reject', slack: { command: '/request', text: `${R} reject Too much`, help: 'reject <reason>' }, teams: { text: `request ${R} reject Too much`, help: 'reject <reason>' } },
  'request.send_back': { button: 'request.send_back', slack: { command: '/request', text: `${R} send-back Which team?`, help: 'send-back' }, teams: { text: `request ${R} send-back Which team?`, help: 'send-back' } },
  'request.resubmit': { button: 'request.resubmit', slack: { command: '/request', text: `${R} edit`, help: 'edit' }, teams: { text: `request ${R} edit`, help: 'edit' } },
  'request.recall': { button: 'request.recall', slack: { command: '/request', text: `${R} recall`, help: 'recall' }, teams: { text: `request ${R} recall`, help: 'recall' } },
  'request.reassign': { button: 'request.reassign', slack: { command: '/request', text: `${R} reassign <@U0CAROL01|carol>`, help: 'reassign @person' }, teams: { text: `request ${R} reassign carol@example.com`, help: 'reassign <email>' } },
  'request.add_approver': { button: 'request.add_approver', slack: { command: '/request', text: `${R} add-approver dave@example.com`, help: 'add-approver @person' }, teams: { text: `request ${R} add-approver dave@example.com`, help: 'add-approver <email>' } },
  'request.comment': { button: 'request.comment', slack: { command: '/request', text: `${R} comment Is this the right team?`, help: 'comment <text>' }, teams: { text: `request ${R} comment Is this the right team?`, help: 'comment <text>' } },
  'case.open': { button: HOME_ACTIONS.newCase, slack: { command: '/case', text: 'open Printer on fire', help: '/case open <title>' }, teams: { text: 'case open Printer on fire', help: 'case open' } },
  'case.update:take': { button: 'case.take', slack: { command: '/case', text: `${C} take`, help: 'take' }, teams: { text: `case ${C} take`, help: 'take' } },
  'case.update:assign': { button: 'case.assign', slack: { command: '/case', text: `${C} assign <@U0ANN00001|ann>`, help: 'assign @person' }, teams: { text: `case ${C} assign ann@example.com`, help: 'assign <email>' } },
  'case.update:add_member': { button: 'case.add_member', slack: { command: '/case', text: `${C} member add dave@example.com`, help: 'member add @person' }, teams: { text: `case ${C} member add dave@example.com`, help: 'member add <email>' } },
  'case.update:remove_member': { button: 'case.remove_member', slack: { command: '/case', text: `${C} member remove dave@example.com`, help: 'member remove @person' }, teams: { text: `case ${C} member remove dave@example.com`, help: 'member remove <email>' } },
  'case.update:add_watcher': { button: 'case.watch', slack: { command: '/case', text: `${C} watch`, help: 'watch' }, teams: { text: `case ${C} watch`, help: 'watch' } },
  'case.update:remove_watcher': { button: 'case.unwatch', slack: { command: '/case', text: `${C} unwatch`, help: 'unwatch' }, teams: { text: `case ${C} unwatch`, help: 'unwatch' } },
  'case.update:mute': { button: 'case.mute', slack: { command: '/case', text: `${C} mute`, help: 'mute' }, teams: { text: `case ${C} mute`, help: 'mute' } },
  'case.update:unmute': { button: 'case.unmute', slack: { command: '/case', text: `${C} unmute`, help: 'unmute' }, teams: { text: `case ${C} unmute`, help: 'unmute' } },
  'case.update:set_status': { button: 'case.set_status', slack: { command: '/case', text: `${C} status investigating`, help: 'status <status>' }, teams: { text: `case ${C} status investigating`, help: 'status <status>' } },
  'case.update:set_priority': { button: 'case.set_priority', slack: { command: '/case', text: `${C} priority p1`, help: 'priority <priority>' }, teams: { text: `case ${C} priority p1`, help: 'priority <priority>' } },
  'case.update:add_note': { button: 'case.add_note', slack: { command: '/case', text: `${C} note Vendor called back`, help: 'note <text>' }, teams: { text: `case ${C} note Vendor called back`, help: 'note <text>' } },
  'case.update:link': { button: 'case.link', slack: { command: '/case', text: `${C} link parent C-1`, help: 'link [related|parent|child|duplicate_of]' }, teams: { text: `case ${C} link parent C-1`, help: 'link [related|parent|child|duplicate_of]' } },
  'case.update:resolve': { button: 'case.resolve', slack: { command: '/case', text: `${C} resolve Replaced the fuser`, help: 'resolve <resolution>' }, teams: { text: `case ${C} resolve Replaced the fuser`, help: 'resolve <resolution>' } },
  'case.update:reopen': { button: 'case.reopen', slack: { command: '/case', text: `${C} reopen Broke again`, help: 'reopen [reason]' }, teams: { text: `case ${C} reopen Broke again`, help: 'reopen [reason]' } },
  'case.task:add': { button: 'case.add_task', slack: { command: '/case', text: `${C} task add Call the vendor`, help: 'task add <text>' }, teams: { text: `case ${C} task add Call the vendor`, help: 'task add <title>' } },
  'case.task:assign': { button: 'case.assign_task', slack: { command: '/case', text: `${C} task assign T1 <@U0ANN00001|ann>`, help: 'task assign <T1> @person' }, teams: { text: `case ${C} task assign T1 ann@example.com`, help: 'task assign <T1> <email>' } },
  'case.task:set_due': { button: 'case.set_task_due', slack: { command: '/case', text: `${C} task due T1 2026-12-24`, help: 'task due <T1> <YYYY-MM-DD>' }, teams: { text: `case ${C} task due T1 2026-12-24`, help: 'task due <T1> <YYYY-MM-DD>' } },
  'case.task:complete': { button: 'case.complete_task', slack: { command: '/case', text: `${C} task done T1`, help: 'task done <T1>' }, teams: { text: `case ${C} task done T1`, help: 'task done <T1>' } },
  'case.task:reopen': { button: 'case.reopen_task', slack: { command: '/case', text: `${C} task reopen T1`, help: 'task reopen <T1>' }, teams: { text: `case ${C} task reopen T1`, help: 'task reopen <T1>' } },
  'case.link': { button: 'case.link', slack: { command: '/case', text: `${C} link duplicate_of C-1`, help: 'link [related|parent|child|duplicate_of]' }, teams: { text: `case ${C} link duplicate_of C-1`, help: 'link [related|parent|child|duplicate_of]' } },
  'case.start_request': { button: 'case.start_request', slack: { command: '/case', text: `${C} request purchase`, help: 'request <type>' }, teams: { text: `case ${C} request purchase`, help: 'request <type>' } },
};

/** what the engine can be asked by a person: each command type, case and task commands one by one */
function operations(): string[] {
  const out: string[] = [];
  for (const type of COMMAND_TYPES) {
    if (type === 'clock.fire') continue; // the clock's own, refused to every person
    if (type === 'case.ingest') continue; // inbound hooks' own (POST /api/v1/hooks/<name>): a system's alert, not a person's command
    if (type === 'case.update') out.push(...CASE_COMMAND_TYPES.map((t) => `case.update:${t}`));
    else if (type === 'case.task') out.push(...TASK_COMMAND_TYPES.map((t) => `case.task:${t}`));
    else out.push(type);
  }
  return out;
}

/** "case.update:set_status" for a command, to compare with the table's key */
function operationOf(command: Command): string {
  if (command.type === 'case.update' || command.type === 'case.task') return `${command.type}:${command.change.type}`;
  return command.type;
}

const FORM_BUTTONS = new Set<string>(['request.resubmit', 'case.start_request', HOME_ACTIONS.newRequest, HOME_ACTIONS.newCase]);
const flows = registry;

describe('parity: every command on every surface', () => {
  it('has an entry for every command a person can send, and none for a command that does not exist', () => {
    expect(Object.keys(table).sort()).toEqual(operations().sort());
  });

  for (const [operation, entry] of Object.entries(table)) {
    describe(operation, () => {
      it('has a button that stands for it, on Slack and Teams alike', () => {
        if (FORM_BUTTONS.has(entry.button)) {
          // a button that opens a form: the form's submission is the command
          expect([...CARD_ACTIONS, ...Object.values(HOME_ACTIONS)]).toContain(entry.button);
          return;
        }
        expect(isCardAction(entry.button), entry.button).toBe(true);
        const subject = operation.startsWith('request.') ? `request:${R}` : `case:${C}`;
        const value = ['case.complete_task', 'case.reopen_task'].includes(entry.button) ? 'T1' : undefined;
        const command = cardCommand(entry.button as CommandAction, subject, value, operation === 'case.update:link' || operation === 'case.link' ? 'C-1' : 'someone@example.com', entry.button === 'case.link' ? 'parent' : entry.button.includes('task') ? 'T1' : '');
        expect(command && operationOf(command), entry.button).toBe(operation === 'case.update:link' ? 'case.link' : operation);
        // Teams says back what each button did; Slack asks what it needs with its own elements
        expect(DONE[entry.button as CommandAction]).toBeTruthy();
      });

      it('can be typed in Slack, and `help` lists it', () => {
        const intent = entry.slack.command === '/request' ? requestIntent(entry.slack.text, flows.requestFlows()) : caseIntent(entry.slack.text);
        expect(['act', 'form', 'open'], JSON.stringify(intent)).toContain(intent.kind);
        const help = entry.slack.command === '/request' ? requestHelp(flows.requestFlows()) : caseHelp();
        expect(help).toContain(entry.slack.help);
      });

      it('can be typed in Teams, and `help` lists it', () => {
        const parsed = parseCommand(entry.teams.text);
        expect(['request', 'request.act', 'case', 'case.open'], JSON.stringify(parsed)).toContain(parsed.type);
        if (parsed.type === 'case' && operation.startsWith('case.')) {
          const command = caseCommand(C, parsed.sub);
          expect(operationOf(command)).toBe(operation === 'case.update:link' ? 'case.link' : operation);
        }
        expect(HELP_LINES.join('\n')).toContain(entry.teams.help);
      });
    });
  }

  it('offers bulk approve in Slack Home and the Teams inbox', () => {
    expect(Object.values(BULK_ACTIONS)).toEqual(['docket.bulk_select', 'docket.bulk_approve', 'docket.bulk_reject']);
    expect(Object.values(INBOX_VERBS)).toContain('inbox.approve');
    expect(parseCommand('inbox')).toEqual({ type: 'inbox' });
    expect(HELP_LINES.join('\n')).toContain('inbox');
    expect(requestHelp(flows.requestFlows())).toContain('Approve selected');
    expect(VERBS.openForm).toBe('form.open');
  });
});
