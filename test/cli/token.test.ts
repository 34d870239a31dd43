// `docket token create|list|revoke`: shown once, stored hashed, checked against the flows.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashToken } from '../../src/app/api-tokens.ts';
import { runCli } from '../../src/cli/main.ts';
import { openStore } from '../../src/store/open.ts';
import { sqlOf } from '../support/databases.ts';

const FLOWS = fileURLToPath(new URL('../../flows/', import.meta.url));
let dir: string;
let env: NodeJS.ProcessEnv;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'docket-token-'));
  env = { DATABASE_URL: `sqlite:${path.join(dir, 'docket.db')}`, FLOWS_DIR: FLOWS };
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function cli(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { out: (l) => out.push(l), err: (l) => err.push(l), env });
  return { code, out, err };
}

describe('docket token', () => {
  it('creates a token, prints it once, stores only its hash', async () => {
    const run = await cli('token', 'create', '--name', 'hr-system', '--scopes', 'requests:write,requests:read,act-as', '--flows', 'purchase,access');
    expect(run.code).toBe(0);
    expect(run.out[0]).toMatch(/^created token tok_[0-9a-f]{12} \(hr-system\): requests:write, requests:read, act-as on purchase, access$/);
    const token = run.out[2]!;
    expect(token).toMatch(/^dkt_[\w-]{43}$/);
    const store = await openStore(env.DATABASE_URL!);
    try {
      const rows = await sqlOf(store)('api_tokens').select('*');
      expect(rows).toHaveLength(1);
      expect(rows[0].hash).toBe(hashToken(token));
      expect(JSON.stringify(rows)).not.toContain(token);
    } finally {
      await store.close();
    }
  });

  it('lists tokens with their last use, and revokes by name', async () => {
    const list = await cli('token', 'list');
    expect(list.out).toHaveLength(1);
    expect(list.out[0]).toMatch(/hr-system {2}requests:write,requests:read,act-as {2}flows=purchase,access {2}created .* {2}last used never$/);
    expect((await cli('token', 'revoke', 'hr-system')).out).toEqual(['revoked 1 token(s)']);
    expect((await cli('token', 'list')).out[0]).toMatch(/revoked 20\d\d-/);
    const again = await cli('token', 'revoke', 'hr-system');
    expect(again.code).toBe(1);
    expect(again.err).toEqual(['docket token: no live token with id or name "hr-system"']);
  });

  it('refuses unknown scopes, flows and people, naming each', async () => {
    const run = await cli('token', 'create', '--name', 'Bad Name', '--scopes', 'requests:write,root', '--flows', 'nope', '--person', 'mallory@example.com');
    expect(run.code).toBe(1);
    expect(run.err).toEqual([
      'docket token: name: expected 1–64 lower-case letters, digits, dots, dashes or underscores, got "Bad Name"',
      'docket token: scopes: unknown scope "root"; expected one of requests:read, requests:write, cases:read, cases:write, flows:read, webhooks:admin, act-as',
      'docket token: flows: there is no flow "nope"',
      'docket token: person: mallory@example.com is not in the directory (org.yaml)',
    ]);
  });

  it('a wrong command line exits 2 with the usage', async () => {
    expect((await cli('token', 'create', '--name', 'x')).code).toBe(2);
    expect((await cli('token', 'frobnicate')).code).toBe(2);
    expect((await cli('token', 'create', '--bogus', 'y')).code).toBe(2);
  });
});
