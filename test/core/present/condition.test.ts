import { describe, expect, it } from 'vitest';
import { conditionWords } from '../../../src/core/present/condition.ts';
import type { Field } from '../../../src/flows/model.ts';

const form: Field[] = [
  { id: 'total', type: 'money', label: 'Total cost', required: true, currencies: ['EUR'] } as Field,
  { id: 'days', type: 'number', label: 'Working days', required: true } as Field,
];

describe('a step condition in people\'s words', () => {
  it('words a form value compared with a number, with the currency the request used', () => {
    expect(conditionWords({ when: 'form.total.amount > 5000' }, form, { total: { amount: 20, currency: 'EUR' } })).toEqual({
      needed: 'the total cost is over 5,000 EUR',
      notNeeded: 'the total cost is not over 5,000 EUR',
    });
    expect(conditionWords({ when: 'form.days >= 10.0' }, form, { days: 3 })).toEqual({ needed: 'the working days is at least 10', notNeeded: 'the working days is under 10' });
  });

  it('takes the flow\'s own wording first, and never shows CEL it cannot word', () => {
    expect(conditionWords({ when: 'form.total.amount > 20000', explain: { needed: 'it costs more than 20,000', notNeeded: 'it costs 20,000 or less' } }, form, {})).toEqual({
      needed: 'it costs more than 20,000',
      notNeeded: 'it costs 20,000 or less',
    });
    const odd = conditionWords({ when: 'form.category == "travel" && has(form.needed_by)' }, form, {})!;
    expect(JSON.stringify(odd)).not.toMatch(/form\.|==|has\(/);
    expect(conditionWords({}, form, {})).toBeUndefined();
  });
});
