// The App Home tab: what waits on me (with Approve and Reject right there), my requests, my
// cases. Published with views.publish whenever the tab is opened or something is done in it.
import type { webApi } from '@slack/bolt';
import type { Home } from '../../src/app/views.ts';
import { bulkValue } from '../../src/app/bulk.ts';
import type { Card } from '../../src/core/card.ts';
import { compactCardBlocks, LIMITS } from './blocks.ts';
import { mrkdwn } from './mrkdwn.ts';

type Block = webApi.KnownBlock;

export const HOME_ACTIONS = { newRequest: 'docket.new_request', newCase: 'docket.new_case', refresh: 'docket.refresh_home' } as const;
/** bulk approve in the Home tab: the ticks, and the two buttons that act on them */
export const BULK_ACTIONS = { select: 'docket.bulk_select', approve: 'docket.bulk_approve', reject: 'docket.bulk_reject' } as const;
/** Slack's checkboxes element takes at most 10 options: the list is ticked in groups of ten */
const CHECKBOXES_MAX = 10;

const header = (text: string): Block => ({ type: 'header', text: { type: 'plain_text', text, emoji: true } });
const note = (text: string): Block => ({ type: 'context', elements: [{ type: 'mrkdwn', text }] });

export interface HomeOptions {
  /** the person's display name */
  name: string;
  /** a line at the top: why a click was refused, what just happened */
  notice?: string;
}

export function homeView(home: Home, options: HomeOptions): webApi.HomeView {
  const top: Block[] = [
    header(`Docket for ${options.name.slice(0, 100)}`),
    {
      type: 'actions',
      elements: [
        { type: 'button', action_id: HOME_ACTIONS.newRequest, text: { type: 'plain_text', text: 'New request' }, style: 'primary' },
        { type: 'button', action_id: HOME_ACTIONS.newCase, text: { type: 'plain_text', text: 'Open a case' } },
        { type: 'button', action_id: HOME_ACTIONS.refresh, text: { type: 'plain_text', text: 'Refresh' } },
      ],
    },
  ];
  if (options.notice) top.push({ type: 'section', text: { type: 'mrkdwn', text: `:information_source: ${mrkdwn(options.notice, 2900)}` } });
  // every section gets a share of the 100 blocks; what waits on me comes first and gets most
  let budget = LIMITS.viewBlocks - top.length - 9;
  const list = (title: string, total: number, cards: Card[], empty: string, withActions: boolean, share: number): Block[] => {
    const out: Block[] = [{ type: 'divider' }, header(`${title} (${total})`)];
    if (cards.length === 0) return [...out, note(empty)];
    const room = Math.min(budget, share);
    let used = 0;
    let shown = 0;
    for (const card of cards) {
      const blocks = withActions ? compactCardBlocks(card) : compactCardBlocks({ ...card, actions: [] });
      if (used + blocks.length > room) break;
      out.push(...blocks);
      used += blocks.length;
      shown += 1;
    }
    // counted, so a long list says how long it is: "20 of 274"
    if (shown < total) out.push(note(`${shown} of ${total} shown — the oldest first. The web console lists them all, with filters.`));
    budget -= used;
    return out;
  };
  const decidable = home.waitingOnMe.filter((c) => c.actions.some((a) => a.id === 'request.approve'));
  const bulk = bulkBlocks(decidable);
  budget -= bulk.length;
  const waiting = list('Waiting on me', home.totals?.waitingOnMe ?? home.waitingOnMe.length, home.waitingOnMe, 'Nothing waits on you. :tada:', true, 40);
  const blocks = [
    ...top,
    ...waiting.slice(0, 2),
    ...bulk,
    ...waiting.slice(2),
    ...list('My requests', home.totals?.myRequests ?? home.myRequests.length, home.myRequests, 'You have no requests. Use `/request` or the button above.', false, 15),
    // a person's own copy of a case card: only the buttons they may press
    ...list('My cases', home.totals?.myCases ?? home.myCases.length, home.myCases, 'You are on no open cases.', true, 25),
  ];
  return { type: 'home', blocks: blocks.slice(0, LIMITS.viewBlocks) };
}

/** ticks for the requests I can decide, in groups of ten, then Approve selected / Reject selected */
function bulkBlocks(cards: Card[]): Block[] {
  if (cards.length < 2) return [];
  const options = cards.map((c) => {
    const step = c.actions.find((a) => a.id === 'request.approve')?.value;
    const request = c.key.replace(/^request:/, '');
    return { text: { type: 'mrkdwn' as const, text: mrkdwn(`${request} ${c.title}`, 150) }, value: bulkValue({ request, ...(step ? { step } : {}) }) };
  });
  const out: Block[] = [note('Tick several to decide them at once; each is recorded as its own decision.')];
  for (let i = 0; i < options.length && out.length < 4; i += CHECKBOXES_MAX) {
    out.push({ type: 'actions', block_id: `bulk:${i / CHECKBOXES_MAX}`, elements: [{ type: 'checkboxes', action_id: BULK_ACTIONS.select, options: options.slice(i, i + CHECKBOXES_MAX) }] });
  }
  out.push({
    type: 'actions',
    elements: [
      { type: 'button', action_id: BULK_ACTIONS.approve, style: 'primary', text: { type: 'plain_text', text: 'Approve selected' } },
      { type: 'button', action_id: BULK_ACTIONS.reject, style: 'danger', text: { type: 'plain_text', text: 'Reject selected' } },
    ],
  });
  return out;
}

/** the Home of a Slack user nobody in org.yaml is behind */
export function strangerHome(): webApi.HomeView {
  return {
    type: 'home',
    blocks: [
      header('Docket'),
      { type: 'section', text: { type: 'mrkdwn', text: 'You are not in the Docket directory yet, so there is nothing to show. Ask an admin to add you to `org.yaml` (with your email or your Slack id).' } },
    ],
  };
}
