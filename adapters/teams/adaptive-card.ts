// The platform-neutral Card (src/core/card.ts) as an Adaptive Card 1.5 with Universal Actions:
// every button is an Action.Execute whose verb is the card action id and whose data says what it
// acts on ({ subject, value, version }); a Teams client sends it back as an `adaptiveCard/action`
// invoke. `refresh` makes Teams ask again for the viewers listed in `userIds`, so each of them
// sees the buttons they may press now (the approver's Approve, not the requester's).
//
// Teams refuses a message over about 28 KB with 413, and the outbox rightly takes that as
// permanent: a card that grew past it would never be updated again. So every text is clipped,
// long lists show their first entries and "…and N more", and a card still over the budget is
// drawn again with tighter limits.
import type { Card, CardAction, CardInput, CardProgress, Tone } from '../../src/core/card.ts';
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
/** the id of an action's second question (which task, which kind of link) */
export const ACTION_PICK_ID = 'pick';
/** Teams renders at most this many actions in a card's action bar */
const MAX_TOP_ACTIONS = 6;
/** Teams auto-refreshes a card for at most 60 listed users */
const MAX_REFRESH_USERS = 60;
/** the serialized card stays under this, well inside Teams' ~28 KB per message */
export const CARD_BUDGET_BYTES = 24_000;
/** the longest raw text of one TextBlock or fact */
export const TEXT_MAX = 1500;
const TITLE_MAX = 80;
/** past this many people a choice list would crowd the card's size budget: ask for an email */
const MAX_PEOPLE_CHOICES = 50;

interface Limits {
  /** raw characters of one TextBlock or fact value */
  text: number;
  /** raw characters of one line in a multi-line value (a task, a link) */
  line: number;
  /** lines shown of one multi-line value */
  lines: number;
  /** fields and progress steps shown */
  items: number;
}

/** tried in order until the card fits the budget */
const LEVELS: readonly Limits[] = [
  { text: TEXT_MAX, line: 300, lines: 20, items: 20 },
  { text: 600, line: 150, lines: 10, items: 10 },
  { text: 200, line: 80, lines: 5, items: 5 },
];

/** `value` cut to `max` characters, the cut marked with "…" (never inside a surrogate pair) */
export function clip(value: string, max: number): string {
  if (value.length <= max) return value;
  let cut = Math.max(0, max - 1);
  const last = value.charCodeAt(cut - 1);
  if (last >= 0xd800 && last <= 0xdbff) cut--;
  return `${value.slice(0, cut).trimEnd()}…`;
}

/** the first lines of a multi-line value that fit, then how many were left out */
function clipLines(value: string, limits: Limits): string {
  const lines = value.replace(/\r\n?/g, '\n').split('\n');
  // a few paragraphs share the block; a long list (tasks, links) shows a line of each entry
  const perLine = Math.max(limits.line, Math.floor(limits.text / lines.length));
  const shown: string[] = [];
  let used = 0;
  for (const line of lines) {
    const cut = clip(line, perLine);
    if (shown.length >= limits.lines || (shown.length > 0 && used + cut.length > limits.text)) break;
    shown.push(cut);
    used += cut.length + 1;
  }
  const more = lines.length - shown.length;
  return clip(more > 0 ? [...shown, `…and ${more} more`].join('\n') : shown.join('\n'), limits.text);
}

export interface Banner {
  tone: 'error' | 'good' | 'info';
  text: string;
}

export interface RenderOptions {
  /** Teams user ids (29:…) for whom the card refreshes itself when shown */
  userIds?: readonly string[];
  /** shown above the card: a refusal, or a confirmation of what the click did */
  banner?: Banner;
  /** the people a person input offers (a filtered choice); without them it asks for an email */
  people?: readonly { email: string; name: string }[];
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

/** a TextBlock of raw user text: clipped, then escaped */
export function text(value: string, extra: AdaptiveElement = {}, max = TEXT_MAX): AdaptiveElement {
  return { type: 'TextBlock', text: escapeMarkdown(clip(value, max)), wrap: true, ...extra };
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
    title: clip(title, TITLE_MAX),
    verb: action.id,
    data: actionData(card, action),
    ...(action.style === 'primary' ? { style: 'positive' } : action.style === 'danger' ? { style: 'destructive' } : {}),
  };
}

/** one question of an action as an Adaptive Card input */
function inputElement(input: CardInput, id: string, people: RenderOptions['people']): AdaptiveElement {
  const base = { id, label: clip(input.label, TITLE_MAX), isRequired: input.required };
  const choices = (options: readonly { id: string; label: string }[], style: 'compact' | 'filtered') => ({ type: 'Input.ChoiceSet', ...base, style, errorMessage: 'Choose one.', choices: options.map((o) => ({ title: clip(o.label, TITLE_MAX), value: o.id })) });
  switch (input.kind) {
    case 'choice':
      return choices(input.options ?? [], 'compact');
    case 'person':
      // Teams has no people picker in a bot's card without a search endpoint: a filtered choice
      // of the directory where we have it, an email otherwise
      return people?.length && people.length <= MAX_PEOPLE_CHOICES ? choices(people.map((p) => ({ id: p.email, label: p.name })), 'filtered') : { type: 'Input.Text', ...base, placeholder: 'name@example.com', maxLength: 200, errorMessage: 'Give an email.' };
    case 'date':
      return { type: 'Input.Date', ...base, errorMessage: 'Choose a date.' };
    case 'reason':
    case 'text':
      return { type: 'Input.Text', ...base, isMultiline: input.kind === 'reason', maxLength: 2000, errorMessage: input.kind === 'reason' ? 'Please give a reason.' : 'Please write something.' };
    default: {
      const unhandled: never = input.kind;
      throw new Error(`unhandled input kind ${String(unhandled)}`);
    }
  }
}

/** An action that needs a reason, a text, a person, a date or a choice opens a small card with that input first. */
export function renderAction(card: Card, action: CardAction, people?: RenderOptions['people']): AdaptiveElement {
  const input = action.input;
  if (!input) return execute(card, action);
  const fields = [...(action.pick ? [inputElement(action.pick, ACTION_PICK_ID, people)] : []), inputElement(input, ACTION_INPUT_ID, people)];
  return {
    type: 'Action.ShowCard',
    title: clip(action.label, TITLE_MAX),
    card: { type: 'AdaptiveCard', body: fields, actions: [execute(card, action, action.label)] },
  };
}

function progressBlock(progress: CardProgress[], limits: Limits): AdaptiveElement[] {
  if (progress.length === 0) return [];
  const shown = progress.slice(0, limits.items);
  const more = progress.length - shown.length;
  return [
    {
      type: 'Container',
      spacing: 'Medium',
      items: [
        ...shown.map((p) => text(`${markOf[p.state]} ${p.label}${p.detail ? ` — ${p.detail}` : ''}`, { spacing: 'Small', ...(p.state === 'current' ? { weight: 'Bolder' } : p.state === 'skipped' || p.state === 'todo' ? { isSubtle: true } : {}) }, limits.line)),
        ...(more > 0 ? [text(`…and ${more} more steps`, { spacing: 'Small', isSubtle: true })] : []),
      ],
    },
  ];
}

function fieldBlocks(all: Card['fields'], limits: Limits): AdaptiveElement[] {
  const fields = all.slice(0, limits.items);
  const more = all.length - fields.length;
  // one-line values read best as a fact list; long or multi-line ones get a block of their own
  const short = fields.filter((f) => !f.value.includes('\n') && f.value.length <= 120);
  const long = fields.filter((f) => !short.includes(f));
  const out: AdaptiveElement[] = [];
  if (short.length) out.push({ type: 'FactSet', facts: short.map((f) => ({ title: escapeLine(clip(f.label, TITLE_MAX)), value: escapeMarkdown(f.value) })) });
  for (const f of long) {
    out.push({ type: 'TextBlock', text: `**${escapeLine(clip(f.label, TITLE_MAX))}**`, wrap: true, spacing: 'Medium' }, text(clipLines(f.value, limits), { spacing: 'Small' }, limits.text));
  }
  if (more > 0) out.push(text(`…and ${more} more fields`, { isSubtle: true, spacing: 'Small' }));
  return out;
}

const bytesOf = (card: AdaptiveCard) => Buffer.byteLength(JSON.stringify(card), 'utf8');

export function renderCard(card: Card, options: RenderOptions = {}): AdaptiveCard {
  let out: AdaptiveCard | undefined;
  for (const limits of LEVELS) {
    out = renderWithin(card, options, limits);
    if (bytesOf(out) <= CARD_BUDGET_BYTES) return out;
  }
  return out!;
}

function renderWithin(card: Card, options: RenderOptions, limits: Limits): AdaptiveCard {
  const body: AdaptiveElement[] = [];
  const say = (value: string, extra: AdaptiveElement) => text(value, extra, limits.text);
  if (options.banner) body.push(bannerBlock(options.banner));
  body.push(say(card.title, { size: 'Medium', weight: 'Bolder', style: 'heading' }));
  body.push(say(card.subtitle, { isSubtle: true, spacing: 'None', size: 'Small' }));
  body.push(say(card.status.label, { color: colorOf[card.status.tone], weight: 'Bolder' }));
  body.push(...fieldBlocks(card.fields, limits));
  body.push(...progressBlock(card.progress, limits));
  if (card.why) body.push(say(card.why, { isSubtle: true, spacing: 'Medium' }));
  if (card.sla) body.push(say(card.sla.label, { color: slaColor[card.sla.state], size: 'Small' }));
  if (card.footer) body.push(say(card.footer, { isSubtle: true, size: 'Small' }));

  // task check-offs live next to the tasks; the action bar keeps the item's own actions
  const inline = card.actions.filter((a) => a.id === 'case.complete_task');
  const top = card.actions.filter((a) => a.id !== 'case.complete_task');
  const overflow = top.slice(MAX_TOP_ACTIONS);
  if (inline.length || overflow.length) body.push({ type: 'ActionSet', actions: [...overflow, ...inline].map((a) => renderAction(card, a, options.people)) });

  const out = emptyCard(body, top.slice(0, MAX_TOP_ACTIONS).map((a) => renderAction(card, a, options.people)));
  out.refresh = {
    action: { type: 'Action.Execute', title: 'Refresh', verb: REFRESH_VERB, data: { subject: card.key, version: card.version } },
    userIds: [...new Set(options.userIds ?? [])].slice(0, MAX_REFRESH_USERS),
  };
  out.fallbackText = clip(`${card.title} — ${card.status.label}`, 200);
  return out;
}

/** a short card that says one thing: a confirmation, a refusal with no item to show */
export function noticeCard(title: string, lines: string[] = [], banner?: Banner): AdaptiveCard {
  return emptyCard([...(banner ? [bannerBlock(banner)] : []), text(title, { weight: 'Bolder', size: 'Medium' }), ...lines.map((l) => text(l))]);
}

export function attachment(card: AdaptiveCard): { contentType: string; content: AdaptiveCard } {
  return { contentType: ADAPTIVE_CARD_CONTENT_TYPE, content: card };
}
