// What `/request help` and `/case help` say. Slack does not tell an app which thread a slash
// command was typed in (no thread_ts on commands), so case commands name the case, or run in a
// case channel that has exactly one open case.
import type { LoadedCaseFlow, LoadedRequestFlow } from '../../src/core/flow-runtime.ts';
import { escapeMrkdwn } from './mrkdwn.ts';

export function requestHelp(flows: readonly LoadedRequestFlow[]): string {
  const types = flows.map((f) => `• \`${escapeMrkdwn(f.def.id)}\` — ${escapeMrkdwn(f.def.name)}`).join('\n') || '• (no request types are set up yet)';
  return [
    '*Requests with Docket*',
    '`/request` — choose what to request from a list',
    '`/request <type>` — open the form straight away, e.g. `/request purchase` (a clear start of the name is enough: `/request purch`)',
    '`/request help` — this message',
    '*On a request* (the same as the buttons on its card):',
    '`/request R-12 approve [comment]` — approve the step waiting on you',
    '`/request R-12 reject <reason>` — reject it',
    '`/request R-12 send-back <what should change>` — send it back to the requester',
    '`/request R-12 reassign @person` — hand your place on the step to someone else',
    '`/request R-12 add-approver @person` — ask one more approver on the step',
    '`/request R-12 comment <text>` — comment without deciding',
    '`/request R-12 recall [reason]` — withdraw your own request',
    '`/request R-12 edit` — edit and resubmit your request after it was sent back',
    'Several approvals at once: tick them in the Docket Home tab, then Approve selected or Reject selected.',
    'Your request card arrives in your direct messages with Docket; each step\'s outcome is posted in its thread. Approvers get a card with Approve and Reject.',
    'The Docket tab of this app (Home) lists what waits on you, your requests and your cases.',
    '*Request types*',
    types,
  ].join('\n');
}

export function caseHelp(types?: readonly LoadedCaseFlow[]): string {
  // the case types this reader may open here, when known
  const mine = types ? [`Case types you can open here: ${types.map((f) => `\`${escapeMrkdwn(f.def.id)}\``).join(', ') || 'none'}.`] : [];
  return [
    '*Cases with Docket*',
    '`/case` — open a case with a form (type, priority, description)',
    '`/case open <title>` — open a case of this channel\'s type straight away',
    'Working on a case: Slack does not tell Docket which thread a command was typed in, so name the case first, e.g. `/case C-12 status investigating`. In a case channel with just one open case the id may be left out.',
    '`/case C-12 take` — take ownership',
    '`/case C-12 assign @person` — make someone the owner',
    '`/case C-12 status <status>` — move the case on (e.g. investigating, waiting)',
    '`/case C-12 priority <priority>` — change the priority',
    '`/case C-12 note <text>` — write a note on its timeline',
    '`/case C-12 update <text>` — a status update: a note that its members and watchers are told of',
    '`/case C-12 member add @person` · `member remove @person` — bring someone in, or let them go',
    '`/case C-12 watch` · `unwatch` — hear about changes without working on it',
    '`/case C-12 mute` · `unmute` — stop (or start again) hearing about it',
    '`/case C-12 task add <text>` — add a task',
    '`/case C-12 task done <T1>` · `task reopen <T1>` — complete a task, or open it again',
    '`/case C-12 task assign <T1> @person` — give a task to someone',
    '`/case C-12 task due <T1> <YYYY-MM-DD>` — give a task a due date',
    '`/case C-12 link [related|parent|child|duplicate_of] <R-4 or C-7>` — link a request or another case',
    '`/case C-12 request <type>` — start a request from the case (its form opens)',
    '`/case C-12 resolve <resolution>` — resolve it',
    '`/case C-12 reopen [reason]` — reopen it',
    'The case card\'s buttons do the same; the Home tab shows your cases with their buttons.',
    'Replies you write in a case\'s thread are recorded on its timeline.',
    ...mine,
  ].join('\n');
}
