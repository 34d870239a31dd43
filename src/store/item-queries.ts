// Paged reads of requests and cases for the REST API. Keyset paging on (time, id), newest
// first, so a page costs the same however deep it is and rows written meanwhile neither repeat
// nor vanish. Served by requests_submitted_idx / requests_flow_submitted_idx and
// cases_opened_idx (migrations/005_reports.ts).
import type { Knex } from 'knex';
import type { CaseState } from '../core/case/state.ts';
import type { RequestState } from '../core/request/state.ts';
import type { After, CaseFilter, ItemQueries, Page, Paged, RequestFilter } from '../ports/api.ts';
import type { AuditRow, Store } from '../ports/store.ts';
import * as audit from './audit-log.ts';
import { caseFromRow, selectCase } from './case-rows.ts';
import { requestFromRow, selectRequest } from './request-rows.ts';
import { SqlStore } from './sql-store.ts';
import { clampLimit } from './sql-util.ts';

export class SqlItemQueries implements ItemQueries {
  constructor(private readonly knex: Knex) {}

  request(id: string): Promise<RequestState | undefined> {
    return selectRequest(this.knex, id);
  }

  case(id: string): Promise<CaseState | undefined> {
    return selectCase(this.knex, id);
  }

  async requests(filter: RequestFilter, page: Page): Promise<Paged<RequestState>> {
    const q = this.knex('requests').select('id', 'state', 'submitted_at as at');
    if (filter.flows) q.whereIn('flow_id', filter.flows);
    if (filter.status) q.where('status', filter.status);
    if (filter.requester) q.where('requester', filter.requester.toLowerCase());
    const rows = await paged(q, 'submitted_at', page);
    return finish(rows, page, (r) => requestFromRow(r));
  }

  async cases(filter: CaseFilter, page: Page): Promise<Paged<CaseState>> {
    const q = this.knex('cases').select('id', 'state', 'opened_at as at');
    if (filter.flows) q.whereIn('flow_id', filter.flows);
    if (filter.status) q.where('status', filter.status);
    if (filter.category) q.where('category', filter.category);
    if (filter.owner) q.where('owner', filter.owner.toLowerCase());
    if (filter.priority) q.where('priority', filter.priority);
    const rows = await paged(q, 'opened_at', page);
    return finish(rows, page, (r) => caseFromRow(r));
  }

  timeline(subject: string): Promise<AuditRow[]> {
    return audit.timeline(this.knex, subject);
  }
}

interface PagedRow {
  id: string;
  state: string;
  at: string;
}

async function paged(q: Knex.QueryBuilder, column: string, page: Page): Promise<PagedRow[]> {
  const after = page.after;
  if (after) q.where((w) => w.where(column, '<', after.at).orWhere((same) => same.where(column, after.at).andWhere('id', '<', after.id)));
  // one more than asked tells whether there is a next page without a count
  return (await q
    .orderBy([
      { column, order: 'desc' },
      { column: 'id', order: 'desc' },
    ])
    .limit(clampLimit(page.limit) + 1)) as PagedRow[];
}

function finish<T>(rows: PagedRow[], page: Page, parse: (r: PagedRow) => T): Paged<T> {
  const limit = clampLimit(page.limit);
  const shown = rows.slice(0, limit);
  const last = shown[shown.length - 1];
  const next: After | undefined = rows.length > limit && last ? { at: last.at, id: last.id } : undefined;
  return next ? { items: shown.map(parse), next } : { items: shown.map(parse) };
}

export function itemQueriesOf(store: Store): ItemQueries {
  if (!(store instanceof SqlStore)) throw new Error('item queries need a store opened by openStore()');
  return new SqlItemQueries(store.knex);
}
