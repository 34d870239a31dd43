// A flow's form as an Adaptive Card: typed inputs for every field type, values kept and errors
// shown next to their input when the engine refuses a submission (its fieldErrors), and one
// Action.Execute that sends everything back as an `adaptiveCard/action` invoke.
import type { Field, Person } from '../../src/flows/model.ts';
import type { FormValues } from '../../src/core/request/state.ts';
import { type AdaptiveCard, type AdaptiveElement, type Banner, bannerBlock, emptyCard, text } from './adaptive-card.ts';

/** Input ids carry a prefix so they never collide with the action's own data keys. */
export const FIELD_PREFIX = 'field:';
export const CURRENCY_SUFFIX = ':currency';
/** Past this many people a choice list is unwieldy; an email box instead. */
const MAX_PEOPLE_CHOICES = 200;

export interface FormSection {
  fields: readonly Field[];
  prefix: string;
}

export interface FormCardSpec {
  title: string;
  intro?: string;
  sections: FormSection[];
  /** what was typed, by input id (prefix included), to show again beside the errors */
  values?: Record<string, string>;
  /** by input id (prefix included) */
  errors?: Record<string, string>;
  banner?: Banner;
  submit: { title: string; verb: string; data: Record<string, unknown> };
  people: readonly Person[];
  /** YYYY-MM-DD for the person filling it, for date fields that start today */
  today: string;
}

function inputFor(field: Field, id: string, value: string | undefined, spec: FormCardSpec): AdaptiveElement[] {
  const base = { id, label: field.label, isRequired: field.required, errorMessage: `${field.label} is required.` };
  switch (field.type) {
    case 'text':
    case 'longtext':
      return [{ type: 'Input.Text', ...base, isMultiline: field.type === 'longtext', maxLength: field.maxLength, ...(value !== undefined ? { value } : {}) }];
    case 'number': {
      const n = value !== undefined && value.trim() !== '' ? Number(value) : undefined;
      return [{ type: 'Input.Number', ...base, ...(field.min !== undefined ? { min: field.min } : {}), ...(field.max !== undefined ? { max: field.max } : {}), ...(n !== undefined && Number.isFinite(n) ? { value: n } : {}) }];
    }
    case 'money': {
      const n = value !== undefined && value.trim() !== '' ? Number(value) : undefined;
      const amount = { type: 'Input.Number', ...base, ...(field.min !== undefined ? { min: field.min } : {}), ...(field.max !== undefined ? { max: field.max } : {}), ...(n !== undefined && Number.isFinite(n) ? { value: n } : {}) };
      if (field.currencies.length === 1) return [{ ...amount, label: `${field.label} (${field.currencies[0]})` }];
      const currency = {
        type: 'Input.ChoiceSet',
        id: `${id}${CURRENCY_SUFFIX}`,
        label: 'Currency',
        style: 'compact',
        value: spec.values?.[`${id}${CURRENCY_SUFFIX}`] ?? field.currencies[0],
        choices: field.currencies.map((c) => ({ title: c, value: c })),
      };
      return [{ type: 'ColumnSet', columns: [{ type: 'Column', width: 'stretch', items: [amount] }, { type: 'Column', width: 'auto', items: [currency] }] }];
    }
    case 'date': {
      const min = field.notBefore === 'today' ? spec.today : field.notBefore;
      return [{ type: 'Input.Date', ...base, ...(min ? { min } : {}), ...(field.notAfter ? { max: field.notAfter } : {}), ...(value ? { value } : {}) }];
    }
    case 'choice':
      return [{ type: 'Input.ChoiceSet', ...base, style: 'compact', choices: field.options.map((o) => ({ title: o.label, value: o.id })), ...(value ? { value } : {}) }];
    case 'person':
      if (spec.people.length > MAX_PEOPLE_CHOICES) return [{ type: 'Input.Text', ...base, placeholder: 'name@example.com', style: 'Email', ...(value ? { value } : {}) }];
      return [{ type: 'Input.ChoiceSet', ...base, style: 'filtered', choices: spec.people.map((p) => ({ title: `${p.name} (${p.email})`, value: p.email })), ...(value ? { value } : {}) }];
    case 'yesno':
      return [{ type: 'Input.Toggle', id, title: field.label, label: field.label, valueOn: 'true', valueOff: 'false', value: value === 'true' ? 'true' : 'false' }];
    default: {
      const unhandled: never = field;
      throw new Error(`unhandled field type ${JSON.stringify(unhandled)}`);
    }
  }
}

export function formCard(spec: FormCardSpec): AdaptiveCard {
  const body: AdaptiveElement[] = [];
  if (spec.banner) body.push(bannerBlock(spec.banner));
  body.push(text(spec.title, { size: 'Medium', weight: 'Bolder', style: 'heading' }));
  if (spec.intro) body.push(text(spec.intro, { isSubtle: true, spacing: 'None' }));
  for (const section of spec.sections) {
    for (const field of section.fields) {
      const id = `${section.prefix}${field.id}`;
      body.push(...inputFor(field, id, spec.values?.[id], spec));
      if (field.help) body.push(text(field.help, { isSubtle: true, size: 'Small', spacing: 'None' }));
      const error = spec.errors?.[id];
      if (error) body.push(text(error, { color: 'Attention', size: 'Small', spacing: 'None' }));
    }
  }
  return emptyCard(body, [{ type: 'Action.Execute', title: spec.submit.title, verb: spec.submit.verb, data: spec.submit.data, style: 'positive' }]);
}

/**
 * The submitted inputs of one section as raw form input for the engine (which validates and
 * explains): blanks left out, money as { amount, currency }, toggles as booleans.
 */
export function readSection(fields: readonly Field[], prefix: string, data: Record<string, unknown>): Record<string, unknown> {
  const form: Record<string, unknown> = {};
  for (const field of fields) {
    const raw = data[`${prefix}${field.id}`];
    const value = typeof raw === 'string' ? raw.trim() : typeof raw === 'number' || typeof raw === 'boolean' ? raw : undefined;
    if (field.type === 'yesno') {
      if (value !== undefined && value !== '') form[field.id] = value === true || value === 'true';
      continue;
    }
    if (value === undefined || value === '') continue;
    if (field.type === 'money') {
      const currency = data[`${prefix}${field.id}${CURRENCY_SUFFIX}`];
      form[field.id] = { amount: String(value), currency: typeof currency === 'string' && currency ? currency : field.currencies[0] };
    } else form[field.id] = value;
  }
  return form;
}

/** What was typed, by input id, to put back into the card beside the errors. */
export function typedValues(data: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(data)) if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') out[k] = String(v);
  return out;
}

/** Stored values as the inputs show them, for "edit and resubmit". */
export function storedValues(fields: readonly Field[], prefix: string, values: FormValues): Record<string, string> {
  const out: Record<string, string> = {};
  for (const field of fields) {
    const v = values[field.id];
    if (v === undefined) continue;
    if (typeof v === 'object') {
      out[`${prefix}${field.id}`] = String(v.amount);
      out[`${prefix}${field.id}${CURRENCY_SUFFIX}`] = v.currency;
    } else out[`${prefix}${field.id}`] = String(v);
  }
  return out;
}

/** engine fieldErrors (by field id) as errors by input id */
export function prefixErrors(errors: Record<string, string> | undefined, prefix: string): Record<string, string> {
  return Object.fromEntries(Object.entries(errors ?? {}).map(([k, v]) => [`${prefix}${k}`, v]));
}
