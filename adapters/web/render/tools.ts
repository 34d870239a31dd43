// Small building blocks of the item pages' tool forms.
import type { Directory } from '../../../src/ports/directory.ts';
import { html, type Html } from '../html.ts';
import type { Visit } from '../site.ts';
import { formKeys, itemPath } from './card.ts';

export function personOptions(directory: Directory, exclude: readonly string[] = []): Html {
  const people = [...directory.people()].filter((p) => !exclude.includes(p.email)).sort((a, b) => a.name.localeCompare(b.name));
  return html`<option value="">Choose a person…</option>${people.map((p) => html`<option value="${p.email}">${p.name}</option>`)}`;
}

/** a small POST form to the item's /act with one named action */
export function actForm(visit: Visit, subject: string, action: string, inner: Html, button: string, extra: Html = html``): Html {
  return html`<form method="post" action="${itemPath(subject)}/act" class="inline tool">${formKeys(visit.csrf)}<input type="hidden" name="action" value="${action}">${extra}${inner}<button type="submit" data-action="${action}">${button}</button></form>`;
}
