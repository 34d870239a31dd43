// Structured logs through pino: one JSON object per line on stdout in production, which every
// log shipper (journald, Docker, Loki, CloudWatch) reads without configuration,
//   {"level":"info","t":"2025-01-01T09:00:00.000Z","url":"http://…","msg":"listening"}
// and pino-pretty's coloured lines when stdout is a terminal (or LOG_FORMAT says so).
// Callers see only the small Logger interface below, never pino's.
import { createRequire } from 'node:module';
import { pino, type DestinationStream, type LoggerOptions as PinoOptions } from 'pino';
import type { LogFormat, LogLevel } from './config.ts';

export type Fields = Record<string, unknown>;

export interface Logger {
  debug(msg: string, fields?: Fields): void;
  info(msg: string, fields?: Fields): void;
  warn(msg: string, fields?: Fields): void;
  error(msg: string, fields?: Fields): void;
  /** a logger that adds these fields to every line */
  child(fields: Fields): Logger;
}

export interface LoggerOptions {
  level?: LogLevel;
  /** JSON lines or pino-pretty; by default pretty when stdout is a terminal */
  format?: LogFormat;
  /** where a finished JSON line goes (without its newline); stdout by default */
  write?: (line: string) => void;
  now?: () => Date;
}

/**
 * Secrets by path, wherever a caller might put them: configuration objects, request headers,
 * the Slack and Bot Framework clients' errors (which carry their request's headers).
 */
export const REDACT_PATHS = [
  'password',
  'token',
  'secret',
  'authorization',
  'cookie',
  '*.password',
  '*.token',
  '*.secret',
  '*.signingSecret',
  '*.botToken',
  '*.appToken',
  '*.appPassword',
  '*.adminToken',
  '*.authorization',
  '*.Authorization',
  '*.cookie',
  '*.headers.authorization',
  '*.headers.Authorization',
  '*.headers.cookie',
  '*.headers["x-slack-signature"]',
  '*.config.headers.Authorization',
  '*.request.headers.authorization',
];
export const REDACTED = '[redacted]';

// t, level and msg are ours: a field of the same name is dropped rather than shadowing them
const RESERVED = new Set(['t', 'level', 'msg']);

export function createLogger(options: LoggerOptions = {}): Logger {
  const now = options.now ?? (() => new Date());
  const pretty = !options.write && (options.format ?? (process.stdout.isTTY ? 'pretty' : 'json')) === 'pretty';
  const base: PinoOptions = {
    level: options.level ?? 'info',
    base: undefined,
    messageKey: 'msg',
    // errors are turned into objects by clean() below, under any key, cause included
    serializers: { err: (value: unknown) => value },
    timestamp: () => `,"t":"${now().toISOString()}"`,
    redact: { paths: REDACT_PATHS, censor: REDACTED },
  };
  let destination: DestinationStream;
  if (options.write) {
    const write = options.write;
    destination = { write: (line: string) => write(line.endsWith('\n') ? line.slice(0, -1) : line) };
  } else if (pretty) {
    destination = prettyStream();
  } else {
    destination = pino.destination({ dest: 1, sync: true });
  }
  // JSON lines name the level ("info"); pino-pretty wants pino's numbers to colour them
  const root = pino(pretty ? base : { ...base, formatters: { level: (label) => ({ level: label }) } }, destination);
  return wrap(root);
}

function wrap(p: pino.Logger): Logger {
  const at = (level: 'debug' | 'info' | 'warn' | 'error') => (msg: string, fields?: Fields) => {
    if (!p.isLevelEnabled(level)) return;
    try {
      p[level](fields ? clean(fields) : {}, msg);
    } catch (e) {
      // a log call must never throw
      p[level]({ logError: String(e) }, msg);
    }
  };
  return {
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    child: (fields) => wrap(p.child(clean(fields))),
  };
}

/** errors as objects (JSON.stringify would give `{}`), bigints as strings, our keys kept ours */
function clean(fields: Fields): Fields {
  const out: Fields = {};
  for (const [k, v] of Object.entries(fields)) {
    if (RESERVED.has(k)) continue;
    out[k] = v instanceof Error ? serializeError(v) : typeof v === 'bigint' ? v.toString() : v;
  }
  return out;
}

// pino-pretty is loaded only for a terminal, synchronously: a transport would start a worker
// thread, and lines written just before an exit could be lost.
function prettyStream(): DestinationStream {
  const require = createRequire(import.meta.url);
  const pinoPretty = require('pino-pretty') as (options: Record<string, unknown>) => DestinationStream;
  return pinoPretty({ sync: true, colorize: true, timestampKey: 't', translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname', singleLine: false });
}

/** A logger that drops everything: for tests and tools that do not care. */
export const silentLogger: Logger = {
  debug: () => {},
  info: () => {},
  warn: () => {},
  error: () => {},
  child: () => silentLogger,
};

/** name, message, stack (and code, cause) of an Error */
export function serializeError(err: unknown, depth = 0): unknown {
  if (!(err instanceof Error)) return err;
  const out: Fields = { name: err.name, message: err.message, stack: err.stack };
  const code = (err as { code?: unknown }).code;
  if (code !== undefined) out.code = code;
  if (err.cause !== undefined && depth < 3) out.cause = serializeError(err.cause, depth + 1);
  return out;
}
