// RequestHistory on its own read-only connection: `docket diff` must never change the database
// it inspects. SQLite opens the file read-only (and refuses a file that does not exist rather
// than creating it); PostgreSQL sessions are READ ONLY, so even a bug here could not write.
import knexFactory, { type Knex } from 'knex';
import type { RequestHistory } from '../ports/history.ts';
import { parseDatabaseUrl } from './database-url.ts';
import { flowVersion } from './flow-versions.ts';
import { requestFromRow, type RequestRow } from './request-rows.ts';

const CHUNK = 500;

export async function openHistory(url: string): Promise<RequestHistory> {
  const target = parseDatabaseUrl(url);
  let db: Knex;
  // a failure to connect is reported once, by the caller, in a sentence; not logged by the pool too
  const quiet = { log: { warn: () => {}, error: () => {}, deprecate: () => {}, debug: () => {} } };
  if (target.dialect === 'sqlite') {
    if (target.filename === ':memory:') throw new Error('an in-memory database has no history to read');
    db = knexFactory({ client: 'better-sqlite3', connection: { filename: target.filename, options: { readonly: true, fileMustExist: true } } as Knex.Sqlite3ConnectionConfig, useNullAsDefault: true, pool: { min: 1, max: 1 }, ...quiet });
  } else {
    db = knexFactory({
      client: 'pg',
      ...quiet,
      connection: target.connectionString,
      ...(target.schema ? { searchPath: [target.schema] } : {}),
      pool: {
        min: 0,
        max: 2,
        afterCreate: (conn: { query: (sql: string, cb: (err: Error | null) => void) => void }, done: (err: Error | null, conn: unknown) => void) => {
          conn.query('SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY', (err) => done(err, conn));
        },
      },
    });
  }
  try {
    // fail here, with the database's own words, rather than in the middle of a report
    await db('requests').count({ n: '*' }).first();
  } catch (err) {
    await db.destroy();
    throw err;
  }
  return new SqlHistory(db);
}

class SqlHistory implements RequestHistory {
  constructor(private readonly db: Knex) {}

  async inFlight(flowId: string) {
    const rows = (await this.db('requests').select('id', 'flow_version', 'status').where({ flow_id: flowId }).whereIn('status', ['pending', 'changes_requested']).orderBy('submitted_at')) as { id: string; flow_version: string; status: string }[];
    return rows.map((r) => ({ id: r.id, flowVersion: r.flow_version, status: r.status }));
  }

  async openCases(flowId: string) {
    const rows = (await this.db('cases').select('id', 'flow_version', 'status').where({ flow_id: flowId }).whereNot({ category: 'closed' }).orderBy('opened_at')) as { id: string; flow_version: string; status: string }[];
    return rows.map((r) => ({ id: r.id, flowVersion: r.flow_version, status: r.status }));
  }

  async submittedSince(flowId: string, since: string) {
    const rows = (await this.db('requests').select('id', 'submitted_at').where({ flow_id: flowId }).andWhere('submitted_at', '>=', since).orderBy([{ column: 'submitted_at' }, { column: 'id' }])) as { id: string; submitted_at: string }[];
    return rows.map((r) => ({ id: r.id, submittedAt: r.submitted_at }));
  }

  async requests(ids: readonly string[]) {
    const out = [];
    for (let i = 0; i < ids.length; i += CHUNK) {
      const rows = (await this.db('requests').select('id', 'state').whereIn('id', ids.slice(i, i + CHUNK))) as RequestRow[];
      const byId = new Map(rows.map((r) => [r.id, r]));
      for (const id of ids.slice(i, i + CHUNK)) {
        const row = byId.get(id);
        if (row) out.push(requestFromRow(row));
      }
    }
    return out;
  }

  flowVersion(flowId: string, version: string) {
    return flowVersion(this.db, flowId, version);
  }

  close() {
    return this.db.destroy();
  }
}
