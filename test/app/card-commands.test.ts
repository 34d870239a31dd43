import { describe, expect, it } from 'vitest';
import { CARD_ACTIONS, cardCommand, isCardAction } from '../../src/app/card-commands.ts';

describe('card buttons as engine commands', () => {
  it('translates every card action a card can carry', () => {
    expect(cardCommand('request.approve', 'request:R-1', 'finance', '')).toEqual({ type: 'request.approve', request: 'R-1', step: 'finance' });
    expect(cardCommand('request.reject', 'request:R-1', 'finance', ' Too much ')).toEqual({ type: 'request.reject', request: 'R-1', step: 'finance', reason: 'Too much' });
    expect(cardCommand('case.set_status', 'case:C-2', undefined, 'waiting')).toEqual({ type: 'case.update', case: 'C-2', change: { type: 'set_status', status: 'waiting' } });
    expect(cardCommand('case.complete_task', 'case:C-2', 'T3', '')).toEqual({ type: 'case.task', case: 'C-2', change: { type: 'complete', task: 'T3' } });
    for (const action of CARD_ACTIONS) {
      if (action === 'request.resubmit' || action === 'case.start_request') continue;
      const subject = action.startsWith('request.') ? 'request:R-1' : 'case:C-1';
      expect(cardCommand(action, subject, 'T1', 'x', action === 'case.link' ? 'parent' : ''), action).toBeDefined();
    }
  });

  it('refuses a button whose subject or value does not fit, instead of guessing', () => {
    expect(cardCommand('request.approve', 'case:C-1', 'x', '')).toBeUndefined();
    expect(cardCommand('case.take', 'request:R-1', undefined, '')).toBeUndefined();
    expect(cardCommand('case.complete_task', 'case:C-1', undefined, '')).toBeUndefined();
    expect(cardCommand('request.approve', 'request:', undefined, '')).toBeUndefined();
    expect(isCardAction('request.approve')).toBe(true);
    expect(isCardAction('request.delete_everything')).toBe(false);
  });
});

describe('a note from a card', () => {
  it('is a status update for members and watchers only when the person says so', () => {
    expect(cardCommand('case.add_note', 'case:C-1', undefined, 'Vendor called', 'update')).toEqual({ type: 'case.update', case: 'C-1', change: { type: 'add_note', text: 'Vendor called', source: 'command', update: true } });
    expect(cardCommand('case.add_note', 'case:C-1', undefined, 'Vendor called', '')).toEqual({ type: 'case.update', case: 'C-1', change: { type: 'add_note', text: 'Vendor called', source: 'command' } });
  });
});
