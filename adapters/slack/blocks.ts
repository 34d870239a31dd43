// The platform-neutral Card as Block Kit: header, subtitle, status, fields, why you are asked,
// progress, SLA, footer and the buttons this viewer may press. Every user string is escaped for
// mrkdwn and everything is clipped to Block Kit's limits, so a hostile or huge title can neither
// ping a channel nor make Slack reject the message (`invalid_blocks`).
import type { webApi } from '@slack/bolt';
import type { Card, CardAction, CardProgress, Tone } from '../../src/core/card.ts';
import { encodeActionValue } from './action-value.ts';
import { clip, mrkdwn } from './mrkdwn.ts';

type Block = webApi.KnownBlock;
type Button = webApi.Button;

/** Block Kit's limits (https://docs.slack.dev/reference/block-kit/blocks) */
export const LIMITS = {
  messageBlocks: 50,
  viewBlocks: 100,
  headerText: 150,
  sectionText: 3000,
  fieldText: 2000,
  fieldsPerSection: 10,
  contextElements: 10,
  actionsPerBlock: 25,
  buttonText: 75,
  /** what chat.postMessage shows in notifications; Slack truncates long `text` anyway */
  fallbackText: 3000,
} as const;

export function toneEmoji(tone: Tone): string {
  switch (tone) {
    case 'neutral':
      return ':white_circle:';
    case 'info':
      return ':large_blue_circle:';
    case 'good':
      return ':white_check_mark:';
    case 'warning':
      return ':warning:';
    case 'bad':
      return ':x:';
    default: {
      const unhandled: never = tone;
      throw new Error(`unhandled tone ${String(unhandled)}`);
    }
  }
}

function progressEmoji(state: CardProgress['state']): string {
  switch (state) {
    case 'done':
      return ':white_check_mark:';
    case 'current':
      return ':hourglass_flowing_sand:';
    case 'skipped':
      return ':fast_forward:';
    case 'todo':
      return ':white_circle:';
    case 'rejected':
      return ':x:';
    default: {
      const unhandled: never = state;
      throw new Error(`unhandled progress state ${String(unhandled)}`);
    }
  }
}

function slaEmoji(state: NonNullable<Card['sla']>['state']): string {
  switch (state) {
    case 'on_track':
      return ':large_green_circle:';
    case 'at_risk':
      return ':large_orange_circle:';
    case 'breached':
      return ':red_circle:';
    default: {
      const unhandled: never = state;
      throw new Error(`unhandled SLA state ${String(unhandled)}`);
    }
  }
}

const section = (text: string): Block => ({ type: 'section', text: { type: 'mrkdwn', text: clip(text, LIMITS.sectionText) } });
const context = (text: string): Block => ({ type: 'context', elements: [{ type: 'mrkdwn', text: clip(text, LIMITS.sectionText) }] });

/** The buttons of a card. Action ids repeat-safe: the second "case.complete_task" is "case.complete_task:1". */
export function cardButtons(card: Card): Button[] {
  const seen = new Map<string, number>();
  return card.actions.map((action) => {
    const n = seen.get(action.id) ?? 0;
    seen.set(action.id, n + 1);
    return button(card, action, n === 0 ? action.id : `${action.id}:${n}`);
  });
}

function button(card: Card, action: CardAction, actionId: string): Button {
  return {
    type: 'button',
    action_id: actionId,
    // plain_text is never parsed for mentions or links: no escaping, only the length limit
    text: { type: 'plain_text', text: clip(action.label, LIMITS.buttonText), emoji: true },
    value: encodeActionValue({ subject: card.key, ...(action.value !== undefined ? { value: action.value } : {}), version: card.version }),
    ...(action.style ? { style: action.style } : {}),
    ...(action.id === 'request.recall'
      ? {
          confirm: {
            title: { type: 'plain_text', text: 'Recall this request?' },
            text: { type: 'plain_text', text: 'Approvers will no longer be able to decide on it.' },
            confirm: { type: 'plain_text', text: 'Recall' },
            deny: { type: 'plain_text', text: 'Keep it' },
          },
        }
      : {}),
  };
}

function actionBlocks(card: Card): Block[] {
  const buttons = cardButtons(card);
  const blocks: Block[] = [];
  for (let i = 0; i < buttons.length; i += LIMITS.actionsPerBlock) blocks.push({ type: 'actions', elements: buttons.slice(i, i + LIMITS.actionsPerBlock) });
  return blocks;
}

/** Short values side by side in `fields`; long or multi-line ones each in their own section. */
function fieldBlocks(fields: Card['fields'], budget: number): Block[] {
  const isShort = (f: Card['fields'][number]) => f.value.length <= 80 && !f.value.includes('\n');
  const out: Block[] = [];
  let pending: { type: 'mrkdwn'; text: string }[] = [];
  const flush = () => {
    if (pending.length) out.push({ type: 'section', fields: pending });
    pending = [];
  };
  for (const f of fields) {
    if (isShort(f)) {
      pending.push({ type: 'mrkdwn', text: clip(`*${mrkdwn(f.label, 200)}*\n${mrkdwn(f.value, LIMITS.fieldText)}`, LIMITS.fieldText) });
      if (pending.length === LIMITS.fieldsPerSection) flush();
    } else {
      flush();
      out.push(section(`*${mrkdwn(f.label, 200)}*\n${mrkdwn(f.value, LIMITS.sectionText)}`));
    }
  }
  flush();
  if (out.length <= budget) return out;
  if (budget <= 0) return [];
  // too many to show: keep what fits and say so, rather than have Slack refuse the message
  return [...out.slice(0, Math.max(0, budget - 1)), context(`…and more fields than Slack can show in one message.`)];
}

export interface RenderOptions {
  /** a line above the card: why a click was refused, what just happened */
  notice?: string;
  /** how many blocks the whole surface may hold (50 in a message, 100 in a view) */
  maxBlocks?: number;
}

/** The whole card as message blocks. */
export function cardBlocks(card: Card, options: RenderOptions = {}): Block[] {
  const top: Block[] = [];
  if (options.notice) top.push(section(`:information_source: ${mrkdwn(options.notice, LIMITS.sectionText - 30)}`));
  top.push({ type: 'header', text: { type: 'plain_text', text: clip(card.title || card.key, LIMITS.headerText), emoji: false } });
  top.push(context(mrkdwn(card.subtitle, LIMITS.sectionText)));
  top.push(section(`${toneEmoji(card.status.tone)} *${mrkdwn(card.status.label, 500)}*`));
  const bottom: Block[] = [];
  if (card.why) bottom.push(section(`:bulb: *Why you are asked:* ${mrkdwn(card.why, LIMITS.sectionText - 40)}`));
  if (card.progress.length) bottom.push(section(card.progress.map((p) => `${progressEmoji(p.state)} ${mrkdwn(p.label, 150)}${p.detail ? ` — ${mrkdwn(p.detail, 400)}` : ''}`).join('\n')));
  if (card.sla) bottom.push(context(`${slaEmoji(card.sla.state)} ${mrkdwn(card.sla.label, 500)}`));
  if (card.footer) bottom.push(context(mrkdwn(card.footer, LIMITS.sectionText)));
  const actions = actionBlocks(card);
  const max = options.maxBlocks ?? LIMITS.messageBlocks;
  const budget = max - top.length - bottom.length - actions.length;
  return [...top, ...fieldBlocks(card.fields, budget), ...bottom, ...actions].slice(0, max);
}

/** The notification text of a card (what a phone shows), mrkdwn-escaped. */
export function cardFallback(card: Card): string {
  return clip(`${mrkdwn(card.title, 500)} — ${mrkdwn(card.status.label, 200)}`, LIMITS.fallbackText);
}

/** A short form of a card for the App Home: title, status, why, and its buttons. */
export function compactCardBlocks(card: Card): Block[] {
  const lines = [`*${mrkdwn(card.title, 300)}*  ·  ${mrkdwn(card.subtitle, 300)}`, `${toneEmoji(card.status.tone)} ${mrkdwn(card.status.label, 300)}${card.sla ? `  ·  ${slaEmoji(card.sla.state)} ${mrkdwn(card.sla.label, 300)}` : ''}`];
  if (card.why) lines.push(`:bulb: ${mrkdwn(card.why, 1000)}`);
  return [section(lines.join('\n')), ...actionBlocks(card)];
}

/** A plain message (a notification, a thread line), escaped; with a card below it when given. */
export function messageBlocks(text: string, card?: Card): { text: string; blocks?: Block[] } {
  const escaped = mrkdwn(text, LIMITS.fallbackText);
  if (!card) return { text: escaped };
  return { text: escaped, blocks: [section(escaped), { type: 'divider' }, ...cardBlocks(card, { maxBlocks: LIMITS.messageBlocks - 2 })] };
}
