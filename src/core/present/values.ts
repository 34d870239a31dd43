// How stored values read to people: money with grouping and currency, yes/no, names for emails.
import type { Field } from '../../flows/model.ts';
import type { Directory } from '../../ports/directory.ts';
import type { FormValue, FormValues, Link } from '../request/state.ts';

// toLocaleString with options builds a new Intl.NumberFormat on every call (tens of µs, and
// every card draws its fields); the same formats, built once, give the same text.
const MONEY = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const NUMBER = new Intl.NumberFormat('en-US', { maximumFractionDigits: 6 });

export function formatMoney(amount: number, currency: string): string {
  return `${MONEY.format(amount)} ${currency}`;
}

export function formatValue(field: Field, value: FormValue, directory: Directory): string {
  if (typeof value === 'object') return formatMoney(value.amount, value.currency);
  switch (field.type) {
    case 'yesno':
      return value ? 'Yes' : 'No';
    case 'choice':
      return field.options.find((o) => o.id === value)?.label ?? String(value);
    case 'person':
      return directory.nameOf(String(value));
    case 'number':
      return typeof value === 'number' ? NUMBER.format(value) : String(value);
    default:
      return String(value);
  }
}

/** The filled-in fields of a form as label/value pairs, in the flow's order. */
export function formFields(fields: readonly Field[], values: FormValues, directory: Directory): { label: string; value: string }[] {
  return fields.filter((f) => values[f.id] !== undefined).map((f) => ({ label: f.label, value: formatValue(f, values[f.id]!, directory) }));
}

const linkWords: Record<Link['kind'], string> = {
  related: 'related to',
  parent: 'part of',
  child: 'parent of',
  duplicate_of: 'duplicate of',
  duplicated_by: 'duplicated by',
  started: 'started',
  started_by: 'started from',
};

/** "started from case C-1, related to request R-4": both sides of a link show it. */
export function linkField(links: readonly Link[]): { label: string; value: string }[] {
  if (links.length === 0) return [];
  return [{ label: 'Links', value: links.map((l) => `${linkWords[l.kind]} ${l.subject.replace(':', ' ')}`).join(', ') }];
}
