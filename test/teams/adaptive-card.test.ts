// The neutral Card as an Adaptive Card, and user text made inert on the way.
import { describe, expect, it } from 'vitest';
import { attachment, clip, renderCard } from '../../adapters/teams/adaptive-card.ts';
import { escapeLine, escapeMarkdown } from '../../adapters/teams/markdown.ts';
import type { Card } from '../../src/core/card.ts';
import { FakeTeams } from './fake-teams.ts';

const card = (over: Partial<Card> = {}): Card => ({
  key: 'request:R-7',
  title: 'New laptop',
  subtitle: 'Purchase · R-7 · raised by Ann Smith',
  status: { label: 'Waiting for Manager approval', tone: 'info' },
  fields: [{ label: 'Total', value: '1,200.00 EUR' }],
  progress: [
    { label: 'Manager approval', state: 'current', detail: '0 of 1 approved; waiting on Bob Baker' },
    { label: 'Finance review', state: 'skipped', detail: 'skipped' },
  ],
  actions: [
    { id: 'request.approve', label: 'Approve', style: 'primary', value: 'manager' },
    { id: 'request.reject', label: 'Reject', style: 'danger', value: 'manager', input: { kind: 'reason', label: 'Why are you rejecting it?', required: true } },
  ],
  why: "You are Ann Smith's manager.",
  sla: { state: 'at_risk', due: '2026-12-02T09:00:00.000Z', label: 'At risk · Manager approval due Wed 2 Dec 10:00' },
  footer: 'Sent back by Bob: more detail',
  version: 3,
  ...over,
});

describe('escapeMarkdown', () => {
  it.each([
    ['[click](https://evil.example)', '\\[click\\]\\(https://evil.example\\)'],
    ['**bold** _it_ ~~gone~~ `code`', '\\*\\*bold\\*\\* \\_it\\_ \\~\\~gone\\~\\~ \\`code\\`'],
    ['![img](x)', '\\!\\[img\\]\\(x\\)'],
    ['<at>Bob</at> <b>x</b>', '\\<at\\>Bob\\</at\\> \\<b\\>x\\</b\\>'],
    ['{{DATE(2026-12-01T00:00:00Z, SHORT)}}', '\\{\\{DATE\\(2026-12-01T00:00:00Z, SHORT\\)\\}\\}'],
    ['# heading', '\\# heading'],
    ['- item', '\\- item'],
    ['1. first', '1\\. first'],
    ['a\\b', 'a\\\\b'],
    ['Plain text, 1,200.00 EUR - ok', 'Plain text, 1,200.00 EUR - ok'],
  ])('%s renders as typed', (raw, escaped) => {
    expect(escapeMarkdown(raw)).toBe(escaped);
  });

  it('keeps line breaks as paragraphs, escaping each line', () => {
    expect(escapeMarkdown('one\r\n- two\n3) three')).toBe('one\n\n\\- two\n\n3\\) three');
    expect(escapeLine('a\n*b*')).toBe('a \\*b\\*');
  });
});

describe('renderCard', () => {
  it('lays out title, status, facts, progress, why, SLA and footer', () => {
    const out = renderCard(card());
    expect(out).toMatchObject({ type: 'AdaptiveCard', version: '1.5', msteams: { width: 'Full' } });
    expect(FakeTeams.texts(out)).toEqual([
      'New laptop',
      'Purchase · R-7 · raised by Ann Smith',
      'Waiting for Manager approval',
      'Total: 1,200.00 EUR',
      '⏳ Manager approval — 0 of 1 approved; waiting on Bob Baker',
      '⏭️ Finance review — skipped',
      "You are Ann Smith's manager.",
      'At risk · Manager approval due Wed 2 Dec 10:00',
      'Sent back by Bob: more detail',
    ]);
    const blocks = out.body as Record<string, unknown>[];
    expect(blocks.find((b) => b.text === 'Waiting for Manager approval')).toMatchObject({ color: 'Accent', weight: 'Bolder' });
    expect(blocks.find((b) => String(b.text).startsWith('At risk'))).toMatchObject({ color: 'Warning' });
  });

  it('makes every button an Action.Execute with the action id as verb and { subject, value, version } as data', () => {
    const [approve, reject] = renderCard(card()).actions as Record<string, unknown>[];
    expect(approve).toEqual({ type: 'Action.Execute', title: 'Approve', verb: 'request.approve', data: { subject: 'request:R-7', value: 'manager', version: 3 }, style: 'positive' });
    expect(reject).toEqual({
      type: 'Action.ShowCard',
      title: 'Reject',
      card: {
        type: 'AdaptiveCard',
        body: [{ type: 'Input.Text', id: 'input', label: 'Why are you rejecting it?', isMultiline: true, maxLength: 2000, isRequired: true, errorMessage: 'Please give a reason.' }],
        actions: [{ type: 'Action.Execute', title: 'Reject', verb: 'request.reject', data: { subject: 'request:R-7', value: 'manager', version: 3 }, style: 'destructive' }],
      },
    });
  });

  it('offers a choice as a compact choice set, and keeps task check-offs in the body', () => {
    const out = renderCard(card({
      key: 'case:C-1',
      actions: [
        { id: 'case.set_status', label: 'Status', input: { kind: 'choice', label: 'New status', required: true, options: [{ id: 'new', label: 'New' }, { id: 'investigating', label: 'Investigating' }] } },
        { id: 'case.complete_task', label: 'Done: Call the vendor', value: 'T1' },
      ],
    }));
    expect((out.actions as Record<string, unknown>[]).map((a) => a.title)).toEqual(['Status']);
    expect(FakeTeams.elements(out).find((e) => e.type === 'Input.ChoiceSet')).toMatchObject({ style: 'compact', choices: [{ title: 'New', value: 'new' }, { title: 'Investigating', value: 'investigating' }] });
    expect((out.body as Record<string, unknown>[]).at(-1)).toEqual({ type: 'ActionSet', actions: [{ type: 'Action.Execute', title: 'Done: Call the vendor', verb: 'case.complete_task', data: { subject: 'case:C-1', value: 'T1', version: 3 } }] });
  });

  it('refreshes for the viewers named, at most 60, without duplicates', () => {
    const ids = Array.from({ length: 70 }, (_, i) => `29:u${i}`);
    const out = renderCard(card(), { userIds: ['29:u0', ...ids] });
    expect(out.refresh).toEqual({ action: { type: 'Action.Execute', title: 'Refresh', verb: 'refresh', data: { subject: 'request:R-7', version: 3 } }, userIds: ids.slice(0, 60) });
  });

  it('puts a refusal on top as an attention banner', () => {
    const out = renderCard(card(), { banner: { tone: 'error', text: 'You are not an approver of Manager approval on request R-7.' } });
    expect((out.body as Record<string, unknown>[])[0]).toEqual({
      type: 'Container',
      style: 'attention',
      bleed: true,
      items: [{ type: 'TextBlock', text: 'You are not an approver of Manager approval on request R-7.', wrap: true, weight: 'Bolder', color: 'Attention' }],
    });
  });

  it('escapes hostile text in every field, and leaves button titles plain', () => {
    const out = renderCard(card({
      title: '[Free money](https://evil.example)',
      fields: [{ label: 'Item **now**', value: '<at>Everyone</at>' }, { label: 'Notes', value: 'line 1\n- line 2' }],
      footer: '{{DATE(2026-12-01T00:00:00Z)}}',
      actions: [{ id: 'case.complete_task', label: 'Done: **task**', value: 'T1' }],
    }));
    const all = FakeTeams.texts(out);
    expect(all).toContain('\\[Free money\\]\\(https://evil.example\\)');
    expect(all).toContain('Item \\*\\*now\\*\\*: \\<at\\>Everyone\\</at\\>');
    expect(all).toContain('line 1\n\n\\- line 2');
    expect(all).toContain('\\{\\{DATE\\(2026-12-01T00:00:00Z\\)\\}\\}');
    expect(all.join(' ')).not.toMatch(/(^|[^\\])\[Free/);
    expect(FakeTeams.elements(out).find((e) => e.verb === 'case.complete_task')).toMatchObject({ title: 'Done: **task**' });
  });
});

describe('renderCard within Teams\' size limit', () => {
  // Teams refuses a message over ~28 KB with 413, which the outbox takes as permanent: the root
  // card of a case that grew past it would never be updated again.
  const para = (n: number, seed: string) => `${seed}: the *second* floor [printer](x) is smoking again, `.repeat(Math.ceil(n / 60)).slice(0, n);
  const tasks = Array.from({ length: 15 }, (_, i) => `☐ T${i + 1} ${para(2000, `task ${i + 1}`)}`);
  const big = card({
    key: 'case:C-9',
    title: para(400, 'title'),
    fields: [
      { label: 'Owner', value: 'Ian Novak' },
      { label: 'Description', value: para(3000, 'description') },
      { label: 'Tasks (0/15 done)', value: tasks.join('\n') },
      ...Array.from({ length: 30 }, (_, i) => ({ label: `Field ${i + 1}`, value: para(500, `field ${i + 1}`) })),
    ],
    progress: [],
    actions: [
      { id: 'case.take', label: 'Take ownership', style: 'primary' },
      ...tasks.slice(0, 5).map((t, i) => ({ id: 'case.complete_task' as const, label: `Done: ${t.slice(6, 46)}`, value: `T${i + 1}` })),
    ],
    footer: para(2500, 'footer'),
  });
  const userIds = Array.from({ length: 60 }, (_, i) => `29:1Bq7Lm2Nx9Vc4Zr6Tw8Yp0Ks3Hd5Jf1Ga7Ue9Io2Pl4Mn6Bv8Cx0Rt2Yw4Qz_${i}_ExampleUserWithALongId`);
  const bytes = (value: unknown) => Buffer.byteLength(JSON.stringify(value), 'utf8');

  it('keeps a case with a 3000-character description and 15 tasks of 2000 characters well under 28 KB', () => {
    const activity = { type: 'message', attachments: [attachment(renderCard(big, { userIds }))] };
    expect(bytes(activity)).toBeLessThan(28_000);
  });

  it('clips long texts with "…", lists the first tasks and fields and says how many more there are', () => {
    const out = renderCard(big);
    const all = FakeTeams.texts(out);
    const description = all[all.indexOf('**Description**') + 1]!;
    expect(description.endsWith('…')).toBe(true);
    expect(description.length).toBeLessThan(3000);
    const taskBlock = all[all.indexOf('**Tasks \\(0/15 done\\)**') + 1]!;
    expect(taskBlock).toMatch(/^☐ T1 task 1: the \\\*second\\\* floor/);
    expect(taskBlock).toMatch(/…and \d+ more$/);
    expect(all).toContain('…and 13 more fields');
    // still every button, and the refresh for the viewers
    expect(FakeTeams.elements(out).filter((e) => e.verb === 'case.complete_task')).toHaveLength(5);
  });

  it('draws a card that is still too large again with tighter limits', () => {
    const huge = card({ fields: Array.from({ length: 20 }, (_, i) => ({ label: `Notes ${i}`, value: Array.from({ length: 20 }, () => '😀'.repeat(149)).join('\n') })) });
    expect(bytes(renderCard(huge, { userIds }))).toBeLessThan(24_000);
  });

  it('never cuts a character in half', () => {
    expect(clip('ab😀cd', 4)).toBe('ab…');
    expect(clip('abc', 3)).toBe('abc');
    expect(clip('abcd', 3)).toBe('ab…');
  });
});
