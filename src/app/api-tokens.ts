// API tokens as a use case: create (the secret is shown once and only its hash is kept), find
// the token behind a presented secret, revoke. Scopes name command groups; a token may also be
// limited to some flows.
import { createHash, randomBytes } from 'node:crypto';
import type { ApiTokenRecord, ApiTokens } from '../ports/api.ts';
import type { Directory } from '../ports/directory.ts';

/** what a token may do; each REST route names the one it needs */
export const SCOPES = {
  'requests:read': 'list and read requests and their audit trail',
  'requests:write': 'raise, decide, send back, resubmit and recall requests',
  'cases:read': 'list and read cases and their audit trail',
  'cases:write': 'open and run cases: notes, status, owner, tasks',
  'flows:read': 'list the flows and their forms',
  'webhooks:admin': 'manage outbound webhook subscriptions and redeliver dead deliveries',
  'act-as': 'act for the person named in the Docket-Act-As header',
} as const;
export type Scope = keyof typeof SCOPES;
export const isScope = (s: string): s is Scope => Object.hasOwn(SCOPES, s);

/** tokens start with this, so secret scanners (and people) can recognise a leaked one */
export const TOKEN_PREFIX = 'dkt_';
const NAME = /^[a-z0-9][a-z0-9._-]{0,63}$/;

export interface NewToken {
  name: string;
  scopes: string[];
  flows?: string[];
  person?: string;
}

export type Created = { ok: true; token: string; record: ApiTokenRecord } | { ok: false; problems: string[] };

export const hashToken = (token: string): string => createHash('sha256').update(token, 'utf8').digest('hex');

export async function createToken(tokens: ApiTokens, input: NewToken, check: { directory: Directory; flowIds: readonly string[] }, now: Date): Promise<Created> {
  const problems: string[] = [];
  if (!NAME.test(input.name)) problems.push(`name: expected 1–64 lower-case letters, digits, dots, dashes or underscores, got ${JSON.stringify(input.name.slice(0, 80))}`);
  if (input.scopes.length === 0) problems.push(`scopes: give at least one of ${Object.keys(SCOPES).join(', ')}`);
  for (const s of input.scopes) if (!isScope(s)) problems.push(`scopes: unknown scope ${JSON.stringify(s)}; expected one of ${Object.keys(SCOPES).join(', ')}`);
  for (const f of input.flows ?? []) if (!check.flowIds.includes(f)) problems.push(`flows: there is no flow ${JSON.stringify(f)}`);
  const person = input.person?.trim().toLowerCase();
  if (person && !check.directory.person(person)) problems.push(`person: ${person} is not in the directory (org.yaml)`);
  if (problems.length > 0) return { ok: false, problems };
  // 256 random bits: guessing is hopeless, so a fast hash is enough to store it
  const token = TOKEN_PREFIX + randomBytes(32).toString('base64url');
  const record: ApiTokenRecord = {
    id: `tok_${randomBytes(6).toString('hex')}`,
    name: input.name,
    scopes: [...new Set(input.scopes)],
    flows: input.flows && input.flows.length > 0 ? [...new Set(input.flows)] : null,
    person: person ?? null,
    createdAt: now.toISOString(),
    lastUsedAt: null,
    revokedAt: null,
  };
  await tokens.insert({ ...record, hash: hashToken(token) });
  return { ok: true, token, record };
}

/** the live token behind a presented secret, or undefined */
export async function findToken(tokens: ApiTokens, presented: string): Promise<ApiTokenRecord | undefined> {
  if (!presented.startsWith(TOKEN_PREFIX) || presented.length > 200) return undefined;
  return tokens.byHash(hashToken(presented));
}
