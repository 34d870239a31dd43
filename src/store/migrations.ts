// The migrations as a Knex migration source. Knex's own loader would `require` the files and
// needs its TypeScript hook; we import them ourselves, so the same code runs under tsx, vitest
// and a compiled build. Adding a migration is adding the next numbered file to migrations/.
import { readdirSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import path from 'node:path';
import type { Knex } from 'knex';

export const MIGRATIONS_DIR = fileURLToPath(new URL('../../migrations/', import.meta.url));

/** "001_initial.ts" → name "001_initial"; the name, without extension, is what knex records */
const FILE = /^(\d{3}_[a-z0-9_]+)\.(ts|js)$/;

interface MigrationFile {
  name: string;
  file: string;
}

/** the numbered files of migrations/, in order; throws on a duplicate or missing number */
export function listMigrations(dir: string = MIGRATIONS_DIR): MigrationFile[] {
  const byName = new Map<string, MigrationFile>();
  for (const entry of readdirSync(dir)) {
    const match = FILE.exec(entry);
    if (!match || entry.endsWith('.d.ts')) continue;
    const name = match[1]!;
    // a compiled build may hold both 001_x.ts and 001_x.js: they are the same migration
    if (!byName.has(name) || entry.endsWith('.js')) byName.set(name, { name, file: path.join(dir, entry) });
  }
  const files = [...byName.values()].sort((a, b) => a.name.localeCompare(b.name));
  files.forEach((m, i) => {
    const expected = String(i + 1).padStart(3, '0');
    if (!m.name.startsWith(`${expected}_`)) {
      throw new Error(`migrations: expected a file numbered ${expected}, found ${m.name} (numbers must run 001, 002, … without gaps or repeats)`);
    }
  });
  return files;
}

export function migrationSource(dir: string = MIGRATIONS_DIR): Knex.MigrationSource<MigrationFile> {
  return {
    getMigrations: async () => listMigrations(dir),
    getMigrationName: (m) => m.name,
    getMigration: async (m) => {
      const mod = (await import(pathToFileURL(m.file).href)) as Partial<Knex.Migration>;
      if (typeof mod.up !== 'function') throw new Error(`migration ${m.name} exports no up()`);
      return { up: mod.up, ...(mod.down ? { down: mod.down } : {}) };
    },
  };
}
