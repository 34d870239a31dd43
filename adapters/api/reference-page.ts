// A readable reference of the OpenAPI document, rendered here as plain HTML: no CDN, no script,
// so it works on a laptop with no network and passes a strict Content-Security-Policy.
type Json = Record<string, any>;

const esc = (s: unknown): string => String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** `#/components/schemas/Request` → a link to its section */
const schemaLink = (schema: Json | undefined): string => {
  if (!schema) return '';
  const ref = typeof schema.$ref === 'string' ? schema.$ref.split('/').pop() : undefined;
  return ref ? `<a href="#schema-${esc(ref)}">${esc(ref)}</a>` : `<code>${esc(JSON.stringify(schema))}</code>`;
};

export function referencePage(doc: Json): string {
  const parts: string[] = [];
  const ops: { path: string; method: string; op: Json }[] = [];
  for (const [path, item] of Object.entries(doc.paths as Json)) for (const [method, op] of Object.entries(item as Json)) ops.push({ path, method, op: op as Json });
  for (const tag of doc.tags as Json[]) {
    parts.push(`<h2 id="tag-${esc(tag.name)}">${esc(tag.name)}</h2><p>${esc(tag.description)}</p>`);
    for (const { path, method, op } of ops.filter((o) => o.op.tags?.includes(tag.name))) {
      const params = (op.parameters as Json[]).map((p) => `<tr><td><code>${esc(p.name)}</code></td><td>${esc(p.in)}</td><td>${p.required ? 'yes' : ''}</td><td>${esc(p.description ?? '')} <code>${esc(JSON.stringify(p.schema))}</code></td></tr>`).join('');
      const body = op.requestBody ? `<p>Body: ${schemaLink(op.requestBody.content['application/json'].schema)}</p>` : '';
      const responses = Object.entries(op.responses as Json)
        .map(([status, r]) => `<li><b>${esc(status)}</b> ${esc((r as Json).description)} ${schemaLink((Object.values((r as Json).content ?? {})[0] as Json | undefined)?.schema)}</li>`)
        .join('');
      parts.push(
        `<section id="op-${esc(op.operationId)}"><h3><span class="m">${esc(method.toUpperCase())}</span> <code>${esc(path)}</code></h3>` +
          `<p>${esc(op.summary)} — ${op['x-docket-scope'] ? `scope <code>${esc(op['x-docket-scope'])}</code>` : 'authenticated by the hook\'s own secret'}</p>` +
          `<table><tr><th>parameter</th><th>in</th><th>required</th><th>what</th></tr>${params}</table>${body}<ul>${responses}</ul></section>`,
      );
    }
  }
  parts.push('<h2>Schemas</h2>');
  for (const [name, schema] of Object.entries(doc.components.schemas as Json)) {
    parts.push(`<section id="schema-${esc(name)}"><h3>${esc(name)}</h3><pre>${esc(JSON.stringify(schema, null, 2))}</pre></section>`);
  }
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${esc(doc.info.title)} ${esc(doc.info.version)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{font:15px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222}code,pre{font:13px ui-monospace,monospace}pre{background:#f6f6f6;padding:.75rem;overflow:auto}table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #ddd;padding:.25rem .5rem;text-align:left;vertical-align:top}.m{background:#234;color:#fff;padding:0 .4rem;border-radius:3px}section{margin-bottom:2rem}</style></head>
<body><h1>${esc(doc.info.title)} <small>${esc(doc.info.version)}</small></h1><p>${esc(doc.info.description)}</p><p>The machine-readable document: <a href="/api/v1/openapi.json">/api/v1/openapi.json</a> (OpenAPI 3.1).</p>
<nav>${(doc.tags as Json[]).map((t) => `<a href="#tag-${esc(t.name)}">${esc(t.name)}</a>`).join(' · ')}</nav>${parts.join('\n')}</body></html>`;
}
