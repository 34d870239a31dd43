// A tagged template for HTML that escapes every interpolation unless it is already Html.
// All card text is raw, possibly hostile user text (src/core/card.ts): this is where it becomes
// safe to show. `raw()` is for our own constant markup only, never for anything a user typed.
//
//   html`<p title="${name}">${text}</p>`   // name and text escaped, quotes included
//   html`<ul>${items.map((i) => html`<li>${i}</li>`)}</ul>`   // nested Html kept as is

export class Html {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

export type Interpolation = Html | string | number | boolean | null | undefined | readonly Interpolation[];

const entities: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;', '`': '&#96;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"'`]/g, (c) => entities[c]!);
}

function render(value: Interpolation): string {
  if (value instanceof Html) return value.value;
  if (value === null || value === undefined || value === false || value === true) return '';
  if (Array.isArray(value)) return (value as readonly Interpolation[]).map(render).join('');
  return escapeHtml(String(value));
}

export function html(strings: TemplateStringsArray, ...values: Interpolation[]): Html {
  let out = strings[0]!;
  for (let i = 0; i < values.length; i++) out += render(values[i]) + strings[i + 1]!;
  return new Html(out);
}

/** trusted markup written in our code; never pass user text here */
export function raw(markup: string): Html {
  return new Html(markup);
}

/** a path segment or query value inside an href/action we build */
export const seg = encodeURIComponent;
