// What the REST API needs besides the engine: its tokens, and reads of requests, cases and
// their timelines shaped for paging (house style: adapters read through a query port, not
// through engine.deps.store). Implemented with Knex in src/store/api-tokens.ts and
// src/store/item-queries.ts.
import type { CaseState } from '../core/case/state.ts';
import type { RequestState } from '../core/request/state.ts';
import type { AuditRow } from './store.ts';

export interface ApiTokenRecord {
  id: string;
  name: string;
  scopes: string[];
  /** the flows the token may touch; null for all */
  flows: string[] | null;
  /** the person the client acts as when a call names nobody */
  person: string | null;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export interface ApiTokens {
  /** stores a new token by the hash of its secret */
  insert(token: ApiTokenRecord & { hash: string }): Promise<void>;
  /** the live (not revoked) token with this hash */
  byHash(hash: string): Promise<ApiTokenRecord | undefined>;
  /** every token, revoked ones too, oldest first */
  list(): Promise<ApiTokenRecord[]>;
  /** revokes by id or by name; returns how many live tokens it revoked */
  revoke(idOrName: string, at: string): Promise<number>;
  /** records a use; the caller throttles how often */
  touch(id: string, at: string): Promise<void>;
}

/** a position in a list ordered newest first: the (time, id) of the last item seen */
export interface After {
  at: string;
  id: string;
}

export interface Page {
  limit: number;
  after?: After;
}

export interface Paged<T> {
  items: T[];
  /** where the next page starts; absent on the last page */
  next?: After;
}

export interface RequestFilter {
  /** only these flows (the token's flows, narrowed by the caller's filter) */
  flows?: string[];
  status?: string;
  requester?: string;
}

export interface CaseFilter {
  flows?: string[];
  status?: string;
  /** open | waiting | closed */
  category?: string;
  owner?: string;
  priority?: string;
}

export interface ItemQueries {
  request(id: string): Promise<RequestState | undefined>;
  case(id: string): Promise<CaseState | undefined>;
  /** newest submitted first */
  requests(filter: RequestFilter, page: Page): Promise<Paged<RequestState>>;
  /** newest opened first */
  cases(filter: CaseFilter, page: Page): Promise<Paged<CaseState>>;
  /** the audit rows of one item, oldest first */
  timeline(subject: string): Promise<AuditRow[]>;
}
