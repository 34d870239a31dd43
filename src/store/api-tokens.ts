// API tokens (migrations/011_api.ts): looked up by the sha256 of the presented token, never
// stored in the clear.
import type { Knex } from 'knex';
import { z } from 'zod';
import type { ApiTokenRecord, ApiTokens } from '../ports/api.ts';
import type { Store } from '../ports/store.ts';
import { SqlStore } from './sql-store.ts';
import { parseStored } from './stored-json.ts';

interface Row {
  id: string;
  name: string;
  scopes: string;
  flows: string | null;
  person: string | null;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

const COLUMNS = ['id', 'name', 'scopes', 'flows', 'person', 'created_at', 'last_used_at', 'revoked_at'];
const Names = z.array(z.string());

function fromRow(r: Row): ApiTokenRecord {
  return {
    id: r.id,
    name: r.name,
    scopes: parseStored(Names, 'api token scopes of', r.id, r.scopes),
    flows: r.flows === null ? null : parseStored(Names, 'api token flows of', r.id, r.flows),
    person: r.person,
    createdAt: r.created_at,
    lastUsedAt: r.last_used_at,
    revokedAt: r.revoked_at,
  };
}

export class SqlApiTokens implements ApiTokens {
  constructor(private readonly knex: Knex) {}

  async insert(t: ApiTokenRecord & { hash: string }): Promise<void> {
    await this.knex('api_tokens').insert({
      id: t.id,
      name: t.name,
      hash: t.hash,
      scopes: JSON.stringify(t.scopes),
      flows: t.flows === null ? null : JSON.stringify(t.flows),
      person: t.person,
      created_at: t.createdAt,
      last_used_at: t.lastUsedAt,
      revoked_at: t.revokedAt,
    });
  }

  async byHash(hash: string): Promise<ApiTokenRecord | undefined> {
    const row = (await this.knex('api_tokens').select(COLUMNS).where({ hash }).whereNull('revoked_at').first()) as Row | undefined;
    return row ? fromRow(row) : undefined;
  }

  async list(): Promise<ApiTokenRecord[]> {
    const rows = (await this.knex('api_tokens').select(COLUMNS).orderBy([{ column: 'created_at' }, { column: 'id' }])) as Row[];
    return rows.map(fromRow);
  }

  async revoke(idOrName: string, at: string): Promise<number> {
    return this.knex('api_tokens')
      .where((q) => q.where('id', idOrName).orWhere('name', idOrName))
      .whereNull('revoked_at')
      .update({ revoked_at: at });
  }

  async touch(id: string, at: string): Promise<void> {
    await this.knex('api_tokens').where({ id }).update({ last_used_at: at });
  }
}

export function apiTokensOf(store: Store): ApiTokens {
  if (!(store instanceof SqlStore)) throw new Error('API tokens need a store opened by openStore()');
  return new SqlApiTokens(store.knex);
}
