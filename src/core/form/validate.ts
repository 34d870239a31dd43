// Turns raw form input from any surface (a Slack modal, a Teams card, the web console, a rule)
// into typed values, or into one clear message per field. The same messages show everywhere.
import type { Field } from '../../flows/model.ts';
import type { Directory } from '../../ports/directory.ts';
import { ok, refuse, type Result } from '../result.ts';
import type { FormValue, FormValues } from '../request/state.ts';
import { parseAmount, parseMoney } from './numbers.ts';

export interface FormContext {
  directory: Directory;
  /** today's date (YYYY-MM-DD) for the person filling the form, for "not before today" */
  today: string;
}

type Parsed = { value: FormValue } | { error: string } | { empty: true };

export function validateForm(fields: readonly Field[], raw: unknown, ctx: FormContext): Result<FormValues> {
  const input = raw !== null && typeof raw === 'object' && !Array.isArray(raw) ? (raw as Record<string, unknown>) : {};
  const values: FormValues = {};
  const errors: Record<string, string> = {};
  for (const field of fields) {
    const parsed = parseField(field, input[field.id], ctx);
    if ('error' in parsed) errors[field.id] = parsed.error;
    else if ('empty' in parsed) {
      if (field.required) errors[field.id] = 'Required.';
    } else values[field.id] = parsed.value;
  }
  if (Object.keys(errors).length > 0) return refuse('form.invalid', { fields: Object.keys(errors) }, errors);
  return ok(values);
}

function isBlank(raw: unknown): boolean {
  return raw === undefined || raw === null || (typeof raw === 'string' && raw.trim() === '');
}

function parseField(field: Field, raw: unknown, ctx: FormContext): Parsed {
  if (isBlank(raw)) return { empty: true };
  switch (field.type) {
    case 'text':
    case 'longtext': {
      if (typeof raw !== 'string' && typeof raw !== 'number') return { error: 'Enter text.' };
      // NUL and other control characters (except newlines and tabs in long text) never belong in a form
      const text = String(raw).replace(field.type === 'text' ? /[\u0000-\u001f\u007f]/g : /[\u0000-\u0008\u000b-\u001f\u007f]/g, ' ').trim();
      if (field.minLength !== undefined && text.length < field.minLength) return { error: `Use at least ${field.minLength} characters.` };
      if (text.length > field.maxLength) return { error: `Use at most ${field.maxLength} characters (this has ${text.length}).` };
      return { value: text };
    }
    case 'number': {
      const n = typeof raw === 'number' ? raw : typeof raw === 'string' ? parseAmount(raw) : undefined;
      if (n === undefined || !Number.isFinite(n)) return { error: 'Enter a number, such as 12 or 3.5.' };
      if (field.integer && !Number.isInteger(n)) return { error: 'Enter a whole number.' };
      return checkRange(n, field.min, field.max, (v) => String(v));
    }
    case 'money': {
      const money = parseMoney(raw, field.currencies);
      if ('error' in money) return money;
      const range = checkRange(money.amount, field.min, field.max, (v) => `${v} ${money.currency}`);
      return 'error' in range ? range : { value: money };
    }
    case 'date': {
      if (typeof raw !== 'string' || !isCalendarDate(raw.trim())) return { error: 'Enter a date as YYYY-MM-DD.' };
      const date = raw.trim();
      const notBefore = field.notBefore === 'today' ? ctx.today : field.notBefore;
      if (notBefore && date < notBefore) return { error: `Pick a date on or after ${notBefore}.` };
      if (field.notAfter && date > field.notAfter) return { error: `Pick a date on or before ${field.notAfter}.` };
      return { value: date };
    }
    case 'choice': {
      const text = String(raw).trim();
      const option = field.options.find((o) => o.id === text) ?? field.options.find((o) => o.label.toLowerCase() === text.toLowerCase());
      if (!option) return { error: `Choose one of: ${field.options.map((o) => o.label).join(', ')}.` };
      return { value: option.id };
    }
    case 'person': {
      if (typeof raw !== 'string') return { error: 'Choose a person.' };
      const person = ctx.directory.person(raw.trim().toLowerCase());
      if (!person) return { error: `${raw.trim().slice(0, 100)} is not in the Docket directory.` };
      return { value: person.email };
    }
    case 'yesno': {
      if (typeof raw === 'boolean') return { value: raw };
      const text = String(raw).trim().toLowerCase();
      if (['yes', 'true', 'on', '1', 'y'].includes(text)) return { value: true };
      if (['no', 'false', 'off', '0', 'n'].includes(text)) return { value: false };
      return { error: 'Answer yes or no.' };
    }
    default: {
      const unhandled: never = field;
      throw new Error(`unhandled field type ${JSON.stringify(unhandled)}`);
    }
  }
}

function checkRange(n: number, min: number | undefined, max: number | undefined, show: (v: number) => string): Parsed {
  if (min !== undefined && n < min) return { error: `Must be at least ${show(min)}.` };
  if (max !== undefined && n > max) return { error: `Must be at most ${show(max)}.` };
  return { value: n };
}

export function isCalendarDate(text: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}
