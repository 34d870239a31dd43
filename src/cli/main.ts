// `docket <command>`: the operator's tools. Parses argv, reads only the settings the command
// needs, and hands off to one module per command (loaded on demand, so `help` starts fast).
// Exit codes: 0 done, 1 the command found problems or failed, 2 the command line was wrong.
import { type ConfigProblem, formatConfigProblem, readConfig } from '../config.ts';
import { isEntry } from '../entry.ts';
import { VERSION } from '../version.ts';

export interface CliIo {
  out: (line: string) => void;
  err: (line: string) => void;
  env: NodeJS.ProcessEnv;
}

export const USAGE = `Usage: docket <command>

Commands:
  check [dir]     validate the flows in dir (default: FLOWS_DIR or ./flows)
  migrate         apply pending database migrations to DATABASE_URL
  audit verify    check the hash chain of the audit log in DATABASE_URL
  token create|list|revoke   API tokens for the REST API (docket token help)
  help            show this help
  version         print the version

Environment: DATABASE_URL (default sqlite:./data/docket.db), FLOWS_DIR (default ./flows).`;

export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  const usageError = (why: string) => {
    io.err(`docket: ${why}`);
    io.err('');
    for (const line of USAGE.split('\n')) io.err(line);
    return 2;
  };

  switch (command) {
    case undefined:
      return usageError('no command given');
    case 'help':
    case '--help':
    case '-h':
      for (const line of USAGE.split('\n')) io.out(line);
      return 0;
    case 'version':
    case '--version':
    case '-v':
      io.out(VERSION);
      return 0;
    case 'check': {
      if (rest.length > 1) return usageError(`check takes one directory, got ${rest.length}`);
      const setting = configFor(io, 'FLOWS_DIR');
      if (!setting.ok) return 1;
      const { runCheck } = await import('./check.ts');
      return runCheck(rest[0] ?? setting.config.flowsDir, io.out);
    }
    case 'migrate': {
      if (rest.length > 0) return usageError('migrate takes no arguments');
      const setting = configFor(io, 'DATABASE_URL');
      if (!setting.ok) return 1;
      const { runMigrate } = await import('./migrate.ts');
      return runMigrate(setting.config.databaseUrl, io.out);
    }
    case 'audit': {
      if (rest[0] !== 'verify' || rest.length > 1) return usageError(`unknown audit command ${JSON.stringify(rest.join(' '))}; try: docket audit verify`);
      const setting = configFor(io, 'DATABASE_URL');
      if (!setting.ok) return 1;
      const { runAuditVerify } = await import('./audit.ts');
      return runAuditVerify(setting.config.databaseUrl, io.out);
    }
    case 'token': {
      const { runToken, TOKEN_USAGE } = await import('./token.ts');
      if (rest[0] === undefined || rest[0] === 'help') {
        for (const line of TOKEN_USAGE.split('\n')) (rest[0] ? io.out : io.err)(line);
        return rest[0] ? 0 : 2;
      }
      const read = readConfig({ DATABASE_URL: io.env.DATABASE_URL, FLOWS_DIR: io.env.FLOWS_DIR });
      if (!read.ok) {
        read.problems.forEach((p: ConfigProblem) => io.err(`docket: ${formatConfigProblem(p)}`));
        return 1;
      }
      return runToken(rest, read.config, io);
    }
    default:
      return usageError(`unknown command ${JSON.stringify(command)}`);
  }
}

/**
 * Reads the configuration but reports only the keys this command uses: a bad PORT must not
 * stop `docket check`. Other keys fall back to their defaults.
 */
function configFor(io: CliIo, key: 'FLOWS_DIR' | 'DATABASE_URL') {
  const read = readConfig({ [key]: io.env[key] });
  if (read.ok) return read;
  read.problems.forEach((p: ConfigProblem) => io.err(`docket: ${formatConfigProblem(p)}`));
  return read;
}

/** The process wrapper shared by `bin/docket.js` and `tsx src/cli/main.ts`. */
export async function cliMain(): Promise<void> {
  // exitCode, not exit(): lets stdout drain; each command closes what it opened.
  process.exitCode = await runCli(process.argv.slice(2), {
    out: (line) => process.stdout.write(line + '\n'),
    err: (line) => process.stderr.write(line + '\n'),
    env: process.env,
  });
}

if (isEntry(import.meta.url)) await cliMain();
