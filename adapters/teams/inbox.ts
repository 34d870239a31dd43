// The Teams inbox, like Slack's Home tab: what waits on me (ticked to approve or reject several
// at once), my requests, my cases. Typed as `inbox` in the personal chat; the card refreshes
// itself for its reader (Universal Actions `refresh`), so it is current whenever it is opened.
import { bulkValue } from '../../src/app/bulk.ts';
import type { Home } from '../../src/app/views.ts';
import type { Card } from '../../src/core/card.ts';
import { type AdaptiveCard, type AdaptiveElement, type Banner, bannerBlock, clip, emptyCard, text } from './adaptive-card.ts';

export const INBOX_VERBS = { refresh: 'inbox.refresh', approve: 'inbox.approve', reject: 'inbox.reject', open: 'inbox.open' } as const;
export const SELECTED_ID = 'selected';
export const BULK_REASON_ID = 'reason';

/** how many items of each list the card shows; the rest are counted */
const SHOWN = 20;

function list(title: string, total: number, cards: Card[], empty: string): AdaptiveElement[] {
  const out: AdaptiveElement[] = [text(`${title} (${total})`, { weight: 'Bolder', size: 'Medium', separator: true, spacing: 'Large' })];
  if (cards.length === 0) return [...out, text(empty, { isSubtle: true })];
  for (const card of cards.slice(0, SHOWN)) {
    out.push({
      type: 'ColumnSet',
      columns: [
        { type: 'Column', width: 'stretch', items: [text(`${card.title} · ${card.subtitle}`, {}, 200), text(card.status.label + (card.sla ? ` · ${card.sla.label}` : ''), { isSubtle: true, spacing: 'None', size: 'Small' }, 200)] },
        { type: 'Column', width: 'auto', items: [{ type: 'ActionSet', actions: [{ type: 'Action.Execute', title: 'Open', verb: INBOX_VERBS.open, data: { subject: card.key } }] }] },
      ],
    });
  }
  const shown = Math.min(cards.length, SHOWN);
  if (total > shown) out.push(text(`${shown} of ${total} shown — the oldest first; the web console lists them all.`, { isSubtle: true, size: 'Small' }));
  return out;
}

/** the step a waiting card is about: its approve button's value */
const stepOf = (card: Card): string | undefined => card.actions.find((a) => a.id === 'request.approve')?.value;

export function inboxCard(home: Home, name: string, teamsUserId: string, banner?: Banner): AdaptiveCard {
  const counts = home.totals;
  const body: AdaptiveElement[] = [];
  if (banner) body.push(bannerBlock(banner));
  body.push(text(`Docket for ${clip(name, 100)}`, { size: 'Large', weight: 'Bolder', style: 'heading' }));
  const decidable = home.waitingOnMe.filter((c) => stepOf(c) !== undefined);
  body.push(...list('Waiting on me', counts.waitingOnMe, home.waitingOnMe, 'Nothing waits on you. 🎉'));
  if (decidable.length) {
    body.push({
      type: 'Input.ChoiceSet',
      id: SELECTED_ID,
      label: 'Select to decide several at once',
      isMultiSelect: true,
      style: 'expanded',
      choices: decidable.slice(0, SHOWN).map((c) => ({ title: clip(`${c.key.replace(/^request:/, '')} ${c.title}`, 80), value: bulkValue({ request: c.key.replace(/^request:/, ''), ...(stepOf(c) ? { step: stepOf(c)! } : {}) }) })),
    });
    body.push({
      type: 'ActionSet',
      actions: [
        { type: 'Action.Execute', title: 'Approve selected', verb: INBOX_VERBS.approve, style: 'positive' },
        {
          type: 'Action.ShowCard',
          title: 'Reject selected',
          card: { type: 'AdaptiveCard', body: [{ type: 'Input.Text', id: BULK_REASON_ID, label: 'Why are you rejecting them?', isMultiline: true, isRequired: true, maxLength: 2000, errorMessage: 'Please give a reason.' }], actions: [{ type: 'Action.Execute', title: 'Reject selected', verb: INBOX_VERBS.reject, style: 'destructive' }] },
        },
      ],
    });
  }
  body.push(...list('My requests', counts.myRequests, home.myRequests, 'You have no requests. Type "request" to raise one.'));
  body.push(...list('My cases', counts.myCases, home.myCases, 'You are on no open cases.'));
  const out = emptyCard(body, [{ type: 'Action.Execute', title: 'Refresh', verb: INBOX_VERBS.refresh }]);
  out.refresh = { action: { type: 'Action.Execute', title: 'Refresh', verb: INBOX_VERBS.refresh }, userIds: [teamsUserId] };
  out.fallbackText = `Docket inbox: ${counts.waitingOnMe} waiting on you`;
  return out;
}
