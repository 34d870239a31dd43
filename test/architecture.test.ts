// Dependencies point inward (house style 15): the engine knows no vendor SDK, no database and
// no file system; Knex lives only in the store and migrations; each platform SDK only in its
// adapter folder. A plain scan of import lines is enough to keep that true.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..');

function sources(dir: string): string[] {
  const full = path.join(root, dir);
  try {
    statSync(full);
  } catch {
    return [];
  }
  return readdirSync(full, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts'))
    .map((f) => path.join(dir, f));
}

function importsOf(file: string): string[] {
  const text = readFileSync(path.join(root, file), 'utf8');
  return [...text.matchAll(/^\s*(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|^\s*import\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/gm)].map((m) => m[1] ?? m[2] ?? m[3]!);
}

function offenders(files: string[], forbidden: (spec: string, file: string) => boolean): string[] {
  return files.flatMap((file) => importsOf(file).filter((spec) => forbidden(spec, file)).map((spec) => `${file} imports ${spec}`));
}

const resolvesInto = (spec: string, file: string, dir: string) => spec.startsWith('.') && path.resolve(path.dirname(path.join(root, file)), spec).startsWith(path.join(root, dir) + path.sep);
const vendor = /^(@slack\/|botbuilder|botframework|@microsoft\/|playwright|chart\.js)/;

describe('dependencies point inward', () => {
  it('the engine (src/core) imports no SDK, database, YAML, CEL or Node I/O', () => {
    expect(offenders(sources('src/core'), (spec, file) => vendor.test(spec) || /^(knex|pg|better-sqlite3|yaml|@marcbachmann\/cel-js|node:(fs|http|net|child_process|crypto))/.test(spec) || resolvesInto(spec, file, 'src/store') || resolvesInto(spec, file, 'src/app') || resolvesInto(spec, file, 'adapters'))).toEqual([]);
  });

  it('nothing under src/ imports an adapter or a platform SDK', () => {
    expect(offenders(sources('src'), (spec, file) => vendor.test(spec) || resolvesInto(spec, file, 'adapters') && !file.startsWith('src/main.ts') && !file.startsWith('src/cli/'))).toEqual([]);
  });

  it('Knex and the database drivers are used only by the store and migrations', () => {
    const files = [...sources('src'), ...sources('adapters')].filter((f) => !f.startsWith('src/store/') && f !== 'src/main.ts');
    expect(offenders(files, (spec) => /^(knex|pg|better-sqlite3)$/.test(spec))).toEqual([]);
  });

  it('each platform SDK stays inside its own adapter folder', () => {
    const outsideSlack = [...sources('src'), ...sources('adapters')].filter((f) => !f.startsWith('adapters/slack/'));
    const outsideTeams = [...sources('src'), ...sources('adapters')].filter((f) => !f.startsWith('adapters/teams/'));
    expect(offenders(outsideSlack, (spec) => spec.startsWith('@slack/'))).toEqual([]);
    expect(offenders(outsideTeams, (spec) => /^(botbuilder|botframework)/.test(spec))).toEqual([]);
  });

  it('webhook signing and the SSRF filter stay inside the API adapter', () => {
    const outside = [...sources('src'), ...sources('adapters')].filter((f) => !f.startsWith('adapters/api/'));
    expect(offenders(outside, (spec) => /^(standardwebhooks|request-filtering-agent)$/.test(spec))).toEqual([]);
    expect(importsOf('adapters/api/webhook-sender.ts')).toEqual(expect.arrayContaining(['standardwebhooks', 'request-filtering-agent']));
  });

  it('the scan sees the files it checks', () => {
    expect(sources('src/core').length).toBeGreaterThan(20);
    expect(importsOf('src/app/execute.ts')).toContain('../ports/store.ts');
  });
});
