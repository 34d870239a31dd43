import { describe, expect, it } from 'vitest';
import { validateForm } from '../../../src/core/form/validate.ts';
import { Field } from '../../../src/flows/model.ts';
import { directory } from '../../support/world.ts';

const fields = [
  { id: 'name', label: 'Name', type: 'text', required: true, maxLength: 10 },
  { id: 'note', label: 'Note', type: 'longtext' },
  { id: 'count', label: 'Count', type: 'number', integer: true, min: 1, max: 5 },
  { id: 'cost', label: 'Cost', type: 'money', currencies: ['EUR', 'USD'], max: 10000 },
  { id: 'day', label: 'Day', type: 'date', notBefore: 'today' },
  { id: 'kind', label: 'Kind', type: 'choice', options: [{ id: 'hw', label: 'Hardware' }, { id: 'sw', label: 'Software' }] },
  { id: 'who', label: 'Who', type: 'person' },
  { id: 'ok', label: 'OK', type: 'yesno' },
].map((f) => Field.parse(f));
const check = (raw: unknown) => validateForm(fields, raw, { directory, today: '2026-11-30' });

describe('form validation', () => {
  it('turns typed input into values', () => {
    expect(check({ name: ' Ann ', note: 'line 1\nline 2', count: '3', cost: 'USD 1,250.5', day: '2026-12-01', kind: 'Software', who: 'BOB@example.com', ok: 'yes', extra: 'ignored' })).toEqual({
      ok: true,
      value: { name: 'Ann', note: 'line 1\nline 2', count: 3, cost: { amount: 1250.5, currency: 'USD' }, day: '2026-12-01', kind: 'sw', who: 'bob@example.com', ok: true },
    });
  });

  it('says what is wrong with each field', () => {
    const result = check({ name: 'x'.repeat(11), count: '2.5', cost: '99 GBP', day: '2026-11-29', kind: 'paper', who: 'nobody@x.test', ok: 'maybe' });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.fieldErrors).toEqual({
      name: 'Use at most 10 characters (this has 11).',
      count: 'Enter a whole number.',
      cost: 'Currency must be one of EUR, USD.',
      day: 'Pick a date on or after 2026-11-30.',
      kind: 'Choose one of: Hardware, Software.',
      who: 'nobody@x.test is not in the Docket directory.',
      ok: 'Answer yes or no.',
    });
  });

  it('survives hostile shapes without throwing', () => {
    for (const raw of [null, 42, 'text', [], { name: { $gt: '' } }, { name: ['a'] }, { cost: { amount: { x: 1 } } }, { count: 'Infinity' }, { count: '1e309' }]) {
      const result = check(raw);
      expect(result.ok).toBe(false);
    }
    expect(check({ name: 'a\u0000b' })).toMatchObject({ ok: true, value: { name: 'a b' } });
    // long input is refused before any pattern can backtrack on it
    expect(check({ name: 'Ann', cost: `${' '.repeat(5000)}a` })).toMatchObject({ ok: false, fieldErrors: { cost: 'Enter an amount such as 1200.50 EUR.' } });
    expect(check({ name: 'Ann', count: 9 })).toMatchObject({ ok: false, fieldErrors: { count: 'Must be at most 5.' } });
  });
});
