// DATABASE_URL → which database and how to reach it. Pure: no connection is opened here.

export type DatabaseTarget =
  /** filename is a path, or ":memory:" for a private in-memory database */
  | { dialect: 'sqlite'; filename: string }
  /** schema, from `?schema=name`, becomes the search_path (created if absent) */
  | { dialect: 'postgres'; connectionString: string; schema?: string };

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * Accepts `sqlite:<path>` (`sqlite:./data/docket.db`, `sqlite:///abs/path.db`), `sqlite::memory:`,
 * and `postgres://…` / `postgresql://…` with an optional `?schema=name`.
 */
export function parseDatabaseUrl(url: string): DatabaseTarget {
  if (url.startsWith('sqlite:')) {
    let filename = url.slice('sqlite:'.length);
    if (filename.startsWith('//')) filename = filename.slice(2);
    if (filename === '') throw new Error('database url "sqlite:" names no file; use sqlite:./data/docket.db or sqlite::memory:');
    return { dialect: 'sqlite', filename };
  }
  if (url.startsWith('postgres://') || url.startsWith('postgresql://')) {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw new Error('database url is not a valid postgres:// URL');
    }
    const schema = parsed.searchParams.get('schema');
    parsed.searchParams.delete('schema');
    if (schema === null) return { dialect: 'postgres', connectionString: parsed.toString() };
    if (!SCHEMA_NAME.test(schema)) {
      throw new Error(`database url: schema "${schema}" must be lower-case letters, digits and _, starting with a letter or _`);
    }
    return { dialect: 'postgres', connectionString: parsed.toString(), schema };
  }
  throw new Error('database url must start with sqlite: or postgres:// (for example sqlite:./data/docket.db)');
}
