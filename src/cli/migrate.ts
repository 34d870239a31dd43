// `docket migrate`: applies the pending migrations to DATABASE_URL and says which.
import { migrate } from '../store/open.ts';

/** 0 when the database is up to date afterwards, 1 when migrating failed */
export async function runMigrate(url: string, out: (line: string) => void): Promise<number> {
  let applied: string[];
  try {
    applied = await migrate(url);
  } catch (err) {
    out(`migrate failed: ${(err as Error).message}`);
    return 1;
  }
  if (applied.length === 0) out('database is up to date');
  for (const name of applied) out(`applied ${name}`);
  return 0;
}
