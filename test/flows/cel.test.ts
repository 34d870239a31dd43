import { describe, expect, it } from 'vitest';
import { ExprError } from '../../src/core/flow-runtime.ts';
import { celEnvironment, compileExpression, type CompiledCel } from '../../src/flows/cel.ts';
import type { Field } from '../../src/flows/model.ts';

const fields: Field[] = [
  { id: 'item', type: 'text', label: 'Item', required: true, maxLength: 300 },
  { id: 'total', type: 'money', label: 'Total', required: true, currencies: ['EUR'] },
  { id: 'days', type: 'number', label: 'Days', required: false, integer: false },
  { id: 'urgent', type: 'yesno', label: 'Urgent', required: false },
  { id: 'note', type: 'text', label: 'Note', required: false, maxLength: 300 },
  { id: 'buddy', type: 'person', label: 'Buddy', required: false },
];
const env = celEnvironment('request', fields);
const requester = { email: 'ann@example.com', name: 'Ann', department: 'sales', manager: 'bob@example.com' };
const request = { id: 'r1', title: 'Laptops', flow: 'purchase' };

function compile(source: string, use: 'condition' | 'value' = 'condition'): CompiledCel {
  const result = compileExpression(env, source, use);
  if (!result.ok) throw new Error(result.reason);
  return result.value;
}
const reason = (source: string, use: 'condition' | 'value' = 'condition') => {
  const result = compileExpression(env, source, use);
  return result.ok ? 'compiled' : result.reason;
};

describe('CEL expressions', () => {
  it('compile once and evaluate many times against typed variables', () => {
    const expr = compile('form.total.amount > 5000 && requester.department == "sales"');
    expect(expr.evaluate({ form: { total: { amount: 7200, currency: 'EUR' } }, requester, request })).toBe(true);
    expect(expr.evaluate({ form: { total: { amount: 100, currency: 'EUR' } }, requester, request })).toBe(false);
    expect(compile('form.days <= 1').evaluate({ form: { days: 0.5 }, requester, request })).toBe(true);
    expect(compile('form.urgent').evaluate({ form: { urgent: true }, requester, request })).toBe(true);
  });

  it('reject unknown fields and variables at load, with cel-js reason', () => {
    expect(reason('form.totl.amount > 5')).toBe('No such key: totl');
    expect(reason('form.total.cents > 5')).toBe('No such key: cents');
    expect(reason('case.priority == "p1"')).toBe('Unknown variable: case');
    expect(reason('requester.salary > 5.0')).toBe('No such key: salary');
  });

  it('reject syntax errors and type errors', () => {
    expect(reason('form.item ==')).toBe('Unexpected token: EOF');
    expect(reason('form.item == 1')).toBe('no such overload: string == int');
  });

  it('require conditions to give true or false, but not values', () => {
    expect(reason('form.item')).toBe('expected true or false, but this gives string');
    expect(reason('form.item', 'value')).toBe('compiled');
    expect(compile('form.total', 'value').evaluate({ form: { total: { amount: 1, currency: 'EUR' } } })).toEqual({ amount: 1, currency: 'EUR' });
  });

  it('fail at run time with ExprError on an absent optional field', () => {
    const expr = compile('form.note == "rush"');
    let caught: unknown;
    try {
      expr.evaluate({ form: { item: 'x' }, requester, request });
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(ExprError);
    expect((caught as ExprError).message).toBe('No such key: note');
    expect((caught as ExprError).source).toBe('form.note == "rush"');
  });

  it('let authors guard optional fields with has()', () => {
    const expr = compile('has(form.note) && form.note == "rush"');
    expect(expr.evaluate({ form: { item: 'x' }, requester, request })).toBe(false);
    expect(expr.evaluate({ form: { item: 'x', note: 'rush' }, requester, request })).toBe(true);
    expect(compile('!has(form.buddy)').evaluate({ form: {}, requester, request })).toBe(true);
  });

  it('check the field named inside has(), which cel-js alone lets through', () => {
    expect(reason('has(form.nope)')).toBe('No such key: nope');
    expect(reason('has(form.total.cents)')).toBe('No such key: cents');
  });

  it('spot constant conditions but not ones that read variables', () => {
    expect(compile('false').constant).toEqual({ value: false });
    expect(compile('1 > 2 && true').constant).toEqual({ value: false });
    expect(compile('form.days > 1.0').constant).toBeUndefined();
  });

  it('type case flows from their intake fields', () => {
    const caseEnv = celEnvironment('case', [{ id: 'service', type: 'text', label: 'Service', required: true, maxLength: 300 }]);
    const ok = compileExpression(caseEnv, 'case.priority == "p1" && opener.department == "it" && form.service != ""', 'condition');
    expect(ok.ok).toBe(true);
    const bad = compileExpression(caseEnv, 'requester.email == ""', 'condition');
    expect(bad).toEqual({ ok: false, reason: 'Unknown variable: requester' });
  });

  it('work for a case flow with no intake fields', () => {
    const caseEnv = celEnvironment('case', []);
    expect(compileExpression(caseEnv, 'case.status == "new"', 'condition').ok).toBe(true);
    expect(compileExpression(caseEnv, 'has(form.x)', 'condition')).toEqual({ ok: false, reason: 'No such key: x' });
  });
});
