import { describe, expect, it } from 'vitest';
import { ExprError } from '../../src/core/flow-runtime.ts';
import { celEnvironment } from '../../src/flows/cel.ts';
import { compileTemplate, renderValue } from '../../src/flows/template.ts';

const env = celEnvironment('request', [
  { id: 'item', type: 'text', label: 'Item', required: true, maxLength: 300 },
  { id: 'total', type: 'money', label: 'Total', required: true, currencies: ['EUR'] },
  { id: 'rush', type: 'yesno', label: 'Rush', required: false },
  { id: 'qty', type: 'number', label: 'Qty', required: false, integer: true },
]);

function template(source: string) {
  const result = compileTemplate(env, source);
  if (!result.ok) throw new Error(result.reason);
  return result.value;
}

describe('templates', () => {
  it('fill each {{ }} placeholder with the value as a person reads it', () => {
    const t = template('Dispute: {{ form.item }} for {{form.total}}, rush: {{ form.rush }}, qty {{ form.qty }}');
    expect(t.render({ form: { item: 'Desk', total: { amount: 7200, currency: 'EUR' }, rush: false, qty: 3 } })).toBe('Dispute: Desk for 7,200.00 EUR, rush: no, qty 3');
    expect(t.source).toBe('Dispute: {{ form.item }} for {{form.total}}, rush: {{ form.rush }}, qty {{ form.qty }}');
  });

  it('leave text without placeholders as it is', () => {
    expect(template('Plain text').render({})).toBe('Plain text');
  });

  it('render CEL values: integers, booleans, lists, money with cents', () => {
    expect(template('{{ 1 + 2 }} {{ true }} {{ [1, 2] }}').render({})).toBe('3 yes 1, 2');
    expect(renderValue({ amount: 1234.5, currency: 'USD' })).toBe('1,234.50 USD');
  });

  it('refuse placeholders that do not compile, naming the placeholder', () => {
    expect(compileTemplate(env, 'Hi {{ form.nope }}')).toEqual({ ok: false, reason: 'in {{ form.nope }}: No such key: nope' });
    expect(compileTemplate(env, 'Hi {{ form.item ')).toEqual({ ok: false, reason: 'a placeholder opened with {{ is not closed with }}' });
    expect(compileTemplate(env, 'Hi {{ }}')).toEqual({ ok: false, reason: 'an empty {{ }} placeholder; expected a CEL expression inside' });
  });

  it('throw ExprError when a placeholder reads an absent optional field', () => {
    const t = template('Rush: {{ form.rush }}');
    expect(() => t.render({ form: { item: 'x' } })).toThrow(ExprError);
  });
});
