// The platform-neutral Card (src/core/card.ts) as an Adaptive Card 1.5 with Universal Actions:
// every button is an Action.Execute whose verb is the card action id and whose data says what it
// acts on ({ subject, value, version }); a Teams client sends it back as an `adaptiveCard/action`
// invoke. `refresh` makes Teams ask again for the viewers listed in `userIds`, so each of them
// sees the buttons they may press now (the approver's Approve, not the requester's).
import type { Card, CardAction, CardProgress, Tone } from '../../src/core/card.ts';
import { escapeLine, escapeMarkdown } from './markdown.ts';

export type AdaptiveElement = Record<string, unknown>;
export interface AdaptiveCard {
  type: 'AdaptiveCard';
  $schema: string;
  version: '1.5';
  body: AdaptiveElement[];
  actions?: AdaptiveElement[];
  refresh?: { action: AdaptiveElement; userIds: string[] };
  msteams?: Record<string, unknown>;
  [key: string]: unknown;
}

export const ADAPTIVE_CARD_CONTENT_TYPE = 'application/vnd.microsoft.card.adaptive';
export const REFRESH_VERB = 'refresh';
/** the id of the input whose value an action with `input` sends back */
export const ACTION_INPUT_ID = 'input';
/** Teams renders at most this many actions in a card's action bar */
const MAX_TOP_ACTIONS = 6;
/** Teams auto-refreshes a card for at most 60 listed users */
const MAX_REFRESH_USERS = 60;

export interface Banner {
  tone: 'error' | 'good' | 'info';
  text: string;
}

export interface RenderOptions {
  /** Teams user ids (29:…) for whom the card refreshes itself when shown */
  userIds?: readonly string[];
  /** shown above the card: a refusal, or a confirmation of what the click did */
  banner?: Banner;
}

const colorOf: Record<Tone, string> = { neutral: 'Default', info: 'Accent', good: 'Good', warning: 'Warning', bad: 'Attention' };
const markOf: Record<CardProgress['state'], string> = { done: '✅', current: '⏳', skipped: '⏭️', todo: '▫️', rejected: '❌' };
const slaColor = { on_track: 'Good', at_risk: 'Warning', breached: 'Attention' } as const;

export function emptyCard(body: AdaptiveElement[], actions: AdaptiveElement[] = []): AdaptiveCard {
  return {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: '1.5',
    body,
    ...(actions.length ? { actions } : {}),
    msteams: { width: 'Full' },
  };
}

export function text(value: string, extra: AdaptiveElement = {}): AdaptiveElement {
  return { type: 'TextBlock', text: escapeMarkdown(value), wrap: true, ...extra };
}

export function bannerBlock(banner: Banner): AdaptiveElement {
  const style = banner.tone === 'error' ? 'attention' : banner.tone === 'good' ? 'good' : 'emphasis';
  const color = banner.tone === 'error' ? 'Attention' : banner.tone === 'good' ? 'Good' : 'Default';
  return { type: 'Container', style, bleed: true, items: [text(banner.text, { weight: 'Bolder', color })] };
}

/** what a button sends back: which item, which step or task, and which version was on screen */
export function actionData(card: Pick<Card, 'key' | 'version'>, action: Pick<CardAction, 'value'>): Record<string, unknown> {
  return { subject: card.key, ...(action.value !== undefined ? { value: action.value } : {}), version: card.version };
}

function execute(card: Card, action: CardAction, title = action.label): AdaptiveElement {
  return {
    type: 'Action.Execute',
    title,
    verb: action.id,
    data: actionData(card, action),
    ...(action.style === 'primary' ? { style: 'positive' } : action.style === 'danger' ? { style: 'destructive' } : {}),
  };
}

/** An action that needs a reason, a text or a choice opens a small card with that input first. */
export function renderAction(card: Card, action: CardAction): AdaptiveElement {
  const input = action.input;
  if (!input) return execute(card, action);
  const required = input.required;
  const field =
    input.kind === 'choice'
      ? {
          type: 'Input.ChoiceSet',
          id: ACTION_INPUT_ID,
          label: input.label,
          style: 'compact',
          isRequired: required,
          errorMessage: 'Choose one.',
          choices: (input.options ?? []).map((o) => ({ title: o.label, value: o.id })),
        }
      : {
          type: 'Input.Text',
          id: ACTION_INPUT_ID,
          label: input.label,
          isMultiline: input.kind === 'reason',
          maxLength: 2000,
          isRequired: required,
          errorMessage: input.kind === 'reason' ? 'Please give a reason.' : 'Please write something.',
        };
  return {
    type: 'Action.ShowCard',
    title: action.label,
    card: { type: 'AdaptiveCard', body: [field], actions: [execute(card, action, action.label)] },
  };
}

function progressBlock(progress: CardProgress[]): AdaptiveElement[] {
  if (progress.length === 0) return [];
  return [
    {
      type: 'Container',
      spacing: 'Medium',
      items: progress.map((p) => text(`${markOf[p.state]} ${p.label}${p.detail ? ` — ${p.detail}` : ''}`, { spacing: 'Small', ...(p.state === 'current' ? { weight: 'Bolder' } : p.state === 'skipped' || p.state === 'todo' ? { isSubtle: true } : {}) })),
    },
  ];
}

function fieldBlocks(fields: Card['fields']): AdaptiveElement[] {
  // one-line values read best as a fact list; long or multi-line ones get a block of their own
  const short = fields.filter((f) => !f.value.includes('\n') && f.value.length <= 120);
  const long = fields.filter((f) => !short.includes(f));
  const out: AdaptiveElement[] = [];
  if (short.length) out.push({ type: 'FactSet', facts: short.map((f) => ({ title: escapeLine(f.label), value: escapeMarkdown(f.value) })) });
  for (const f of long) out.push({ type: 'TextBlock', text: `**${escapeLine(f.label)}**`, wrap: true, spacing: 'Medium' }, text(f.value, { spacing: 'Small' }));
  return out;
}

export function renderCard(card: Card, options: RenderOptions = {}): AdaptiveCard {
  const body: AdaptiveElement[] = [];
  if (options.banner) body.push(bannerBlock(options.banner));
  body.push(text(card.title, { size: 'Medium', weight: 'Bolder', style: 'heading' }));
  body.push(text(card.subtitle, { isSubtle: true, spacing: 'None', size: 'Small' }));
  body.push(text(card.status.label, { color: colorOf[card.status.tone], weight: 'Bolder' }));
  body.push(...fieldBlocks(card.fields));
  body.push(...progressBlock(card.progress));
  if (card.why) body.push(text(card.why, { isSubtle: true, spacing: 'Medium' }));
  if (card.sla) body.push(text(card.sla.label, { color: slaColor[card.sla.state], size: 'Small' }));
  if (card.footer) body.push(text(card.footer, { isSubtle: true, size: 'Small' }));

  // task check-offs live next to the tasks; the action bar keeps the item's own actions
  const inline = card.actions.filter((a) => a.id === 'case.complete_task');
  const top = card.actions.filter((a) => a.id !== 'case.complete_task');
  const overflow = top.slice(MAX_TOP_ACTIONS);
  if (inline.length || overflow.length) body.push({ type: 'ActionSet', actions: [...overflow, ...inline].map((a) => renderAction(card, a)) });

  const out = emptyCard(body, top.slice(0, MAX_TOP_ACTIONS).map((a) => renderAction(card, a)));
  out.refresh = {
    action: { type: 'Action.Execute', title: 'Refresh', verb: REFRESH_VERB, data: { subject: card.key, version: card.version } },
    userIds: [...new Set(options.userIds ?? [])].slice(0, MAX_REFRESH_USERS),
  };
  out.fallbackText = `${card.title} — ${card.status.label}`;
  return out;
}

/** a short card that says one thing: a confirmation, a refusal with no item to show */
export function noticeCard(title: string, lines: string[] = [], banner?: Banner): AdaptiveCard {
  return emptyCard([...(banner ? [bannerBlock(banner)] : []), text(title, { weight: 'Bolder', size: 'Medium' }), ...lines.map((l) => text(l))]);
}

export function attachment(card: AdaptiveCard): { contentType: string; content: AdaptiveCard } {
  return { contentType: ADAPTIVE_CARD_CONTENT_TYPE, content: card };
}
