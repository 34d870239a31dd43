// The neutral Card as an Adaptive Card, and user text made inert on the way.
import { describe, expect, it } from 'vitest';
import { renderCard } from '../../adapters/teams/adaptive-card.ts';
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
