// `/case …` read into what to do. Slash commands are sent with should_escape on (see the
// manifest), so a mention arrives as `<@U123|ann>` and `&`, `<`, `>` as entities.
import { LINK_KINDS } from '../../src/core/links.ts';
import type { Link } from '../../src/core/request/state.ts';
import { unescapeSlack } from './mrkdwn.ts';

/** a person as typed: an @mention (a Slack user id) or an email */
export interface PersonRef {
  slackUser?: string;
  email?: string;
  raw: string;
}

export type CaseAction =
  | { type: 'take' }
  | { type: 'task_add'; title: string }
  | { type: 'task_done'; task: string }
  | { type: 'task_reopen'; task: string }
  | { type: 'task_assign'; task: string; person: PersonRef }
  | { type: 'task_due'; task: string; due: string }
  | { type: 'assign'; person: PersonRef }
  | { type: 'member_add'; person: PersonRef }
  | { type: 'member_remove'; person: PersonRef }
  | { type: 'watch' }
  | { type: 'unwatch' }
  | { type: 'mute' }
  | { type: 'unmute' }
  | { type: 'note'; text: string; update?: boolean }
  | { type: 'status'; status: string }
  | { type: 'priority'; priority: string }
  | { type: 'link'; kind: Link['kind']; target: string }
  | { type: 'start_request'; flow: string }
  | { type: 'resolve'; resolution: string }
  | { type: 'reopen'; reason?: string };

export type CaseIntent =
  | { kind: 'help'; note?: string }
  /** the case form */
  | { kind: 'modal' }
  /** `/case open <title>`, or `/case open <type> <title>` (the handler tells them apart) */
  | { kind: 'open'; title: string }
  /** `case` is the explicit id when given */
  | { kind: 'act'; case?: string; action: CaseAction };

const CASE_ID = /^c-\d{1,9}$/i;

/** `<@U123|ann>` or `ann@example.com` as a person; undefined for anything else */
export function personRef(text: string): PersonRef | undefined {
  const t = text.trim();
  const mention = /^<@([UW][A-Z0-9]+)(?:\|[^>]*)?>$/.exec(t);
  if (mention) return { slackUser: mention[1]!, raw: t };
  if (/^[^\s@<>]+@[^\s@<>]+$/.test(t)) return { email: t.toLowerCase(), raw: t };
  return undefined;
}

export function caseIntent(rawText: string): CaseIntent {
  // mentions keep their <@U…> form for personRef; everything else is plain text
  const text = rawText.replace(/&lt;/g, '<').replace(/&gt;/g, '>').trim();
  if (!text) return { kind: 'modal' };
  const words = text.split(/\s+/);
  let caseId: string | undefined;
  if (CASE_ID.test(words[0]!)) caseId = words.shift()!.toUpperCase();
  const verb = (words.shift() ?? '').toLowerCase();
  const rest = unescapeSlack(words.join(' ').trim());
  const act = (action: CaseAction): CaseIntent => ({ kind: 'act', ...(caseId ? { case: caseId } : {}), action });
  const need = (what: string): CaseIntent => ({ kind: 'help', note: `\`/case ${verb}\` needs ${what}.` });
  const withPerson = (make: (person: PersonRef) => CaseAction): CaseIntent => {
    const person = personRef(words.join(' '));
    return person ? act(make(person)) : need('a person as an @mention or an email');
  };
  switch (verb) {
    case '':
      return { kind: 'help', note: `What should happen to ${caseId ?? 'the case'}?` };
    case 'help':
    case '?':
      return { kind: 'help' };
    case 'open':
    case 'new':
      return rest ? { kind: 'open', title: rest } : { kind: 'modal' };
    case 'take':
      return act({ type: 'take' });
    case 'task': {
      const [sub = '', id = '', ...more] = words;
      const arg = unescapeSlack([id, ...more].join(' ').trim());
      const task = id.toUpperCase();
      switch (sub.toLowerCase()) {
        case 'add':
          return arg ? act({ type: 'task_add', title: arg }) : need('the task, e.g. `/case C-12 task add Call the vendor`');
        case 'done':
          return id ? act({ type: 'task_done', task }) : need('a task id, e.g. `T2`');
        case 'reopen':
          return id ? act({ type: 'task_reopen', task }) : need('a task id, e.g. `T2`');
        case 'assign': {
          const person = personRef(more.join(' '));
          return id && person ? act({ type: 'task_assign', task, person }) : need('a task and a person, e.g. `task assign T2 @ann`');
        }
        case 'due':
          return id && more.length ? act({ type: 'task_due', task, due: more.join(' ') }) : need('a task and a date, e.g. `task due T2 2026-12-24`');
        default:
          return need('`add <text>`, `done <T1>`, `reopen <T1>`, `assign <T1> @person` or `due <T1> <YYYY-MM-DD>`');
      }
    }
    case 'assign':
      return rest ? withPerson((person) => ({ type: 'assign', person })) : need('a person, e.g. `@ann`');
    case 'member':
    case 'members': {
      const [sub = '', ...more] = words;
      const person = personRef(more.join(' '));
      if (!person || !['add', 'remove'].includes(sub.toLowerCase())) return need('`add @person` or `remove @person`');
      return act({ type: sub.toLowerCase() === 'add' ? 'member_add' : 'member_remove', person });
    }
    case 'watch':
    case 'unwatch':
    case 'mute':
    case 'unmute':
      return act({ type: verb });
    case 'note':
      return rest ? act({ type: 'note', text: rest }) : need('the note');
    case 'update':
      return rest ? act({ type: 'note', text: rest, update: true }) : need('the update');
    case 'status':
      return rest ? act({ type: 'status', status: rest }) : need('a status');
    case 'priority':
      return rest ? act({ type: 'priority', priority: rest }) : need('a priority');
    case 'link': {
      const [first = '', second] = words;
      const kind = LINK_KINDS.find((k) => k === first.toLowerCase().replace(/-/g, '_'));
      const target = kind ? second : first;
      if (!target) return need('a request or case id, e.g. `R-4`, and optionally a kind first: `link parent C-3`');
      if (!kind && second) return need(`a kind of link (${LINK_KINDS.join(', ')}) before the id`);
      return act({ type: 'link', kind: kind ?? 'related', target });
    }
    case 'request':
      return rest ? act({ type: 'start_request', flow: rest.split(/\s+/, 1)[0]!.toLowerCase() }) : need('a request type, e.g. `/case C-12 request purchase`');
    case 'resolve':
      return rest ? act({ type: 'resolve', resolution: rest }) : need('the resolution');
    case 'reopen':
      return act(rest ? { type: 'reopen', reason: rest } : { type: 'reopen' });
    default:
      return { kind: 'help', note: `Docket does not know \`/case ${verb.slice(0, 40)}\`.` };
  }
}
