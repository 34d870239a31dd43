// `docket <command>`: the operator's tools. Parses argv, reads only the settings the command
// needs, and hands off to one module per command (loaded on demand, so `help` starts fast).
// Exit codes: 0 done, 1 the command found problems or failed, 2 the command line was wrong.
import { type ConfigProblem, formatConfigProblem, readConfig } from '../config.ts';
import { isEntry } from '../entry.ts';
import { loadEnvFile } from '../env-file.ts';
import { VERSION } from '../version.ts';

export interface CliIo {
  out: (line: string) => void;
  err: (line: string) => void;
  env: NodeJS.ProcessEnv;
}

export const USAGE = `Usage: docket <command>

Commands:
  check [dir]     validate the flows in dir (default: FLOWS_DIR or ./flows)
  simulate <flow> --as <email> --form field=value,… [--at <time> [zone]] [--away who[=delegate]] [--json]
                  what would happen to one request: steps and why, approvers, SLA due times,
                  outcome if everyone approves; for a case flow: owner, priority, SLAs, rules
                  (--title, --priority). Nothing is written
  test [dir]      run the flow tests in dir/tests/*.yaml against the flows in dir
                  (--require-coverage: fail unless every condition and rule is exercised)
  diff --base <git-rev> [dir] | diff <old-dir> <new-dir> [--days 90] [--json]
                  what changed flows would have done: in-flight items that keep their version,
                  and the last N days of requests in DATABASE_URL replayed (read-only)
  migrate         apply pending database migrations to DATABASE_URL
  audit verify [--checkpoint FILE]
                  check every subject's hash chain and every signed checkpoint in
                  DATABASE_URL (signatures with DOCKET_AUDIT_PUBLIC_KEY); with FILE, also
                  prove the log still contains that exported checkpoint unchanged
  audit checkpoint
                  record the changed subject heads as a checkpoint now and print it
                  (signed with DOCKET_AUDIT_SIGNING_KEY)
  audit keygen    print a new Ed25519 key pair for signing checkpoints
  redact request R-12 [--field F]… --reason TEXT --as ADMIN_EMAIL
  redact case C-3 [--field F]… --reason TEXT --as ADMIN_EMAIL
                  redact fields of one item (default: its flow's personalData) from
                  every table, keeping the audit chains verifiable; recorded with the reason
  redact person EMAIL --reason TEXT --as ADMIN_EMAIL
                  an erasure request: every trace of that person's email and name
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
    case 'simulate': {
      const setting = configFor(io, 'FLOWS_DIR');
      if (!setting.ok) return 1;
      const { runSimulate } = await import('./simulate.ts');
      return runSimulate(rest, { out: io.out, err: io.err, flowsDir: setting.config.flowsDir, now: () => new Date() });
    }
    case 'test': {
      const setting = configFor(io, 'FLOWS_DIR');
      if (!setting.ok) return 1;
      const { runTest } = await import('./test.ts');
      return runTest(rest, { out: io.out, err: io.err, flowsDir: setting.config.flowsDir, now: () => new Date() });
    }
    case 'diff': {
      const flows = configFor(io, 'FLOWS_DIR');
      const db = configFor(io, 'DATABASE_URL');
      if (!flows.ok || !db.ok) return 1;
      const { runDiff } = await import('./diff.ts');
      return runDiff(rest, { out: io.out, err: io.err, flowsDir: flows.config.flowsDir, databaseUrl: db.config.databaseUrl, now: () => new Date() });
    }
    case 'migrate': {
      if (rest.length > 0) return usageError('migrate takes no arguments');
      const setting = configFor(io, 'DATABASE_URL');
      if (!setting.ok) return 1;
      const { runMigrate } = await import('./migrate.ts');
      return runMigrate(setting.config.databaseUrl, io.out);
    }
    case 'audit': {
      const [sub, ...args] = rest;
      if (sub === 'keygen' && args.length === 0) return (await import('./audit.ts')).runAuditKeygen(io.out);
      if (sub === 'checkpoint' && args.length === 0) {
        const setting = configFor(io, 'DATABASE_URL', 'DOCKET_AUDIT_SIGNING_KEY');
        if (!setting.ok) return 1;
        const { runAuditCheckpoint } = await import('./audit.ts');
        return runAuditCheckpoint(setting.config.databaseUrl, io.out, setting.config.audit.signingKey);
      }
      if (sub === 'verify') {
        let checkpointFile: string | undefined;
        if (args.length === 2 && args[0] === '--checkpoint') checkpointFile = args[1];
        else if (args.length > 0) return usageError(`audit verify takes only --checkpoint FILE, got ${JSON.stringify(args.join(' '))}`);
        const setting = configFor(io, 'DATABASE_URL', 'DOCKET_AUDIT_PUBLIC_KEY', 'DOCKET_AUDIT_SIGNING_KEY');
        if (!setting.ok) return 1;
        const { runAuditVerify } = await import('./audit.ts');
        const publicKey = setting.config.audit.publicKey ?? setting.config.audit.signingKey;
        return runAuditVerify(setting.config.databaseUrl, io.out, { ...(publicKey ? { publicKey } : {}), ...(checkpointFile ? { checkpointFile } : {}) });
      }
      return usageError(`unknown audit command ${JSON.stringify(rest.join(' '))}; try: docket audit verify|checkpoint|keygen`);
    }
    case 'redact': {
      const { parseRedactArgs, runRedact } = await import('./redact.ts');
      const args = parseRedactArgs(rest);
      if (typeof args === 'string') return usageError(args);
      // the flows (for the admin role and the personal-data fields) and the platforms (to redraw cards)
      const read = readConfig(io.env);
      if (!read.ok) {
        read.problems.forEach((p: ConfigProblem) => io.err(`docket: ${formatConfigProblem(p)}`));
        return 1;
      }
      return runRedact(read.config, args, io.out);
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
function configFor(io: CliIo, ...keys: Array<'FLOWS_DIR' | 'DATABASE_URL' | 'DOCKET_AUDIT_SIGNING_KEY' | 'DOCKET_AUDIT_PUBLIC_KEY'>) {
  const read = readConfig(Object.fromEntries(keys.map((key) => [key, io.env[key]])));
  if (read.ok) return read;
  read.problems.forEach((p: ConfigProblem) => io.err(`docket: ${formatConfigProblem(p)}`));
  return read;
}

/** The process wrapper shared by `bin/docket.js` and `tsx src/cli/main.ts`. */
export async function cliMain(): Promise<void> {
  try {
    loadEnvFile();
  } catch (err) {
    process.stderr.write(`docket: ${(err as Error).message}\n`);
    process.exitCode = 1;
    return;
  }
  // exitCode, not exit(): lets stdout drain; each command closes what it opened.
  process.exitCode = await runCli(process.argv.slice(2), {
    out: (line) => process.stdout.write(line + '\n'),
    err: (line) => process.stderr.write(line + '\n'),
    env: process.env,
  });
}

if (isEntry(import.meta.url)) await cliMain();
