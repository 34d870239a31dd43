// flows/webhooks.yaml: absent is fine, good is read, bad names the file, the path and the fix.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadWebhooksFile } from '../../src/flows/webhooks-file.ts';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'docket-hooks-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});
const write = (text: string) => writeFile(path.join(dir, 'webhooks.yaml'), text);
const file = () => path.join(dir, 'webhooks.yaml');

describe('flows/webhooks.yaml', () => {
  it('is optional', async () => {
    expect(await loadWebhooksFile(dir, {})).toEqual({ ok: true, subscriptions: [] });
  });

  it('reads subscriptions, with the secret from the environment', async () => {
    await write('webhooks:\n  - name: erp\n    url: https://erp.example.com/hooks\n    secretEnv: ERP_SECRET\n    events: [request.approved, case.*]\n    flows: [purchase]\n');
    expect(await loadWebhooksFile(dir, { ERP_SECRET: 'whsec_c2VjcmV0' })).toEqual({
      ok: true,
      subscriptions: [{ id: 'yaml:erp', name: 'erp', url: 'https://erp.example.com/hooks', secret: 'whsec_c2VjcmV0', events: ['request.approved', 'case.*'], flows: ['purchase'], source: 'yaml' }],
    });
  });

  it('names each problem: a missing secret, a bad URL, a bad event, a repeated name, an unknown key', async () => {
    await write('webhooks:\n  - { name: a, url: "https://a.example", secretEnv: NOPE, events: [request.approved] }\n  - { name: a, url: "https://a.example", secretEnv: OK, events: [request.approved] }\n');
    expect(await loadWebhooksFile(dir, { OK: 'whsec_x' })).toEqual({
      ok: false,
      problems: [`${file()}: webhooks.0.secretEnv: the environment variable NOPE is not set`, `${file()}: webhooks.1.name: "a" is used twice`],
    });
    await write('webhooks:\n  - { name: b, url: "ftp://b.example", secretEnv: OK, events: [approve!], extra: 1 }\n');
    const bad = await loadWebhooksFile(dir, { OK: 'x' });
    expect(bad.ok).toBe(false);
    const problems = (bad as { problems: string[] }).problems.join('\n');
    expect(problems).toContain('webhooks.0.url');
    expect(problems).toContain('webhooks.0.events.0: an event type such as request.approved, or request.*');
    expect(problems).toContain('webhooks.0: Unrecognized key: "extra"');
  });

  it('malformed YAML and an alias bomb are refused with a message, not a hang', async () => {
    await write('webhooks: [ {name: a');
    expect((await loadWebhooksFile(dir, {})) as unknown).toMatchObject({ ok: false, problems: [expect.stringContaining(`${file()}: not valid YAML:`)] });
    const bomb = ['a: &a [x,x,x,x,x,x,x,x,x]', ...'bcdefghi'.split('').map((c, i) => `${c}: &${c} [${Array(9).fill(`*${String.fromCharCode(97 + i)}`).join(',')}]`), 'webhooks: []'].join('\n');
    await write(bomb);
    const res = await loadWebhooksFile(dir, {});
    expect(res.ok).toBe(false);
  });
});
