// `/case …` read into what to do. Slash commands are sent with should_escape on (see the
// manifest), so a mention arrives as `<@U123|ann>` and `&`, `<`, `>` as entities.
import { unescapeSlack } from './mrkdwn.ts';

export type CaseAction =
  | { type: 'task_add'; title: string }
  | { type: 'task_done'; task: string }
  | { type: 'assign'; slackUser?: string; email?: string; raw: string }
  | { type: 'status'; status: string }
  | { type: 'priority'; priority: string }
  | { type: 'link'; target: string }
  | { type: 'resolve'; resolution: string };

export type CaseIntent =
  | { kind: 'help'; note?: string }
  /** the case form */
  | { kind: 'modal' }
  /** `/case open <title>`, or `/case open <type> <title>` (the handler tells them apart) */
  | { kind: 'open'; title: string }
  /** `case` is the explicit id when given */
  | { kind: 'act'; case?: string; action: CaseAction };

const CASE_ID = /^c-\d{1,9}$/i;

export function caseIntent(rawText: string): CaseIntent {
  const text = unescapeSlack(rawText).trim();
  if (!text) return { kind: 'modal' };
  const words = text.split(/\s+/);
  let caseId: string | undefined;
  if (CASE_ID.test(words[0]!)) caseId = words.shift()!.toUpperCase();
  const verb = (words.shift() ?? '').toLowerCase();
  const rest = words.join(' ').trim();
  const act = (action: CaseAction): CaseIntent => ({ kind: 'act', ...(caseId ? { case: caseId } : {}), action });
  const need = (what: string): CaseIntent => ({ kind: 'help', note: `\`/case ${verb}\` needs ${what}.` });
  switch (verb) {
    case '':
      return { kind: 'help', note: `What should happen to ${caseId ?? 'the case'}?` };
    case 'help':
    case '?':
      return { kind: 'help' };
    case 'open':
    case 'new':
      return rest ? { kind: 'open', title: rest } : { kind: 'modal' };
    case 'task': {
      const [sub = '', ...more] = rest.split(/\s+/);
      const arg = more.join(' ').trim();
      if (sub.toLowerCase() === 'add') return arg ? act({ type: 'task_add', title: arg }) : need('the task, e.g. `/case C-12 task add Call the vendor`');
      if (sub.toLowerCase() === 'done') return arg ? act({ type: 'task_done', task: arg.toUpperCase() }) : need('a task id, e.g. `T2`');
      return need('`add <text>` or `done <task id>`');
    }
    case 'assign': {
      if (!rest) return need('a person, e.g. `@ann`');
      const mention = /^<@([UW][A-Z0-9]+)(?:\|[^>]*)?>$/.exec(rest);
      if (mention) return act({ type: 'assign', slackUser: mention[1]!, raw: rest });
      if (/^[^\s@<>]+@[^\s@<>]+$/.test(rest)) return act({ type: 'assign', email: rest.toLowerCase(), raw: rest });
      return need('a person as an @mention or an email');
    }
    case 'status':
      return rest ? act({ type: 'status', status: rest }) : need('a status');
    case 'priority':
      return rest ? act({ type: 'priority', priority: rest }) : need('a priority');
    case 'link':
      return rest ? act({ type: 'link', target: rest.split(/\s+/, 1)[0]! }) : need('a request or case id, e.g. `R-4`');
    case 'resolve':
      return rest ? act({ type: 'resolve', resolution: rest }) : need('the resolution');
    default:
      return { kind: 'help', note: `Docket does not know \`/case ${verb.slice(0, 40)}\`.` };
  }
}
