// Templates: text with {{ CEL }} placeholders, e.g. "Dispute: {{ form.item }}". Each placeholder
// is compiled once; rendering turns values into the words a person reads in chat.
import type { Environment } from '@marcbachmann/cel-js';
import type { CelVars, CompiledTemplate } from '../core/flow-runtime.ts';
import { compileExpression, type Compiled, type CompiledCel } from './cel.ts';

type Part = string | CompiledCel;

/** Compiles every placeholder; the first that fails is the reason, quoting the placeholder. */
export function compileTemplate(env: Environment, source: string): Compiled<CompiledTemplate> {
  const parts: Part[] = [];
  let rest = source;
  while (rest.length > 0) {
    const open = rest.indexOf('{{');
    if (open < 0) {
      parts.push(rest);
      break;
    }
    const close = rest.indexOf('}}', open + 2);
    if (close < 0) return { ok: false, reason: 'a placeholder opened with {{ is not closed with }}' };
    if (open > 0) parts.push(rest.slice(0, open));
    const cel = rest.slice(open + 2, close).trim();
    if (cel === '') return { ok: false, reason: 'an empty {{ }} placeholder; expected a CEL expression inside' };
    const compiled = compileExpression(env, cel, 'value');
    if (!compiled.ok) return { ok: false, reason: `in {{ ${cel} }}: ${compiled.reason}` };
    parts.push(compiled.value);
    rest = rest.slice(close + 2);
  }
  return {
    ok: true,
    value: {
      source,
      // A placeholder that cannot be evaluated (an absent optional field) throws ExprError, like
      // an expression does; the engine decides whether to fall back.
      render: (vars: CelVars) => parts.map((p) => (typeof p === 'string' ? p : renderValue(p.evaluate(vars)))).join(''),
    },
  };
}

const amountFormat = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/** 7200 EUR → "7,200.00 EUR", true → "yes", a list → "a, b". */
export function renderValue(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(renderValue).join(', ');
  if (typeof value === 'object') {
    const o = value as Record<string, unknown>;
    if (typeof o.amount === 'number' && typeof o.currency === 'string') return `${amountFormat.format(o.amount)} ${o.currency}`;
    return Object.entries(o)
      .map(([k, v]) => `${k}: ${renderValue(v)}`)
      .join(', ');
  }
  return String(value);
}
