// Text in and out of Slack. Every string on a card is raw, possibly hostile, user text: in mrkdwn
// Slack turns `<!channel>`, `<@U123>` and `<https://x|click>` into pings and links, so `&`, `<`
// and `>` are escaped (Slack's own rule: only these three). Text coming back from Slack (a thread
// reply, a slash command with should_escape) is turned into plain text before the engine sees it.

/** a zero-width space: invisible, and not a word character, so it breaks a formatting marker's pairing */
const ZWSP = '\u200b';

/**
 * Escapes user text for a mrkdwn field: `<!channel>` shows as text, never pings, and
 * `*APPROVED BY CFO*`, `_x_`, `~x~` and backticks show as typed instead of bold, italic, struck
 * or code. mrkdwn has no escape for those four (Slack documents escapes only for &, <, >), so
 * each is fenced with zero-width spaces: a marker counts only when it touches the text it
 * formats, and the fence keeps it from touching anything.
 */
export function escapeMrkdwn(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/[*_~`]/g, (c) => `${ZWSP}${c}${ZWSP}`);
}

/**
 * Cuts text to at most `max` characters, ending with "…" when cut. Never splits a surrogate pair
 * or an `&amp;`-style entity, so clipping escaped text cannot produce a broken one.
 */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = text.slice(0, Math.max(0, max - 1));
  // a lone high surrogate at the end would be half an emoji
  if (/[\ud800-\udbff]$/.test(cut)) cut = cut.slice(0, -1);
  // "&am" at the end is the start of an entity that no longer closes
  cut = cut.replace(/&[a-z]{0,4}$/, '');
  return `${cut}…`;
}

/** escape, then clip: the usual way a user string goes into a mrkdwn text object */
export function mrkdwn(text: string, max: number): string {
  return clip(escapeMrkdwn(text), max);
}

/** Undoes Slack's three escapes in text it sends us (and our own fences, should text come back). */
export function unescapeSlack(text: string): string {
  return text.replace(/\u200b([*_~`])\u200b/g, '$1').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

/**
 * Slack message text → plain text for the timeline: `<@U1>` → "@Name" (via `nameOf`),
 * `<#C1|general>` → "#general", `<https://x|label>` → "label (https://x)", `<!here>` → "@here".
 */
export function plainText(text: string, nameOf: (slackUserId: string) => string | undefined = () => undefined): string {
  const replaced = text.replace(/<([^<>]*)>/g, (_whole, inner: string) => {
    const [target = '', label] = inner.split('|', 2);
    if (target.startsWith('@')) return `@${label ?? nameOf(target.slice(1)) ?? target.slice(1)}`;
    if (target.startsWith('#')) return `#${label ?? target.slice(1)}`;
    if (target.startsWith('!')) return `@${(label ?? target.slice(1)).replace(/^subteam\^/, '')}`;
    return label && label !== target ? `${label} (${target})` : target;
  });
  return unescapeSlack(replaced);
}
