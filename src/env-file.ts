// `.env` at start: KEY=value lines in the working directory, read by `npm start`, the compiled
// server and the CLI. The real environment wins over the file (as with dotenv and compose), so
// a deployment can override one key without editing it. A missing file is the normal case in
// production and says nothing; a malformed one stops start-up with the file and line at fault.
import { readFileSync } from 'node:fs';
import { parseEnv } from 'node:util';

export type EnvFileResult = { ok: true; values: Record<string, string> } | { ok: false; message: string };

const ASSIGNMENT = /^\s*(?:export\s+)?[A-Za-z_][A-Za-z0-9_]*\s*=(.*)$/;

/**
 * Node's own parser (the one behind `--env-file` and process.loadEnvFile) never complains: a line
 * without `=` silently glues itself onto the next key. So every line is checked first; a value
 * opened with a quote may run over several lines until the quote closes.
 */
export function parseEnvFile(text: string, file: string): EnvFileResult {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  let openQuote: string | undefined;
  for (const [i, line] of lines.entries()) {
    if (openQuote) {
      if (line.includes(openQuote)) openQuote = undefined;
      continue;
    }
    if (line.trim() === '' || line.trimStart().startsWith('#')) continue;
    const match = ASSIGNMENT.exec(line);
    if (!match) {
      return { ok: false, message: `${file}:${i + 1}: expected KEY=value (a letter or _ first, then letters, digits or _), got ${JSON.stringify(line.slice(0, 80))}` };
    }
    const value = match[1]!.trimStart();
    const quote = value[0];
    if ((quote === '"' || quote === "'" || quote === '`') && !value.slice(1).includes(quote)) openQuote = quote;
  }
  if (openQuote) return { ok: false, message: `${file}: a value opened with ${openQuote} is never closed` };
  const values: Record<string, string> = {};
  for (const [key, value] of Object.entries(parseEnv(text))) if (value !== undefined) values[key] = value;
  return { ok: true, values };
}

/**
 * Reads `file` into `env` for the keys `env` does not have yet. Returns the keys it set;
 * throws an Error whose message is meant for a person when the file is malformed or unreadable.
 */
export function loadEnvFile(file = '.env', env: NodeJS.ProcessEnv = process.env): string[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw new Error(`${file}: cannot be read (${(err as Error).message})`);
  }
  const parsed = parseEnvFile(text, file);
  if (!parsed.ok) throw new Error(parsed.message);
  const set: string[] = [];
  for (const [key, value] of Object.entries(parsed.values)) {
    if (env[key] !== undefined) continue;
    env[key] = value;
    set.push(key);
  }
  return set;
}
