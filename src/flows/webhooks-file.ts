// flows/webhooks.yaml: outbound webhook subscriptions kept with the flows, in git. The secret is
// never in the file: `secretEnv` names the environment variable that holds it.
//
//   webhooks:
//     - name: erp
//       url: https://erp.example.com/hooks/docket
//       secretEnv: ERP_WEBHOOK_SECRET        # whsec_… (Standard Webhooks)
//       events: [request.approved, request.rejected]
//       flows: [purchase]                    # optional; every flow when absent
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import type { Subscription } from '../ports/webhooks.ts';

const Entry = z
  .object({
    name: z.string().regex(/^[a-z0-9][a-z0-9._-]{0,63}$/, 'lower-case letters, digits, dots, dashes or underscores'),
    url: z.url({ protocol: /^https?$/ }),
    secretEnv: z.string().regex(/^[A-Z_][A-Z0-9_]*$/, 'an environment variable name such as ERP_WEBHOOK_SECRET'),
    events: z.array(z.string().regex(/^(\*|[a-z]+\.(\*|[a-z_]+))$/, 'an event type such as request.approved, or request.*')).min(1),
    flows: z.array(z.string()).min(1).optional(),
  })
  .strict();
const File = z.object({ webhooks: z.array(Entry).default([]) }).strict();

export type WebhooksFile = { ok: true; subscriptions: Subscription[] } | { ok: false; problems: string[] };

/** no file is no subscriptions; a bad file is a list of problems naming file and path */
export async function loadWebhooksFile(flowsDir: string, env: NodeJS.ProcessEnv): Promise<WebhooksFile> {
  const file = path.join(flowsDir, 'webhooks.yaml');
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { ok: true, subscriptions: [] };
    throw err;
  }
  let raw: unknown;
  try {
    raw = parse(text, { maxAliasCount: 50 }) ?? {};
  } catch (err) {
    return { ok: false, problems: [`${file}: not valid YAML: ${(err as Error).message.split('\n')[0]}`] };
  }
  const parsed = File.safeParse(raw);
  if (!parsed.success) return { ok: false, problems: parsed.error.issues.map((i) => `${file}: ${i.path.join('.') || '(file)'}: ${i.message}`) };
  const problems: string[] = [];
  const names = new Set<string>();
  const subscriptions: Subscription[] = [];
  parsed.data.webhooks.forEach((w, i) => {
    if (names.has(w.name)) problems.push(`${file}: webhooks.${i}.name: "${w.name}" is used twice`);
    names.add(w.name);
    const secret = env[w.secretEnv]?.trim();
    if (!secret) problems.push(`${file}: webhooks.${i}.secretEnv: the environment variable ${w.secretEnv} is not set`);
    else subscriptions.push({ id: `yaml:${w.name}`, name: w.name, url: w.url, secret, events: w.events, flows: w.flows ?? null, source: 'yaml' });
  });
  return problems.length > 0 ? { ok: false, problems } : { ok: true, subscriptions };
}
