// GET /admin/record/:kind/:id (HTML) and …/json: one item's full record for an auditor,
// for admins (the admin role of org.yaml), as a page to read or print and as JSON to keep.
import { itemRecord, type ItemRecord } from '../../../src/app/record.ts';
import type { WebDeps } from '../deps.ts';
import { html } from '../html.ts';
import { renderAuditTrail, renderTimeline } from '../render/timeline.ts';
import type { Reply, Visit } from '../site.ts';
import { notFound } from './message.ts';

async function load(deps: WebDeps, visit: Visit): Promise<ItemRecord | undefined> {
  const kind = visit.ctx.params.kind;
  const id = (visit.ctx.params.id ?? '').trim().toUpperCase();
  if ((kind !== 'request' && kind !== 'case') || !/^[RC]-\d{1,12}$/.test(id)) return undefined;
  return itemRecord(deps, `${kind}:${id}`, deps.now());
}

export async function recordJson(deps: WebDeps, visit: Visit): Promise<Reply> {
  const record = await load(deps, visit);
  if (!record) return notFound('No such request or case.');
  deps.log.info('audit record exported', { subject: record.subject, by: visit.actor });
  return { kind: 'raw', status: 200, body: JSON.stringify(record, null, 2), headers: { 'Content-Type': 'application/json; charset=utf-8', 'Content-Disposition': `attachment; filename="${record.subject.replace(':', '-')}-record.json"` } };
}

export async function recordPage(deps: WebDeps, visit: Visit): Promise<Reply> {
  const record = await load(deps, visit);
  if (!record) return notFound('No such request or case.');
  const name = (e: string) => (e === 'clock' ? 'Docket clock' : e.startsWith('rule:') ? `rule ${e.slice(5)}` : deps.directory.nameOf(e));
  const zone = deps.directory.calendar.timezone;
  const steps = new Map<string, string>('steps' in record.item ? record.item.steps.map((s) => [s.id, s.name]) : []);
  return {
    kind: 'page',
    title: `Record of ${record.subject}`,
    body: html`<h1>Record of ${record.subject.replace(':', ' ')}: ${record.item.title}</h1>
      <p class="muted">${record.flow.name}, flow version ${record.flow.version.slice(0, 12)} · exported ${record.exportedAt} by ${visit.actor ? name(visit.actor) : 'an admin'} · <a href="${`/admin/record/${visit.ctx.params.kind}/${record.item.id}/json`}">JSON</a></p>
      <section class="panel"><h2>Decisions</h2>
        ${record.decisions.length
          ? html`<table class="data" id="decisions"><thead><tr><th>Step</th><th>Outcome</th><th>By</th><th>On behalf of</th><th>At (UTC)</th><th>Comment</th></tr></thead><tbody>
            ${record.decisions.map((d) => html`<tr><td>${d.step}</td><td>${d.outcome}${d.automatic ? ' (automatic)' : ''}</td><td>${name(d.by)}</td><td>${d.onBehalfOf ? name(d.onBehalfOf) : '—'}</td><td>${d.at}</td><td>${d.comment ?? ''}</td></tr>`)}</tbody></table>`
          : html`<p class="empty">No decisions.</p>`}
      </section>
      <section class="panel"><h2>Rules and conditions evaluated</h2>
        ${record.rules.length ? html`<ul>${record.rules.map((r) => html`<li>#${r.seq} ${r.at} ${r.type}: <code>${JSON.stringify(r.detail)}</code></li>`)}</ul>` : html`<p class="empty">None.</p>`}
      </section>
      <section class="panel"><h2>Redactions</h2>
        ${record.redactions.length ? html`<ul>${record.redactions.map((r) => html`<li>redacted on ${r.at} by ${r.by === 'clock' ? 'Docket retention' : name(r.by)}: ${r.reason}</li>`)}</ul>` : html`<p class="empty">None.</p>`}
      </section>
      <section class="panel"><h2>Timeline</h2>${renderTimeline(record.timeline, deps.directory, zone, steps)}${renderAuditTrail(record.timeline)}</section>
      <section class="panel"><h2>Chain and checkpoints</h2>
        <p>Head of this chain: row ${record.head?.subjectSeq ?? 0}, hash <code>${record.head?.hash ?? '—'}</code>.</p>
        ${record.checkpoints.length
          ? html`<table class="data" id="checkpoints"><thead><tr><th>#</th><th>At</th><th>Heads</th><th>Root</th><th>Signed</th></tr></thead><tbody>${record.checkpoints.map((c) => html`<tr><td>${c.id}</td><td>${c.at}</td><td>${c.heads}</td><td><code>${c.root.slice(0, 16)}…</code></td><td>${c.signature ? `yes (${c.keyId ?? 'key'})` : 'no'}</td></tr>`)}</tbody></table>`
          : html`<p class="empty">No checkpoint yet.</p>`}
        <p class="muted">${record.verify}.</p>
      </section>`,
  };
}
