import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli, USAGE } from '../../src/cli/main.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));

function docket(...args: string[]) {
  const r = spawnSync(process.execPath, ['bin/docket.js', ...args], { cwd: root, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

async function inProcess(argv: string[], env: NodeJS.ProcessEnv = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { out: (l) => out.push(l), err: (l) => err.push(l), env });
  return { code, out, err };
}

describe('bin/docket.js', () => {
  it('prints the usage on stdout for help and exits 0', () => {
    const r = docket('help');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(USAGE + '\n');
    expect(r.stderr).toBe('');
  });

  it('prints the usage on stderr for an unknown command and exits 2', () => {
    const r = docket('frobnicate');
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`docket: unknown command "frobnicate"\n\n${USAGE}\n`);
  });

  it('exits 2 with the usage when no command is given', () => {
    const r = docket();
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('docket: no command given');
    expect(r.stderr).toContain('Usage: docket <command>');
  });
});

describe('runCli', () => {
  it.each([
    [['audit'], 'docket: unknown audit command ""; try: docket audit verify|checkpoint|keygen'],
    [['audit', 'fix'], 'docket: unknown audit command "fix"; try: docket audit verify|checkpoint|keygen'],
    [['check', 'a', 'b'], 'docket: check takes one directory, got 2'],
    [['migrate', 'now'], 'docket: migrate takes no arguments'],
  ])('refuses %j with exit 2', async (argv, message) => {
    const r = await inProcess(argv);
    expect(r.code).toBe(2);
    expect(r.err[0]).toBe(message);
    expect(r.err).toContain('Usage: docket <command>');
  });

  it.each([['migrate'], ['audit', 'verify']])('%s refuses a bad DATABASE_URL with exit 1 before touching a database', async (...argv) => {
    const r = await inProcess(argv, { DATABASE_URL: 'mysql://x/y' });
    expect(r.code).toBe(1);
    expect(r.err).toEqual(['docket: DATABASE_URL: expected sqlite:<path> or postgres://user@host:port/database, got "mysql://x/y"']);
  });

  it('reports only the settings the command uses', async () => {
    // PORT is wrong too, but migrate does not listen, so only DATABASE_URL is named
    const r = await inProcess(['migrate'], { PORT: 'abc', LOG_LEVEL: 'loud', DATABASE_URL: 'mysql://x/y' });
    expect(r.code).toBe(1);
    expect(r.err).toEqual(['docket: DATABASE_URL: expected sqlite:<path> or postgres://user@host:port/database, got "mysql://x/y"']);
  });

  it('prints the version', async () => {
    const r = await inProcess(['--version']);
    expect(r).toEqual({ code: 0, out: ['0.1.0'], err: [] });
  });
});

describe('docket check', () => {
  it('passes the example flows', () => {
    const r = docket('check', 'flows');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^flows ok: \d+ request flows, \d+ case flows/);
  });

  it('fails a broken flows directory with file:line:col, exit 1', () => {
    const r = docket('check', 'test/fixtures/server/broken-flows');
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('broken-flows/requests/equipment.yaml:14:26  steps[0].approvers[0].group: unknown group "no-such-group"');
  });
});
