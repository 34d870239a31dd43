// A flow's form as HTML inputs, and back: the raw values go to the engine unchanged, so the
// validation and its messages are the engine's (validateForm), the same as in Slack and Teams.
// `novalidate` on the forms keeps the browser from answering first with different words.
import type { FormValues } from '../../../src/core/request/state.ts';
import type { Field } from '../../../src/flows/model.ts';
import type { Directory } from '../../../src/ports/directory.ts';
import { html, type Html } from '../html.ts';

/** what the person typed, per input name, to show the form again after a refusal */
export type Echo = Record<string, string>;

const name = (f: Field) => `f.${f.id}`;

/** raw form input as the engine takes it (money as { amount, currency } of strings) */
export function readFields(fields: readonly Field[], form: URLSearchParams): { raw: Record<string, unknown>; echo: Echo } {
  const raw: Record<string, unknown> = {};
  const echo: Echo = {};
  for (const f of fields) {
    const value = form.get(name(f)) ?? '';
    echo[name(f)] = value;
    if (f.type === 'money') {
      const currency = form.get(`${name(f)}.currency`) ?? '';
      echo[`${name(f)}.currency`] = currency;
      raw[f.id] = value.trim() === '' ? '' : { amount: value, currency };
    } else raw[f.id] = value;
  }
  return { raw, echo };
}

/** stored values as the inputs would hold them (editing a request sent back) */
export function echoOf(fields: readonly Field[], values: FormValues): Echo {
  const echo: Echo = {};
  for (const f of fields) {
    const v = values[f.id];
    if (v === undefined) continue;
    if (typeof v === 'object') {
      echo[name(f)] = String(v.amount);
      echo[`${name(f)}.currency`] = v.currency;
    } else if (typeof v === 'boolean') echo[name(f)] = v ? 'yes' : 'no';
    else echo[name(f)] = String(v);
  }
  return echo;
}

export function renderFields(fields: readonly Field[], echo: Echo, errors: Record<string, string>, directory: Directory): Html {
  return html`${fields.map((f) => renderField(f, echo, errors[f.id], directory))}`;
}

function renderField(f: Field, echo: Echo, error: string | undefined, directory: Directory): Html {
  const id = `field-${f.id}`;
  const value = echo[name(f)] ?? '';
  const described = [f.help ? `${id}-help` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
  const common = html`id="${id}" name="${name(f)}" ${f.required ? html`required aria-required="true"` : ''} ${error ? html`aria-invalid="true"` : ''} ${described ? html`aria-describedby="${described}"` : ''}`;
  let control: Html;
  switch (f.type) {
    case 'text':
      control = html`<input type="text" ${common} value="${value}">`;
      break;
    case 'longtext':
      control = html`<textarea ${common} rows="4">${value}</textarea>`;
      break;
    case 'number':
      control = html`<input type="text" inputmode="decimal" ${common} value="${value}">`;
      break;
    case 'money': {
      const currency = echo[`${name(f)}.currency`] || f.currencies[0];
      control = html`<span class="money"><input type="text" inputmode="decimal" ${common} value="${value}">
        <select name="${name(f)}.currency" aria-label="${`${f.label}: currency`}">${f.currencies.map((c) => html`<option ${c === currency ? html`selected` : ''}>${c}</option>`)}</select></span>`;
      break;
    }
    case 'date':
      control = html`<input type="date" ${common} value="${value}">`;
      break;
    case 'choice':
      control = html`<select ${common}><option value="">Choose…</option>${f.options.map((o) => html`<option value="${o.id}" ${o.id === value ? html`selected` : ''}>${o.label}</option>`)}</select>`;
      break;
    case 'person': {
      const people = [...directory.people()].sort((a, b) => a.name.localeCompare(b.name));
      control = html`<select ${common}><option value="">Choose a person…</option>${people.map((p) => html`<option value="${p.email}" ${p.email === value ? html`selected` : ''}>${p.name}</option>`)}</select>`;
      break;
    }
    case 'yesno':
      control = html`<select ${common}><option value="">—</option><option value="yes" ${value === 'yes' ? html`selected` : ''}>Yes</option><option value="no" ${value === 'no' ? html`selected` : ''}>No</option></select>`;
      break;
    default: {
      const unhandled: never = f;
      throw new Error(`unhandled field ${JSON.stringify(unhandled)}`);
    }
  }
  return html`<div class="field${error ? ' has-error' : ''}">
    <label for="${id}">${f.label}${f.required ? html` <span class="req" aria-hidden="true">*</span>` : ''}</label>
    ${control}
    ${f.help ? html`<p class="help" id="${id}-help">${f.help}</p>` : ''}
    ${error ? html`<p class="error" id="${id}-error" data-field="${f.id}">${error}</p>` : ''}
  </div>`;
}
