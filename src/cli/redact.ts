// `docket redact request R-12 --field iban --reason "…" --as admin@example.com` and
// `docket redact person ann@example.com --reason "…" --as admin@example.com`: erasure requests,
// run as an admin of org.yaml (the engine refuses anyone else) with the reason on the record.
import { Engine } from '../app/execute.ts';
import { redactItem, redactPerson } from '../app/redact.ts';
import type { Config } from '../config.ts';
import { explain } from '../core/refusals.ts';
import { loadFlows, formatProblem } from '../flows/load.ts';
import type { ScrubReport } from '../ports/retention.ts';
import type { Store } from '../ports/store.ts';
import { openStore } from '../store/open.ts';
import { retentionStoreOf } from '../store/ports.ts';

export interface RedactArgs {
  what: 'request' | 'case' | 'person';
  target: string;
  fields: string[];
  reason: string;
  as: string;
}

/** parses `request R-12 --field iban --field bic --reason "…" --as ann@…`; a string says what is wrong */
export function parseRedactArgs(args: readonly string[]): RedactArgs | string {
  const [what, target, ...rest] = args;
  if (what !== 'request' && what !== 'case' && what !== 'person') return 'redact what? expected: redact request R-12 | redact case C-3 | redact person EMAIL';
  if (!target || target.startsWith('--')) return `redact ${what} needs ${what === 'person' ? 'an email' : 'an id'}`;
  const out: RedactArgs = { what, target, fields: [], reason: '', as: '' };
  for (let i = 0; i < rest.length; i += 2) {
    const [flag, value] = [rest[i], rest[i + 1]];
    if (value === undefined) return `${flag} needs a value`;
    if (flag === '--field' && what !== 'person') out.fields.push(value);
    else if (flag === '--reason') out.reason = value;
    else if (flag === '--as') out.as = value.toLowerCase();
    else return `unknown option ${JSON.stringify(flag)} for redact ${what}`;
  }
  if (!out.reason.trim()) return 'a redaction needs --reason "…" (it goes on the record)';
  if (!out.as) return 'say which admin of org.yaml you are: --as EMAIL';
  return out;
}

const describe = (report: ScrubReport) =>
  `${report.auditValues} audit value${report.auditValues === 1 ? '' : 's'}${Object.entries(report.tables).map(([t, n]) => `, ${n} ${t} row${n === 1 ? '' : 's'}`).join('')}`;

export async function runRedact(config: Config, args: RedactArgs, out: (line: string) => void, now = new Date()): Promise<number> {
  const loaded = await loadFlows(config.flowsDir);
  if (!loaded.ok) {
    loaded.problems.forEach((p) => out(formatProblem(p)));
    return 1;
  }
  let store: Store | undefined;
  try {
    store = await openStore(config.databaseUrl);
    // cards are redrawn for the enabled platforms, whose dispatchers deliver them
    const engine = new Engine({ store, flows: loaded.registry, directory: loaded.directory, now: () => now, platforms: (['slack', 'teams'] as const).filter((p) => config.platforms[p]) });
    const retention = retentionStoreOf(store);
    if (args.what === 'person') {
      const done = await redactPerson(engine, retention, { email: args.target, actor: args.as, reason: args.reason }, now);
      if (!done.ok) return refused(out, explain(done.code, done.details));
      out(`redacted ${args.target}: ${done.value.items.length} item(s) they raised, ${describe(done.value.report)}`);
      return 0;
    }
    const done = await redactItem(engine, retention, { item: args.target, ...(args.fields.length ? { fields: args.fields } : {}), actor: args.as, reason: args.reason }, now);
    if (!done.ok) return refused(out, explain(done.code, done.details));
    out(`redacted ${done.value.fields.join(', ')} of ${done.value.subject}: ${describe(done.value.report)}`);
    return 0;
  } catch (err) {
    out(`redact failed: ${(err as Error).message}`);
    return 1;
  } finally {
    await store?.close();
  }
}

function refused(out: (line: string) => void, sentence: string): number {
  out(`redact refused: ${sentence}`);
  return 1;
}
