// A plain page with a heading and a few sentences: refusals, the console being off, 404s.
import { html } from '../html.ts';
import type { PageReply } from '../site.ts';

export function messagePage(status: number, title: string, paragraphs: readonly string[], link?: { href: string; label: string }): PageReply {
  return {
    kind: 'page',
    status,
    title,
    body: html`<section class="message" data-status="${status}">
      <h1>${title}</h1>
      ${paragraphs.map((p) => html`<p>${p}</p>`)}
      ${link ? html`<p><a class="button" href="${link.href}">${link.label}</a></p>` : ''}
    </section>`,
  };
}

export function notFound(what: string): PageReply {
  return messagePage(404, 'Not found', [what], { href: '/', label: 'Home' });
}
