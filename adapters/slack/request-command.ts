// `/request …` read: help, the picker, one request type's form by id or a clear prefix, or
// something to do on a request by its id (`/request R-12 approve`).
import type { LoadedRequestFlow } from '../../src/core/flow-runtime.ts';
import { type PersonRef, personRef } from './case-command.ts';
import { unescapeSlack } from './mrkdwn.ts';

export type RequestAction =
  | { type: 'approve'; comment?: string }
  | { type: 'reject' | 'send_back' | 'comment'; text: string }
  | { type: 'recall'; reason?: string }
  | { type: 'reassign' | 'add_approver'; person: PersonRef }
  | { type: 'edit' };

export type RequestIntent =
  | { kind: 'help' }
  | { kind: 'picker'; note?: string }
  | { kind: 'form'; flow: LoadedRequestFlow }
  | { kind: 'act'; request: string; action: RequestAction }
  /** `/request R-12 …` that could not be read: how it goes */
  | { kind: 'usage'; note: string };

const REQUEST_ID = /^r-\d{1,9}$/i;

/** `/request R-12 <verb> …`; undefined when the text does not start with a request id */
export function requestActIntent(text: string): RequestIntent | undefined {
  const words = text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').trim().split(/\s+/);
  if (!REQUEST_ID.test(words[0] ?? '')) return undefined;
  const request = words.shift()!.toUpperCase();
  const verb = (words.shift() ?? '').toLowerCase().replace(/-/g, '_');
  const rest = unescapeSlack(words.join(' ').trim());
  const act = (action: RequestAction): RequestIntent => ({ kind: 'act', request, action });
  const usage = (what: string): RequestIntent => ({ kind: 'usage', note: `\`/request ${request} ${verb}\` needs ${what}.` });
  switch (verb) {
    case 'approve':
      return act(rest ? { type: 'approve', comment: rest } : { type: 'approve' });
    case 'reject':
    case 'send_back':
    case 'comment':
      return rest ? act({ type: verb, text: rest }) : usage(verb === 'comment' ? 'the comment' : 'a reason');
    case 'recall':
      return act(rest ? { type: 'recall', reason: rest } : { type: 'recall' });
    case 'reassign':
    case 'add_approver': {
      const person = personRef(words.join(' '));
      return person ? act({ type: verb, person }) : usage('a person as an @mention or an email');
    }
    case 'edit':
    case 'resubmit':
      return act({ type: 'edit' });
    default:
      return { kind: 'usage', note: `What should happen to ${request}? approve, reject <reason>, send-back <reason>, recall, reassign @person, add-approver @person, comment <text>, edit.` };
  }
}

export function requestIntent(text: string, flows: readonly LoadedRequestFlow[]): RequestIntent {
  const query = text.trim().toLowerCase();
  if (!query) return { kind: 'picker' };
  if (query === 'help' || query === '?') return { kind: 'help' };
  const act = requestActIntent(text);
  if (act) return act;
  const tries = [query, query.split(/\s+/, 1)[0]!];
  for (const q of tries) {
    const exact = flows.find((f) => f.def.id === q || f.def.name.toLowerCase() === q);
    if (exact) return { kind: 'form', flow: exact };
    const matches = flows.filter((f) => f.def.id.startsWith(q) || f.def.name.toLowerCase().startsWith(q));
    if (matches.length === 1) return { kind: 'form', flow: matches[0]! };
    if (matches.length > 1) return { kind: 'picker', note: `Several request types start with "${q}": ${matches.map((f) => f.def.id).join(', ')}. Pick one:` };
  }
  return { kind: 'picker', note: `There is no request type "${text.trim().slice(0, 60)}". Pick one:` };
}
