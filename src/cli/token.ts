// `docket token create|list|revoke`: API tokens for the REST API. The secret is printed once,
// at creation; only its hash is stored, so a lost token is revoked and replaced, never shown.
import { parseArgs } from 'node:util';
import { createToken, SCOPES } from '../app/api-tokens.ts';
import { formatProblem, loadFlows } from '../flows/load.ts';
import type { Store } from '../ports/store.ts';
import { apiTokensOf } from '../store/api-tokens.ts';
import { openStore } from '../store/open.ts';

export const TOKEN_USAGE = `Usage:
  docket token create --name <name> --scopes <scope,…> [--flows <flow,…>] [--person <email>]
  docket token list
  docket token revoke <id or name>

Scopes: ${Object.keys(SCOPES).join(', ')}`;

export interface TokenIo {
  out: (line: string) => void;
  err: (line: string) => void;
}

/** 0 done, 1 refused or failed, 2 the command line was wrong */
export async function runToken(args: readonly string[], settings: { databaseUrl: string; flowsDir: string }, io: TokenIo, now = new Date()): Promise<number> {
  const [sub, ...rest] = args;
  let parsed;
  try {
    parsed = parseArgs({ args: [...rest], allowPositionals: true, strict: true, options: { name: { type: 'string' }, scopes: { type: 'string' }, flows: { type: 'string' }, person: { type: 'string' } } });
  } catch (err) {
    io.err(`docket token: ${(err as Error).message}`);
    io.err(TOKEN_USAGE);
    return 2;
  }
  const { values, positionals } = parsed;
  const list = (s: string | undefined) => (s ?? '').split(',').map((x) => x.trim()).filter(Boolean);
  if (sub === 'create' && (!values.name || !values.scopes || positionals.length > 0)) return usage(io, 'token create needs --name and --scopes');
  if (sub === 'list' && (positionals.length > 0 || Object.keys(values).length > 0)) return usage(io, 'token list takes no arguments');
  if (sub === 'revoke' && positionals.length !== 1) return usage(io, 'token revoke takes one token id or name');
  if (sub !== 'create' && sub !== 'list' && sub !== 'revoke') return usage(io, `unknown token command ${JSON.stringify(sub ?? '')}`);

  let store: Store | undefined;
  try {
    store = await openStore(settings.databaseUrl, { migrate: true });
    const tokens = apiTokensOf(store);
    if (sub === 'create') {
      // the flows and the directory say which flow ids and people exist
      const loaded = await loadFlows(settings.flowsDir);
      if (!loaded.ok) {
        loaded.problems.forEach((p) => io.err(formatProblem(p)));
        io.err(`docket token: the flows under ${settings.flowsDir} have problems; fix them first`);
        return 1;
      }
      const created = await createToken(
        tokens,
        { name: values.name!, scopes: list(values.scopes), flows: list(values.flows), ...(values.person ? { person: values.person } : {}) },
        { directory: loaded.directory, flowIds: loaded.registry.all().map((f) => f.def.id) },
        now,
      );
      if (!created.ok) {
        created.problems.forEach((p) => io.err(`docket token: ${p}`));
        return 1;
      }
      io.out(`created token ${created.record.id} (${created.record.name}): ${created.record.scopes.join(', ')}${created.record.flows ? ` on ${created.record.flows.join(', ')}` : ''}`);
      io.out('the token, shown this once (send it as "Authorization: Bearer <token>"):');
      io.out(created.token);
      return 0;
    }
    if (sub === 'list') {
      const all = await tokens.list();
      if (all.length === 0) io.out('no tokens');
      for (const t of all) {
        const state = t.revokedAt ? `revoked ${t.revokedAt}` : `last used ${t.lastUsedAt ?? 'never'}`;
        io.out(`${t.id}  ${t.name}  ${t.scopes.join(',')}${t.flows ? `  flows=${t.flows.join(',')}` : ''}${t.person ? `  person=${t.person}` : ''}  created ${t.createdAt}  ${state}`);
      }
      return 0;
    }
    const n = await tokens.revoke(positionals[0]!, now.toISOString());
    if (n === 0) {
      io.err(`docket token: no live token with id or name ${JSON.stringify(positionals[0])}`);
      return 1;
    }
    io.out(`revoked ${n} token(s)`);
    return 0;
  } catch (err) {
    io.err(`docket token: ${(err as Error).message}`);
    return 1;
  } finally {
    await store?.close();
  }
}

function usage(io: TokenIo, why: string): number {
  io.err(`docket token: ${why}`);
  io.err(TOKEN_USAGE);
  return 2;
}
