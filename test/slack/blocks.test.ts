// Card → Block Kit: every user string escaped for mrkdwn, and everything inside Block Kit's
// limits however large or hostile the card (Slack refuses the whole message otherwise).
import { describe, expect, it } from 'vitest';
import { decodeActionValue } from '../../adapters/slack/action-value.ts';
import { cardBlocks, cardButtons, cardFallback, LIMITS, messageBlocks } from '../../adapters/slack/blocks.ts';
import { homeView } from '../../adapters/slack/home.ts';
import { clip, escapeMrkdwn, plainText } from '../../adapters/slack/mrkdwn.ts';
import type { Card } from '../../src/core/card.ts';
import { buttonsOf, textsOf } from './support/fake-slack.ts';

const card = (over: Partial<Card> = {}): Card => ({
  key: 'request:R-7',
  title: 'Laptop',
  subtitle: 'Purchase · R-7 · raised by Ann Smith',
  status: { label: 'Waiting for Manager approval', tone: 'info' },
  fields: [{ label: 'Total', value: '1,200.00 EUR' }],
  why: 'You are Ann Smith\'s manager.',
  progress: [
    { label: 'Manager approval', state: 'current', detail: '0 of 1 approvals; waiting on Bob Baker' },
    { label: 'Finance review', state: 'todo' },
  ],
  actions: [
    { id: 'request.approve', label: 'Approve', style: 'primary', value: 'manager' },
    { id: 'request.reject', label: 'Reject', style: 'danger', value: 'manager', input: { kind: 'reason', label: 'Why?', required: true } },
  ],
  sla: { state: 'at_risk', due: '2026-03-04T16:00:00Z', label: 'At risk · Manager approval due Wed 4 Mar 17:00' },
  footer: 'Sent back by Bob: fix the total',
  version: 3,
  ...over,
});

/** every mrkdwn text in the blocks (plain_text is never parsed for mentions) */
const mrkdwnTexts = (blocks: unknown) => {
  const out: string[] = [];
  const walk = (n: unknown) => {
    if (Array.isArray(n)) return n.forEach(walk);
    if (n && typeof n === 'object') {
      const o = n as Record<string, unknown>;
      if (o.type === 'mrkdwn') out.push(String(o.text));
      Object.values(o).forEach(walk);
    }
  };
  walk(blocks);
  return out;
};

describe('cardBlocks', () => {
  it('draws header, subtitle, status, fields, why, progress, SLA, footer and buttons', () => {
    const blocks = cardBlocks(card());
    expect(blocks.map((b) => b.type)).toEqual(['header', 'context', 'section', 'section', 'section', 'section', 'context', 'context', 'actions']);
    const texts = textsOf(blocks);
    expect(texts).toEqual(
      expect.arrayContaining([
        'Laptop',
        ':large_blue_circle: *Waiting for Manager approval*',
        '*Total*\n1,200.00 EUR',
        ':bulb: *Why you are asked:* You are Ann Smith\'s manager.',
        ':hourglass_flowing_sand: Manager approval — 0 of 1 approvals; waiting on Bob Baker\n:white_circle: Finance review',
        ':large_orange_circle: At risk · Manager approval due Wed 4 Mar 17:00',
      ]),
    );
    const buttons = cardButtons(card());
    expect(buttons.map((b) => [b.action_id, b.style])).toEqual([
      ['request.approve', 'primary'],
      ['request.reject', 'danger'],
    ]);
    expect(decodeActionValue(buttons[0]!.value)).toEqual({ subject: 'request:R-7', value: 'manager', version: 3 });
  });

  it('keeps *bold*, _italic_, ~strike~ and `code` in user text inert, in blocks and in the fallback text alike', () => {
    const shouty = '*APPROVED BY CFO* _now_ ~maybe~ `rm -rf`';
    const escaped = escapeMrkdwn(shouty);
    // every marker is fenced by zero-width spaces, so none touches the text it would format
    expect(escaped).not.toMatch(/(^|[^\u200b])[*_~`]/);
    expect(escaped).not.toMatch(/[*_~`]($|[^\u200b])/);
    expect(escaped.replace(/\u200b/g, '')).toBe(shouty);
    expect(messageBlocks(shouty).text).toBe(escaped);
    const drawn = cardBlocks(card({ title: 'x', fields: [{ label: 'Note', value: shouty }] }));
    expect(JSON.stringify(drawn)).not.toContain('*APPROVED');
    expect(cardFallback(card({ title: shouty }))).toContain(escaped);
    expect(plainText(escaped)).toBe(shouty);
  });

  it('escapes &, < and > in every user string, so <!channel>, <@U…> and links show as text', () => {
    const evil = '<!channel> <@U0BOB00001> <https://evil.example|click> & co';
    const blocks = cardBlocks(card({ title: evil, subtitle: evil, status: { label: evil, tone: 'bad' }, fields: [{ label: evil, value: evil }], why: evil, footer: evil, progress: [{ label: evil, state: 'done', detail: evil }], sla: { state: 'breached', due: '', label: evil } }));
    for (const text of mrkdwnTexts(blocks)) {
      expect(text).not.toMatch(/<[!@h]/);
    }
    expect(mrkdwnTexts(blocks).join('\n')).toContain('&lt;!channel&gt; &lt;@U0BOB00001&gt; &lt;https://evil.example|click&gt; &amp; co');
    // the header is plain_text: shown as typed, never parsed
    expect(blocks[0]).toMatchObject({ type: 'header', text: { type: 'plain_text', text: evil } });
    expect(cardFallback(card({ title: evil }))).not.toContain('<');
    expect(messageBlocks(`Reminder: ${evil}`).text).toBe(`Reminder: ${escapeMrkdwn(evil)}`);
  });

  it('stays inside Block Kit\'s limits with a huge card', () => {
    const long = 'x'.repeat(10_000);
    const huge = card({
      title: long,
      subtitle: long,
      fields: Array.from({ length: 120 }, (_, i) => ({ label: `Field ${i}`, value: i % 3 === 0 ? long : `value ${i}` })),
      why: long,
      progress: Array.from({ length: 30 }, (_, i) => ({ label: long, state: 'done' as const, detail: long })),
      footer: long,
      actions: Array.from({ length: 30 }, (_, i) => ({ id: 'case.complete_task' as const, label: `Done: ${long}`, value: `T${i}` })),
    });
    const blocks = cardBlocks(huge);
    expect(blocks.length).toBeLessThanOrEqual(LIMITS.messageBlocks);
    const header = blocks.find((b) => b.type === 'header') as { text: { text: string } };
    expect(header.text.text.length).toBeLessThanOrEqual(LIMITS.headerText);
    for (const b of blocks as any[]) {
      if (b.text) expect(b.text.text.length).toBeLessThanOrEqual(LIMITS.sectionText);
      if (b.fields) {
        expect(b.fields.length).toBeLessThanOrEqual(LIMITS.fieldsPerSection);
        for (const f of b.fields) expect(f.text.length).toBeLessThanOrEqual(LIMITS.fieldText);
      }
      if (b.type === 'actions') expect(b.elements.length).toBeLessThanOrEqual(LIMITS.actionsPerBlock);
      if (b.type === 'context') for (const e of b.elements) expect(e.text.length).toBeLessThanOrEqual(LIMITS.sectionText);
    }
    const buttons = buttonsOf(blocks);
    expect(buttons).toHaveLength(30);
    for (const b of buttons) expect(b.text.length).toBeLessThanOrEqual(LIMITS.buttonText);
    // action ids are unique however often an action repeats
    expect(new Set(buttons.map((b) => b.action_id)).size).toBe(30);
    expect(textsOf(blocks).join('\n')).toContain('…and more fields than Slack can show in one message.');
  });

  it('keeps a refusal notice on top when asked', () => {
    const blocks = cardBlocks(card(), { notice: 'You cannot decide your own request.' });
    expect(textsOf(blocks)[0]).toBe(':information_source: You cannot decide your own request.');
  });
});

describe('the Home view', () => {
  it('stays within 100 blocks however much waits, and says how many more', () => {
    const many = Array.from({ length: 80 }, () => card());
    const view = homeView({ waitingOnMe: many, myRequests: many, myCases: many, totals: { waitingOnMe: 274, myRequests: 80, myCases: 80 } }, { name: 'Bob' });
    expect(view.blocks.length).toBeLessThanOrEqual(LIMITS.viewBlocks);
    expect(textsOf(view.blocks)).toEqual(expect.arrayContaining(['Waiting on me (274)', 'My requests (80)', 'My cases (80)']));
    expect(textsOf(view.blocks).filter((t) => /^\d+ of (274|80) shown/.test(t))).toHaveLength(3);
  });
});

describe('mrkdwn helpers', () => {
  it('clip never leaves half an entity or half an emoji', () => {
    expect(clip('a &amp; b', 4)).toBe('a …');
    expect(clip('ab😀cd', 4)).toBe('ab…');
    expect(clip('short', 10)).toBe('short');
  });

  it('plainText turns Slack markup into readable text', () => {
    expect(plainText('<@U1> see <https://x.example|the doc> in <#C1|general>, <!here> &lt;3 &amp; more', (id) => (id === 'U1' ? 'Ann Smith' : undefined))).toBe(
      '@Ann Smith see the doc (https://x.example) in #general, @here <3 & more',
    );
  });
});
