// A Card as HTML: the same card chat shows, with its buttons as small POST forms. Every string
// on a card is raw user text; html`` escapes it. An action that needs a reason or a choice opens
// inline (<details>) so the console needs no script to ask for it.
import { randomUUID } from 'node:crypto';
import type { Card, CardAction, CardInput } from '../../../src/core/card.ts';
import { html, seg, type Html } from '../html.ts';

export interface CardOptions {
  csrf: string;
  /** false: draw the buttons as a preview ("what they would see in chat"), not as forms */
  actionable: boolean;
  /** the heading links to the item page */
  link?: boolean;
  /** where to land after an action succeeds (the page the card is on); the item page otherwise */
  back?: string;
}

/** "request:R-12" → "/requests/R-12"; "case:C-3" → "/cases/C-3" */
export function itemPath(subject: string): string {
  const [kind, id = ''] = subject.split(':');
  return kind === 'case' ? `/cases/${seg(id)}` : `/requests/${seg(id)}`;
}

export function renderCard(card: Card, options: CardOptions): Html {
  const path = itemPath(card.key);
  return html`<article class="card tone-${card.status.tone}" data-subject="${card.key}" data-version="${card.version}">
    <header class="card-head">
      <h3 class="card-title">${options.link ? html`<a href="${path}">${card.title}</a>` : card.title}</h3>
      <span class="status tone-${card.status.tone}">${card.status.label}</span>
    </header>
    <p class="subtitle">${card.subtitle}</p>
    ${card.why ? html`<p class="why">${card.why}</p>` : ''}
    ${card.fields.length ? html`<dl class="fields">${card.fields.map((f) => html`<div><dt>${f.label}</dt><dd>${f.value}</dd></div>`)}</dl>` : ''}
    ${card.progress.length
      ? html`<ol class="progress">${card.progress.map((p) => html`<li class="step-${p.state}"><span class="step-label">${p.label}</span>${p.detail ? html` <span class="step-detail">${p.detail}</span>` : ''}</li>`)}</ol>`
      : ''}
    ${card.sla ? html`<p class="sla sla-${card.sla.state}">${card.sla.label}</p>` : ''}
    ${card.footer ? html`<p class="card-foot">${card.footer}</p>` : ''}
    ${card.actions.length ? html`<div class="actions">${card.actions.map((a) => (options.actionable ? actionForm(path, a, options.csrf, options.back) : html`<span class="button preview ${a.style ?? ''}">${a.label}</span>`))}</div>` : ''}
  </article>`;
}

/** the hidden fields every console form carries: the CSRF token and a key that makes a double submit count once */
export function formKeys(csrf: string): Html {
  return html`<input type="hidden" name="_csrf" value="${csrf}"><input type="hidden" name="_key" value="${randomUUID()}">`;
}

function control(input: CardInput, name: string, id: string): Html {
  const required = input.required ? html`required` : '';
  switch (input.kind) {
    case 'choice':
      return html`<select id="${id}" name="${name}" ${required}>${(input.options ?? []).map((o) => html`<option value="${o.id}">${o.label}</option>`)}</select>`;
    case 'reason':
      return html`<textarea id="${id}" name="${name}" rows="2" maxlength="2000" ${required}></textarea>`;
    case 'date':
      return html`<input id="${id}" name="${name}" type="date" ${required}>`;
    case 'person':
      return html`<input id="${id}" name="${name}" type="email" maxlength="200" placeholder="name@example.com" ${required}>`;
    case 'text':
      return html`<input id="${id}" name="${name}" type="text" maxlength="200" ${required}>`;
    default: {
      const unhandled: never = input.kind;
      throw new Error(`unhandled input kind ${String(unhandled)}`);
    }
  }
}

function actionForm(path: string, action: CardAction, csrf: string, back: string | undefined): Html {
  if (action.id === 'request.resubmit') return html`<a class="button ${action.style ?? ''}" href="${path}/edit">${action.label}</a>`;
  if (action.id === 'case.start_request') {
    const caseId = path.split('/').pop() ?? '';
    return html`<details class="action-input"><summary class="button" data-action="${action.id}">${action.label}</summary><p>${(action.input?.options ?? []).map((o) => html`<a class="button" href="/new/request/${o.id}?case=${caseId}">${o.label}</a> `)}</p></details>`;
  }
  const hidden = html`${formKeys(csrf)}${back ? html`<input type="hidden" name="back" value="${back}">` : ''}<input type="hidden" name="action" value="${action.id}">${action.value ? html`<input type="hidden" name="value" value="${action.value}">` : ''}`;
  const button = html`<button type="submit" class="${action.style ?? ''}" data-action="${action.id}">${action.label}</button>`;
  const input = action.input;
  if (!input) return html`<form method="post" action="${path}/act" class="inline">${hidden}${button}</form>`;
  const id = `in-${randomUUID().slice(0, 8)}`;
  const name = input.kind === 'choice' ? 'choice' : input.kind === 'date' ? 'due' : input.kind === 'person' ? 'person' : 'text';
  const pick = action.pick ? html`<label for="${id}-pick">${action.pick.label}</label>${control(action.pick, 'pick', `${id}-pick`)}` : '';
  return html`<details class="action-input">
    <summary class="button ${action.style ?? ''}" data-action="${action.id}">${action.label}</summary>
    <form method="post" action="${path}/act" class="stacked">${hidden}${pick}<label for="${id}">${input.label}</label>${control(input, name, id)}<button type="submit" class="${action.style ?? ''}" data-action="${action.id}">${action.label}</button></form>
  </details>`;
}
