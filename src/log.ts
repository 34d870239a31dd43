// A tiny structured logger: one JSON object per line on stdout, which every log shipper
// (journald, Docker, Loki, CloudWatch) reads without configuration. No dependency.
//   {"t":"2025-01-01T09:00:00.000Z","level":"info","msg":"listening","url":"http://…"}
import type { LogLevel } from './config.ts';

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
  /** where a finished line goes; stdout by default */
  write?: (line: string) => void;
  now?: () => Date;
}

const rank: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export function createLogger(options: LoggerOptions = {}): Logger {
  const min = rank[options.level ?? 'info'];
  const write = options.write ?? ((line: string) => process.stdout.write(line + '\n'));
  const now = options.now ?? (() => new Date());

  const make = (bound: Fields): Logger => {
    const emit = (level: LogLevel, msg: string, fields?: Fields) => {
      if (rank[level] < min) return;
      // Fixed keys first and last-wins for the rest, so a field cannot overwrite t/level/msg.
      const entry = { ...bound, ...fields, t: now().toISOString(), level, msg };
      write(stringify({ t: entry.t, level, msg, ...withoutKeys(entry, ['t', 'level', 'msg']) }));
    };
    return {
      debug: (msg, fields) => emit('debug', msg, fields),
      info: (msg, fields) => emit('info', msg, fields),
      warn: (msg, fields) => emit('warn', msg, fields),
      error: (msg, fields) => emit('error', msg, fields),
      child: (fields) => make({ ...bound, ...fields }),
    };
  };
  return make({});
}

/** A logger that drops everything: for tests and tools that do not care. */
export const silentLogger: Logger = createLogger({ write: () => {} });

/** name, message, stack (and code, cause) of an Error: JSON.stringify would give `{}` */
export function serializeError(err: unknown, depth = 0): unknown {
  if (!(err instanceof Error)) return err;
  const out: Fields = { name: err.name, message: err.message, stack: err.stack };
  const code = (err as { code?: unknown }).code;
  if (code !== undefined) out.code = code;
  if (err.cause !== undefined && depth < 3) out.cause = serializeError(err.cause, depth + 1);
  return out;
}

function withoutKeys(o: Fields, keys: string[]): Fields {
  const out: Fields = {};
  for (const [k, v] of Object.entries(o)) if (!keys.includes(k)) out[k] = v;
  return out;
}

// A log call must never throw: errors become objects, bigints strings, cycles a marker.
function stringify(entry: Fields): string {
  const seen = new WeakSet<object>();
  try {
    return JSON.stringify(entry, (_key, value: unknown) => {
      if (value instanceof Error) return serializeError(value);
      if (typeof value === 'bigint') return value.toString();
      if (typeof value === 'object' && value !== null) {
        if (seen.has(value)) return '[circular]';
        seen.add(value);
      }
      return value;
    });
  } catch (e) {
    return JSON.stringify({ t: entry.t, level: entry.level, msg: entry.msg, logError: String(e) });
  }
}
