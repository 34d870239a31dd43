// What a person types to the bot, in a personal chat or after @mentioning it in a channel:
//   help · request · request <type> · case open [type] <title> · case [C-n] <subcommand> …
// Parsing only; what a command means is the engine's business.
import type { Link } from '../../src/core/request/state.ts';

export type CaseSub =
  | { type: 'take' }
  | { type: 'assign'; to: string }
  | { type: 'member_add'; person: string }
  | { type: 'member_remove'; person: string }
  | { type: 'watch' }
  | { type: 'unwatch' }
  | { type: 'mute' }
  | { type: 'unmute' }
  | { type: 'task_reopen'; task: string }
  | { type: 'task_due'; task: string; due: string }
  | { type: 'start_request'; flow: string }
  | { type: 'status'; status: string }
  | { type: 'priority'; priority: string }
  | { type: 'task_add'; title: string }
  | { type: 'task_done'; task: string }
  | { type: 'task_assign'; task: string; to: string }
  | { type: 'link'; kind: Link['kind']; target: string }
  | { type: 'resolve'; resolution: string }
  | { type: 'reopen'; reason?: string }
  | { type: 'note'; text: string; update?: boolean };

export type RequestSub =
  | { type: 'approve'; comment?: string }
  | { type: 'reject' | 'send_back' | 'comment'; text: string }
  | { type: 'recall'; reason?: string }
  | { type: 'reassign' | 'add_approver'; person: string }
  | { type: 'edit' };

export type TeamsCommand =
  | { type: 'help' }
  | { type: 'inbox' }
  | { type: 'request'; flow?: string }
  | { type: 'request.act'; request: string; sub: RequestSub }
  | { type: 'case.open'; rest: string }
  | { type: 'case'; case?: string; sub: CaseSub }
  /** "case" with something we could not read: show how it goes */
  | { type: 'case.usage'; problem: string }
  | { type: 'unknown'; text: string };

const LINK_KINDS: readonly Link['kind'][] = ['related', 'parent', 'child', 'duplicate_of', 'duplicated_by', 'started', 'started_by'];
const CASE_WORDS = new Set(['take', 'assign', 'status', 'priority', 'task', 'link', 'resolve', 'reopen', 'note', 'member', 'members', 'watch', 'unwatch', 'mute', 'unmute', 'request', 'update']);

/**
 * The text without the bot's own mention (the mention entity's text, e.g. `<at>Docket</at>`),
 * other people's mentions as "@Name", the HTML entities Teams adds, and extra spaces.
 */
export function cleanText(text: string, botMentions: readonly string[] = []): string {
  let t = text;
  for (const m of botMentions) if (m) t = t.split(m).join(' ');
  return t
    .replace(/<at>([^<]*)<\/at>/gi, '@$1')
    .replace(/&nbsp;/g, ' ')
    .replace(/\u00a0/g, ' ')
    .replace(/[ \t]+/g, ' ')
    .trim();
}

/** whether a bare subcommand ("status investigating") was meant for the case of this thread */
export function isCaseWord(text: string): boolean {
  return CASE_WORDS.has(text.trim().split(/\s+/)[0]?.toLowerCase() ?? '');
}

export function parseCommand(input: string): TeamsCommand {
  const text = input.replace(/\s+/g, ' ').trim();
  const [head = '', ...rest] = text.split(' ');
  const word = head.toLowerCase().replace(/^\//, '');
  if (word === '' || word === 'help' || word === '?') return { type: 'help' };
  if (word === 'inbox' || word === 'home') return { type: 'inbox' };
  if ((word === 'request' || word === 'requests') && rest[0] && /^R-\d+$/i.test(rest[0])) return parseRequest(rest[0].toUpperCase(), rest.slice(1));
  if (word === 'request' || word === 'requests') return rest.length ? { type: 'request', flow: rest.join(' ') } : { type: 'request' };
  if (word === 'case' || word === 'cases') return parseCase(rest);
  return { type: 'unknown', text };
}

function parseRequest(request: string, words: string[]): TeamsCommand {
  const [verb = '', ...args] = words;
  const arg = args.join(' ').trim();
  const act = (sub: RequestSub): TeamsCommand => ({ type: 'request.act', request, sub });
  const usage = (problem: string): TeamsCommand => ({ type: 'case.usage', problem });
  switch (verb.toLowerCase().replace(/-/g, '_')) {
    case 'approve':
      return act(arg ? { type: 'approve', comment: arg } : { type: 'approve' });
    case 'reject':
      return arg ? act({ type: 'reject', text: arg }) : usage(`Give a reason: request ${request} reject <reason>.`);
    case 'send_back':
      return arg ? act({ type: 'send_back', text: arg }) : usage(`Say what should change: request ${request} send-back <what>.`);
    case 'comment':
      return arg ? act({ type: 'comment', text: arg }) : usage(`Write the comment: request ${request} comment <text>.`);
    case 'recall':
      return act(arg ? { type: 'recall', reason: arg } : { type: 'recall' });
    case 'reassign':
      return arg ? act({ type: 'reassign', person: arg }) : usage(`Say who: request ${request} reassign <email>.`);
    case 'add_approver':
      return arg ? act({ type: 'add_approver', person: arg }) : usage(`Say who: request ${request} add-approver <email>.`);
    case 'edit':
    case 'resubmit':
      return act({ type: 'edit' });
    default:
      return usage(`What should happen to ${request}? approve · reject <reason> · send-back <what> · reassign <email> · add-approver <email> · comment <text> · recall · edit.`);
  }
}

function parseCase(words: string[]): TeamsCommand {
  if (words[0]?.toLowerCase() === 'open') {
    const rest = words.slice(1).join(' ').trim();
    return rest ? { type: 'case.open', rest } : { type: 'case.usage', problem: 'Give the case a title: case open <title>.' };
  }
  let caseId: string | undefined;
  if (words[0] && /^C-\d+$/i.test(words[0])) caseId = words.shift()!.toUpperCase();
  const [verb = '', ...args] = words;
  const arg = args.join(' ').trim();
  const sub = parseSub(verb.toLowerCase(), args, arg);
  if ('problem' in sub) return { type: 'case.usage', problem: sub.problem };
  return { type: 'case', ...(caseId ? { case: caseId } : {}), sub };
}

function parseSub(verb: string, args: string[], arg: string): CaseSub | { problem: string } {
  switch (verb) {
    case 'take':
      return { type: 'take' };
    case 'assign':
      return arg ? { type: 'assign', to: arg } : { problem: 'Say who: case assign <email>.' };
    case 'status':
      return arg ? { type: 'status', status: arg } : { problem: 'Say which status: case status <status>.' };
    case 'priority':
      return arg ? { type: 'priority', priority: arg } : { problem: 'Say which priority: case priority <priority>.' };
    case 'note':
      return arg ? { type: 'note', text: arg } : { problem: 'Write the note: case note <text>.' };
    case 'update':
      return arg ? { type: 'note', text: arg, update: true } : { problem: 'Write the update: case update <text>.' };
    case 'member':
    case 'members': {
      const [what = '', person = ''] = args;
      if (!person || !['add', 'remove'].includes(what.toLowerCase())) return { problem: 'Members: case member add <email> · case member remove <email>.' };
      return { type: what.toLowerCase() === 'add' ? 'member_add' : 'member_remove', person };
    }
    case 'watch':
    case 'unwatch':
    case 'mute':
    case 'unmute':
      return { type: verb };
    case 'request':
      return arg ? { type: 'start_request', flow: arg } : { problem: 'Say which request: case request <type>.' };
    case 'resolve':
      return arg ? { type: 'resolve', resolution: arg } : { problem: 'Say how it was resolved: case resolve <resolution>.' };
    case 'reopen':
      return arg ? { type: 'reopen', reason: arg } : { type: 'reopen' };
    case 'task': {
      const [what = '', ...more] = args;
      const tail = more.join(' ').trim();
      switch (what.toLowerCase()) {
        case 'add':
          return tail ? { type: 'task_add', title: tail } : { problem: 'Name the task: case task add <title>.' };
        case 'done':
        case 'complete':
          return tail ? { type: 'task_done', task: tail.toUpperCase() } : { problem: 'Say which task: case task done T1.' };
        case 'assign': {
          const [task, to] = more;
          return task && to ? { type: 'task_assign', task: task.toUpperCase(), to } : { problem: 'Say which task and who: case task assign T1 <email>.' };
        }
        case 'reopen':
          return tail ? { type: 'task_reopen', task: tail.toUpperCase() } : { problem: 'Say which task: case task reopen T1.' };
        case 'due': {
          const [task, due] = more;
          return task && due ? { type: 'task_due', task: task.toUpperCase(), due } : { problem: 'Say which task and when: case task due T1 2026-12-24.' };
        }
        default:
          return { problem: 'Tasks: case task add <title> · done <T1> · reopen <T1> · assign <T1> <email> · due <T1> <YYYY-MM-DD>.' };
      }
    }
    case 'link': {
      const [first = '', second] = args;
      const kind = LINK_KINDS.find((k) => k === first.toLowerCase().replace(/[- ]/g, '_'));
      const target = (kind ? second : first) ?? '';
      const subject = subjectOf(target);
      if (!subject || (!kind && second)) return { problem: 'Link to a request or case: case link [related|parent|child|duplicate_of] <R-12 or C-3>.' };
      return { type: 'link', kind: kind ?? 'related', target: subject };
    }
    default:
      return { problem: verb ? `"${verb}" is not a case command.` : 'Say what to do with the case.' };
  }
}

/** "R-12" → "request:R-12", "C-3" → "case:C-3" */
export function subjectOf(id: string): string | undefined {
  const t = id.trim().toUpperCase();
  if (/^R-\d+$/.test(t)) return `request:${t}`;
  if (/^C-\d+$/.test(t)) return `case:${t}`;
  return undefined;
}

export const HELP_LINES = [
  'inbox — what waits on you, your requests and your cases (approve several at once there)',
  'request — the request types you can raise',
  'request <type> — the form of one type, e.g. request purchase',
  'request R-12 approve [comment] · reject <reason> · send-back <what should change>',
  'request R-12 reassign <email> (hand your place on) · add-approver <email> · comment <text>',
  'request R-12 recall [reason] · edit (edit and resubmit after it was sent back)',
  'case open [type] <title> — open a case',
  'case [C-3] take · assign <email> · status <status> · priority <priority> · note <text> · update <text> (told to members and watchers)',
  'case [C-3] member add <email> · member remove <email> · watch · unwatch · mute · unmute',
  'case [C-3] task add <title> · task done <T1> · task reopen <T1> · task assign <T1> <email> · task due <T1> <YYYY-MM-DD>',
  'case [C-3] link [related|parent|child|duplicate_of] <R-12 or C-4> · request <type> (start a request from the case)',
  'case [C-3] resolve <resolution> · reopen [reason]',
  'In a case thread the case is implied; replies there go on its timeline.',
];
