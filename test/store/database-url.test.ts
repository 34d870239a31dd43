import { describe, expect, it } from 'vitest';
import { parseDatabaseUrl } from '../../src/store/database-url.ts';

describe('parseDatabaseUrl', () => {
  it('reads SQLite paths and the in-memory database', () => {
    expect(parseDatabaseUrl('sqlite:./data/docket.db')).toEqual({ dialect: 'sqlite', filename: './data/docket.db' });
    expect(parseDatabaseUrl('sqlite:///var/lib/docket.db')).toEqual({ dialect: 'sqlite', filename: '/var/lib/docket.db' });
    expect(parseDatabaseUrl('sqlite::memory:')).toEqual({ dialect: 'sqlite', filename: ':memory:' });
  });

  it('reads PostgreSQL URLs and takes the schema out of them', () => {
    expect(parseDatabaseUrl('postgres://u:p@db:5432/docket')).toEqual({ dialect: 'postgres', connectionString: 'postgres://u:p@db:5432/docket' });
    expect(parseDatabaseUrl('postgresql://db/docket?schema=t_1&sslmode=require')).toEqual({
      dialect: 'postgres',
      connectionString: 'postgresql://db/docket?sslmode=require',
      schema: 't_1',
    });
  });

  it('refuses what it cannot use, saying what would work', () => {
    expect(() => parseDatabaseUrl('mysql://db/x')).toThrow('database url must start with sqlite: or postgres:// (for example sqlite:./data/docket.db)');
    expect(() => parseDatabaseUrl('sqlite:')).toThrow('database url "sqlite:" names no file');
    expect(() => parseDatabaseUrl('postgres://db/x?schema=Robert%27);DROP')).toThrow('schema "Robert\');DROP" must be lower-case letters');
    expect(() => parseDatabaseUrl('postgres://db:notaport/x')).toThrow('database url is not a valid postgres:// URL');
  });
});
