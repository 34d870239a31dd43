// Expressions are type-checked against the flow's variable schemas at load and evaluated without
// them (src/flows/cel.ts, issue 14). The decisions must not change: every `when` of the example
// flows, on 2,000 generated fact sets, gives the same answer (or the same failure) evaluated
// with the schemas as the engine gets evaluating without, and json-rules-engine holding the
// same rules agrees too. `npm run bench rules` repeats this on 10,000 sets and times it.
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { factSets, JRE_RULES, loadConditions } from '../../bench/rules.ts';
import { celEnvironment, compileExpression, toPlain } from '../../src/flows/cel.ts';
import { loadFlows } from '../../src/flows/load.ts';

const FLOWS = fileURLToPath(new URL('../../flows/', import.meta.url));

type Answer = boolean | `error: ${string}`;
const answer = (run: () => unknown): Answer => {
  try {
    return run() === true;
  } catch (err) {
    return `error: ${(err as Error).message.split('\n')[0]}`;
  }
};

describe('CEL evaluated without the schemas', () => {
  it('decides like the schema-typed evaluation and like json-rules-engine on 2,000 fact sets', async () => {
    const loaded = await loadFlows(FLOWS);
    if (!loaded.ok) throw new Error('example flows do not load');
    const { conditions, flows } = await loadConditions();
    expect(conditions.length).toBe(Object.keys(JRE_RULES).length);
    const typedEnv = new Map(flows.map((f) => [f.id, celEnvironment(f.kind, f.fields)]));
    let compared = 0;
    let yes = 0;
    for (const facts of factSets(flows, 2_000, 11)) {
      for (const c of conditions.filter((x) => x.flow === facts.flow)) {
        const typed = typedEnv.get(c.flow)!.parse(c.source);
        const withSchemas = answer(() => typed(facts.vars));
        const engine = answer(() => c.cel.evaluate(facts.vars));
        expect(engine, `${c.flow}: ${c.source} on ${JSON.stringify(facts.vars.form)}`).toEqual(withSchemas);
        expect((await c.jre.run(facts.vars)).events.length > 0, `json-rules-engine, ${c.source}`).toBe(engine === true);
        compared++;
        if (engine === true) yes++;
      }
    }
    expect(compared).toBeGreaterThan(3_000);
    // both answers occur, so the comparison says something
    expect(yes).toBeGreaterThan(300);
    expect(compared - yes).toBeGreaterThan(300);
  }, 60_000);

  it('keeps the edge cases: whole and fractional numbers, absent fields, money maps, values', () => {
    const env = celEnvironment('request', [
      { id: 'days', type: 'number', label: 'Days', required: true },
      { id: 'total', type: 'money', label: 'Total', required: true, currencies: ['EUR'] },
      { id: 'note', type: 'text', label: 'Note' },
      { id: 'ok', type: 'yesno', label: 'OK' },
    ] as never);
    const cases: [string, Record<string, unknown>][] = [
      ['form.days <= 1', { days: 1 }],
      ['form.days <= 1', { days: 1.5 }],
      ['form.days == 1.0', { days: 1 }],
      ['form.days > 0.5', { days: 0.5 }],
      ['form.total.amount > 5000', { total: { amount: 5000, currency: 'EUR' } }],
      ['form.total.amount > 5000', { total: { amount: 5000.01, currency: 'EUR' } }],
      ['form.note == "x"', {}],
      ['has(form.note) && form.note == "x"', {}],
      ['has(form.note) && form.note == "x"', { note: 'x' }],
      ['form.ok', { ok: true }],
      ['form.total.currency in ["EUR", "USD"]', { total: { amount: 1, currency: 'USD' } }],
      ['requester.department == "Sales"', {}],
    ];
    for (const [source, form] of cases) {
      const compiled = compileExpression(env, source, 'condition');
      if (!compiled.ok) throw new Error(`${source}: ${compiled.reason}`);
      const vars = { form, requester: { email: 'ann@example.com', name: 'Ann', department: 'Sales', manager: 'bob@example.com' }, request: { id: 'R-1', title: 't', flow: 'f' } };
      expect(answer(() => compiled.value.evaluate(vars)), source).toEqual(answer(() => env.parse(source)(vars)));
    }
    // a value expression gives plain JSON, a copy: mapping a field never aliases the form
    const mapped = compileExpression(env, 'form.total', 'value');
    if (!mapped.ok) throw new Error(mapped.reason);
    const total = { amount: 12, currency: 'EUR' };
    const value = mapped.value.evaluate({ form: { total } });
    expect(value).toEqual(toPlain(env.parse('form.total')({ form: { total } })));
    expect(value).toEqual(total);
    expect(value).not.toBe(total);
  });

  it('still refuses at load what the schemas rule out', () => {
    const env = celEnvironment('request', [{ id: 'days', type: 'number', label: 'Days', required: true }] as never);
    expect(compileExpression(env, 'form.dayz > 1', 'condition').ok).toBe(false);
    expect(compileExpression(env, 'has(form.dayz)', 'condition').ok).toBe(false);
    expect(compileExpression(env, 'form.days', 'condition')).toMatchObject({ ok: false, reason: expect.stringContaining('expected true or false') });
  });
});
