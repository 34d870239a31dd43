import { describe, expect, it } from 'vitest';
import { requestCard } from '../../../src/core/request/card.ts';
import { requestDeliveries } from '../../../src/core/request/deliveries.ts';
import { decide } from '../../../src/core/request/decide.ts';
import { accepted, approve, submit } from '../../support/engine-steps.ts';
import { ctx, requestFlow } from '../../support/world.ts';

const purchase = requestFlow('purchase');

describe('the request card', () => {
  it('shows the approver why they are asked and only the buttons they may press', () => {
    const r = approve(submit('purchase', { item: 'Laptop', total: '7200 EUR' }), 'bob@example.com');
    const card = requestCard(r, purchase, 'fiona@example.com', ctx('fiona@example.com'));
    expect(card).toMatchObject({
      key: 'request:R-1',
      title: 'Purchase: Laptop',
      subtitle: 'Purchase · R-1 · raised by Ann Smith',
      status: { label: 'Waiting for Finance', tone: 'info' },
      fields: [{ label: 'Item', value: 'Laptop' }, { label: 'Total', value: '7,200.00 EUR' }],
      why: 'You are in the Finance group. This step applies because the total is over 5,000 EUR.',
    });
    expect(card.actions.map((a) => [a.id, a.value, a.input?.required ?? false])).toEqual([
      ['request.approve', 'finance', false],
      ['request.reject', 'finance', true],
      ['request.send_back', 'finance', true],
      ['request.reassign', 'finance', true],
      ['request.add_approver', 'finance', true],
      ['request.comment', undefined, true],
    ]);
    expect(card.progress.map((p) => [p.state, p.detail])).toEqual([
      ['done', 'approved by Bob Jones'],
      ['current', 'any one of 2; waiting on Fiona Finance, Frank Finance'],
      // not reached yet, and conditional: it may be needed, it is not "pending"
      ['todo', 'may be needed'],
    ]);
  });

  it('gives the requester Recall and Comment, never Approve, and nobody outside it any button', () => {
    const r = submit('purchase', { item: 'Laptop', total: '7200 EUR' });
    expect(requestCard(r, purchase, 'ann@example.com', ctx('ann@example.com')).actions.map((a) => a.id)).toEqual(['request.recall', 'request.comment']);
    expect(requestCard(r, purchase, 'sue@example.com', ctx('sue@example.com')).actions).toEqual([]);
    expect(requestCard(r, purchase, 'ann@example.com', ctx('ann@example.com')).why).toBeUndefined();
  });

  it('says why a step was left out in people\'s words, never in CEL, and credits the skip to Docket', () => {
    const r = approve(submit('purchase', { item: 'Mouse', total: '20 EUR' }), 'bob@example.com');
    const card = requestCard(r, purchase, 'ann@example.com', ctx('ann@example.com'));
    const skipped = card.progress.filter((p) => p.state === 'skipped').map((p) => p.detail);
    expect(skipped.length).toBeGreaterThan(0);
    for (const detail of skipped) {
      expect(detail).toMatch(/^Not needed: /);
      expect(detail).not.toMatch(/form\.|>|</);
    }
    expect(JSON.stringify(card)).not.toContain('form.total');
  });

  it('drops every button once decided', () => {
    const r = approve(submit('purchase', { item: 'Mouse', total: '20 EUR' }), 'bob@example.com');
    for (const viewer of ['ann@example.com', 'bob@example.com']) expect(requestCard(r, purchase, viewer, ctx(viewer)).actions).toEqual([]);
  });
});

describe('deliveries after a decision', () => {
  it('redraws every copy and tells the requester in the thread', () => {
    const r = approve(submit('purchase', { item: 'Laptop', total: '7200 EUR' }), 'bob@example.com');
    const change = accepted(decide(r, purchase, { outcome: 'approved', stepId: 'finance' }, ctx('fiona@example.com')));
    const deliveries = requestDeliveries(change, purchase, ctx('fiona@example.com'));
    expect(deliveries.filter((d) => d.type === 'card.upsert').map((d) => (d.target.kind === 'person' ? d.target.email : ''))).toEqual([
      'ann@example.com', 'bob@example.com', 'fiona@example.com', 'frank@example.com',
    ]);
    expect(deliveries.filter((d) => d.type === 'thread.reply').map((d) => (d.type === 'thread.reply' ? d.text : ''))).toEqual([
      'Finance: approved by Fiona Finance.',
      'CFO: skipped, not needed for this request.',
      'Your request is approved. 🎉',
    ]);
  });
});

describe('a rule that fails', () => {
  it('is told to the admins in chat, not only written on the timeline', () => {
    const r = submit('purchase', { item: 'Laptop', total: '7200 EUR' });
    const change = { state: r, events: [{ type: 'request.rule_failed' as const, subject: `request:${r.id}`, actor: 'rule:purchase', at: '2026-11-30T09:00:00Z', data: { followUp: 'case.open', flow: 'dispute', error: 'Some fields need attention. {"amount":"Required."}' } }], notices: [], followUps: [] };
    const told = requestDeliveries(change, purchase, ctx('ann@example.com')).filter((d) => d.type === 'message.post');
    expect(told).toEqual([
      {
        type: 'message.post',
        target: { kind: 'person', email: 'adam@example.com' },
        text: `A rule of Purchase could not open a case (dispute) on ${r.id}: Some fields need attention. {"amount":"Required."}. Run "docket check" on the flows to see what to fix.`,
      },
    ]);
  });
});
