// The console's list pages: requests or cases of one kind, filtered (type, status, person, date)
// and searched (title, id), a page at a time with the total counted, so a long list says
// "20 of 274". Filters are on indexed columns; the title search is a scan of the filtered rows,
// acceptable for a console page, never on a chat hot path.
import type { Knex } from 'knex';
import type { ItemFilter, ItemPage } from '../ports/store.ts';
import type { CaseState } from '../core/case/state.ts';
import type { RequestState } from '../core/request/state.ts';
import { caseFromRow, type CaseRow } from './case-rows.ts';
import { requestFromRow, type RequestRow } from './request-rows.ts';
import { toInt } from './sql-util.ts';

const MAX_PAGE = 100;

/** `%`, `_` and the escape itself typed in a search box match themselves */
const like = (q: string) => `%${q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

function bounds(page: { limit?: number; offset?: number }): { limit: number; offset: number } {
  const limit = Math.min(MAX_PAGE, Math.max(1, Math.floor(page.limit ?? 20)));
  const offset = Math.max(0, Math.floor(page.offset ?? 0));
  return { limit, offset };
}

function search(query: Knex.QueryBuilder, q: string | undefined): void {
  const text = q?.trim();
  if (!text) return;
  query.where((w) => {
    w.whereRaw("lower(title) like ? escape '\\'", [like(text)]).orWhere('id', text.toUpperCase());
  });
}

export async function listRequests(db: Knex, filter: ItemFilter, page: { limit?: number; offset?: number } = {}): Promise<ItemPage<RequestState>> {
  const query = db('requests');
  if (filter.flow) query.where('flow_id', filter.flow);
  if (filter.status) query.where('status', filter.status);
  if (filter.from) query.where('submitted_at', '>=', filter.from);
  if (filter.to) query.where('submitted_at', '<', filter.to);
  if (filter.person) {
    const person = filter.person;
    query.where((w) => {
      w.where('requester', person).orWhereIn('id', db('request_approvers').select('request_id').where('email', person));
    });
  }
  // who may see a request at all: its requester, its approvers, admins (the caller says which)
  if (filter.visibleTo) {
    const viewer = filter.visibleTo;
    query.where((w) => {
      w.where('requester', viewer).orWhereIn('id', db('request_approvers').select('request_id').where('email', viewer));
    });
  }
  search(query, filter.q);
  const { rows, total } = await newestFirst<RequestRow>(query, 'submitted_at', page);
  return { items: rows.map(requestFromRow), total };
}

export async function listCases(db: Knex, filter: ItemFilter, page: { limit?: number; offset?: number } = {}): Promise<ItemPage<CaseState>> {
  const query = db('cases');
  if (filter.flow) query.where('flow_id', filter.flow);
  if (filter.status) query.where((w) => w.where('status', filter.status!).orWhere('category', filter.status!));
  if (filter.from) query.where('opened_at', '>=', filter.from);
  if (filter.to) query.where('opened_at', '<', filter.to);
  if (filter.person) query.whereIn('id', db('case_people').select('case_id').where('email', filter.person));
  search(query, filter.q);
  const { rows, total } = await newestFirst<CaseRow>(query, 'opened_at', page);
  return { items: rows.map(caseFromRow), total };
}

/** one page of the matching items, newest first by `column` (then id), and how many match in all */
async function newestFirst<Row>(query: Knex.QueryBuilder, column: string, page: { limit?: number; offset?: number }): Promise<{ rows: Row[]; total: number }> {
  const total = (await query.clone().count({ n: '*' })) as { n: number | string }[];
  const { limit, offset } = bounds(page);
  const rows = (await query
    .select('id', 'state')
    .orderBy([
      { column, order: 'desc' },
      { column: 'id', order: 'desc' },
    ])
    .limit(limit)
    .offset(offset)) as Row[];
  return { rows, total: toInt(total[0]?.n ?? 0) };
}
