import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadEnvFile, parseEnvFile } from '../src/env-file.ts';

function fileWith(text: string): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'docket-env-')), '.env');
  writeFileSync(file, text);
  return file;
}

describe('.env', () => {
  it('reads KEY=value lines, comments, export, quotes and multi-line values', () => {
    const r = parseEnvFile('# a comment\nPORT=3100\nexport HOST=127.0.0.1\nLOG_LEVEL="debug"\nKEY="line one\nline two"\n\n', '.env');
    expect(r).toEqual({ ok: true, values: { PORT: '3100', HOST: '127.0.0.1', LOG_LEVEL: 'debug', KEY: 'line one\nline two' } });
  });

  it('names the file and line of a line that is not KEY=value', () => {
    expect(parseEnvFile('PORT=3100\nSLACK BOT TOKEN xoxb\nHOST=x\n', '/srv/.env')).toEqual({
      ok: false,
      message: '/srv/.env:2: expected KEY=value (a letter or _ first, then letters, digits or _), got "SLACK BOT TOKEN xoxb"',
    });
    expect(parseEnvFile('1PORT=3100\n', '.env')).toMatchObject({ ok: false, message: expect.stringContaining('.env:1: expected KEY=value') });
  });

  it('refuses a quote that never closes', () => {
    expect(parseEnvFile('A="open\nB=2\n', '.env')).toEqual({ ok: false, message: '.env: a value opened with " is never closed' });
  });

  it('leaves keys the environment already has alone and says which it set', () => {
    const env: NodeJS.ProcessEnv = { PORT: '4000' };
    expect(loadEnvFile(fileWith('PORT=3100\nHOST=127.0.0.1\n'), env)).toEqual(['HOST']);
    expect(env).toEqual({ PORT: '4000', HOST: '127.0.0.1' });
  });

  it('is quiet about a missing file and clear about a malformed one', () => {
    const env: NodeJS.ProcessEnv = {};
    expect(loadEnvFile('/nonexistent/dir/.env', env)).toEqual([]);
    expect(env).toEqual({});
    const bad = fileWith('oops\n');
    expect(() => loadEnvFile(bad, env)).toThrow(`${bad}:1: expected KEY=value`);
  });
});

describe('.env.example', () => {
  it('parses, and every setting it sets is accepted by the configuration', async () => {
    const { readFileSync } = await import('node:fs');
    const { readConfig, formatConfigProblem } = await import('../src/config.ts');
    const parsed = parseEnvFile(readFileSync(new URL('../.env.example', import.meta.url), 'utf8'), '.env.example');
    if (!parsed.ok) throw new Error(parsed.message);
    const read = readConfig(parsed.values);
    expect(read.ok ? [] : read.problems.map(formatConfigProblem)).toEqual([]);
    // and the commented-out lines too, once uncommented with example values filled in
    const uncommented = readFileSync(new URL('../.env.example', import.meta.url), 'utf8')
      .split('\n')
      .filter((l) => /^#[A-Za-z_]+=/.test(l))
      .map((l) => l.slice(1));
    const keys = uncommented.map((l) => l.split('=')[0]);
    expect(keys).toEqual(expect.arrayContaining(['HOST', 'LOG_FORMAT', 'DOCKET_TRUST_PROXY', 'DOCKET_CONSOLE', 'SLACK_APP_TOKEN', 'MicrosoftAppId', 'POSTGRES_PASSWORD']));
  });
});
