// The App Home tab: what waits on me (with Approve and Reject right there), my requests, my
// cases. Published with views.publish whenever the tab is opened or something is done in it.
import type { webApi } from '@slack/bolt';
import type { Home } from '../../src/app/views.ts';
import type { Card } from '../../src/core/card.ts';
import { compactCardBlocks, LIMITS } from './blocks.ts';
import { mrkdwn } from './mrkdwn.ts';

type Block = webApi.KnownBlock;

export const HOME_ACTIONS = { newRequest: 'docket.new_request', newCase: 'docket.new_case', refresh: 'docket.refresh_home' } as const;

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
  const list = (title: string, cards: Card[], empty: string, withActions: boolean, share: number): Block[] => {
    const out: Block[] = [{ type: 'divider' }, header(`${title} (${cards.length})`)];
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
    if (shown < cards.length) out.push(note(`…and ${cards.length - shown} more.`));
    budget -= used;
    return out;
  };
  const blocks = [
    ...top,
    ...list('Waiting on me', home.waitingOnMe, 'Nothing waits on you. :tada:', true, 50),
    ...list('My requests', home.myRequests, 'You have no requests. Use `/request` or the button above.', false, 20),
    ...list('My cases', home.myCases, 'You are on no open cases.', false, 20),
  ];
  return { type: 'home', blocks: blocks.slice(0, LIMITS.viewBlocks) };
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
