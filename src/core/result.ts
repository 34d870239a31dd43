// Refusals are values, surprises throw (house style 3). Every refusal carries a stable code;
// the sentence people read lives in refusals.ts.
import type { RefusalCode } from './refusals.ts';

export interface Refusal {
  ok: false;
  code: RefusalCode;
  /** facts the sentence needs: who decided, which field, which status */
  details: Record<string, string | number | string[]>;
  /** per-field problems of a form, keyed by field id */
  fieldErrors?: Record<string, string>;
}

export type Result<T> = { ok: true; value: T } | Refusal;

export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

export function refuse(code: RefusalCode, details: Refusal['details'] = {}, fieldErrors?: Record<string, string>): Refusal {
  return fieldErrors ? { ok: false, code, details, fieldErrors } : { ok: false, code, details };
}
