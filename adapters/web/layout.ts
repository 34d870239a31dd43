// The frame of every console page: who you are acting as (always visible), the person picker,
// navigation, and the hooks console.js needs for live updates (data-watch on <body>).
import type { Directory } from '../../src/ports/directory.ts';
import { html, type Html } from './html.ts';
import { flashText } from './flash.ts';
import type { Layout, PageReply, Visit } from './site.ts';

export function makeLayout(directory: Directory): Layout {
  return (visit: Visit, reply: PageReply): Html => {
    const watch = reply.watch === '*' ? '*' : (reply.watch ?? []).join(' ');
    return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${reply.title} · Docket</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/assets/console.css">
<script src="/assets/console.js" defer></script>
${(reply.scripts ?? []).map((src) => html`<script src="/assets/${src}" defer></script>`)}
</head>
<body data-watch="${watch}" data-mode="${visit.mode.kind}">
<header class="top">
  <a class="brand" href="/">Docket</a>
  ${nav(visit, directory)}
  ${who(visit, directory)}
</header>
${visit.mode.kind === 'local' ? html`<p class="mode-note">Local console: anyone here can act as anyone in org.yaml. Never expose it on a shared server.</p>` : ''}
<main id="main">
${flash(visit, reply)}
${reply.body}
</main>
<footer class="foot"><span id="live-status" class="live-status" aria-live="polite"></span></footer>
</body>
</html>`;
  };
}

function flash(visit: Visit, reply: PageReply): Html {
  const text = (reply.status ?? 200) < 400 ? flashText(visit.ctx.query.get('done')) : undefined;
  return text ? html`<p class="banner ok" role="status">${text}</p>` : html``;
}

function nav(visit: Visit, directory: Directory): Html {
  switch (visit.mode.kind) {
    case 'local':
      // the admin pages are for the admin role: no link for anyone else
      return html`<nav><a href="/">Home</a><a href="/requests">Requests</a><a href="/cases">Cases</a><a href="/new">New</a><a href="/reports">Reports</a>${visit.actor && directory.isAdmin(visit.actor) ? html`<a href="/admin">Admin</a>` : ''}</nav>`;
    case 'admin':
      return visit.actor ? html`<nav><a href="/reports">Reports</a><a href="/admin">Admin</a></nav>` : html`<nav></nav>`;
    case 'off':
      return html`<nav></nav>`;
  }
}

function who(visit: Visit, directory: Directory): Html {
  if (visit.mode.kind === 'off') return html``;
  if (visit.mode.kind === 'admin') {
    if (!visit.actor) return html`<div class="who"><a href="/login">Sign in</a></div>`;
    return html`<div class="who">Signed in as admin <strong id="acting-as" data-email="${visit.actor}">${directory.nameOf(visit.actor)}</strong>
      <form method="post" action="/logout" class="inline"><input type="hidden" name="_csrf" value="${visit.csrf}"><button type="submit" class="link">Sign out</button></form></div>`;
  }
  const me = visit.actor ? directory.person(visit.actor) : undefined;
  return html`<div class="who">
    ${me ? html`<span>Acting as <strong id="acting-as" data-email="${me.email}">${me.name}</strong> <span class="muted">${me.email}${me.department ? ` · ${me.department}` : ''}</span></span>` : html`<span id="acting-as" data-email="">Choose who you are:</span>`}
    ${picker(visit, directory, me?.email)}
  </div>`;
}

export function picker(visit: Visit, directory: Directory, current: string | undefined, id = 'act-as-person'): Html {
  const next = visit.ctx.method === 'GET' ? visit.ctx.path + (visit.ctx.query.size ? `?${visit.ctx.query.toString()}` : '') : '/';
  const people = [...directory.people()].sort((a, b) => a.name.localeCompare(b.name));
  return html`<form method="post" action="/act-as" class="inline picker">
    <input type="hidden" name="_csrf" value="${visit.csrf}">
    <input type="hidden" name="next" value="${next}">
    <label for="${id}" class="sr-only">Act as</label>
    <select id="${id}" name="person">
      ${current ? '' : html`<option value="">Pick a person…</option>`}
      ${people.map((p) => html`<option value="${p.email}" ${p.email === current ? html`selected` : ''}>${p.name}${p.department ? ` (${p.department})` : ''}</option>`)}
    </select>
    <button type="submit">Act as</button>
  </form>`;
}
