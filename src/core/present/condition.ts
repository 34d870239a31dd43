// A step's condition in people's words. Cards and timelines never show CEL: a flow may say in its
// own words why a step is or is not needed (`explain` beside `when`), and for the common shape —
// a form value compared with a number — Docket words it itself ("the total cost is over 5,000
// EUR"); anything else reads as a rule of the flow.
import type { Field, Step } from '../../flows/model.ts';
import type { FormValues } from '../request/state.ts';

export interface ConditionWords {
  /** why the step applies: "the total cost is over 5,000 EUR" */
  needed: string;
  /** why it was left out: "the total cost is not over 5,000 EUR" */
  notNeeded: string;
}

const COMPARISON = /^\s*form\.([A-Za-z_][A-Za-z0-9_]*)(\.amount)?\s*(>=|>|<=|<)\s*(-?\d+(?:\.\d+)?)\s*$/;

const phrases: Record<string, [string, string]> = {
  '>': ['is over', 'is not over'],
  '>=': ['is at least', 'is under'],
  '<': ['is under', 'is at least'],
  '<=': ['is at most', 'is over'],
};

function number(n: number): string {
  return n.toLocaleString('en-US', { maximumFractionDigits: 2 });
}

export function conditionWords(step: Pick<Step, 'when' | 'explain'>, form: readonly Field[], values: FormValues): ConditionWords | undefined {
  if (!step.when) return undefined;
  const generic: ConditionWords = { needed: 'a rule of this request type asks for it', notNeeded: 'a rule of this request type leaves it out for this request' };
  const auto = describe(step.when, form, values) ?? generic;
  return { needed: step.explain?.needed ?? auto.needed, notNeeded: step.explain?.notNeeded ?? auto.notNeeded };
}

function describe(when: string, form: readonly Field[], values: FormValues): ConditionWords | undefined {
  const m = COMPARISON.exec(when);
  if (!m) return undefined;
  const [, id, amount, op, raw] = m;
  const field = form.find((f) => f.id === id);
  if (!field || (amount && field.type !== 'money')) return undefined;
  const value = values[field.id];
  const currency = field.type === 'money' && value && typeof value === 'object' ? ` ${value.currency}` : '';
  const [yes, no] = phrases[op!]!;
  const what = `the ${field.label.replace(/[?:.]$/, '').toLowerCase()}`;
  const limit = `${number(Number(raw))}${currency}`;
  return { needed: `${what} ${yes} ${limit}`, notNeeded: `${what} ${no} ${limit}` };
}
