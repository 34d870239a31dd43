// A small argv reader for the flow tools (simulate, test, diff): options may take more than one
// word (`--at 2026-12-24T10:00 Europe/Berlin`), which node:util parseArgs cannot say.
export class UsageError extends Error {}

export interface ParsedArgs {
  positional: string[];
  options: Map<string, string[][]>;
}

/**
 * `spec` names each option and how many words it takes: 0 (a flag), 1, or [1, 2] (one, or two
 * when the second does not start with "--").
 */
export function readArgs(argv: readonly string[], spec: Record<string, 0 | 1 | [1, 2]>): ParsedArgs {
  const positional: string[] = [];
  const options = new Map<string, string[][]>();
  for (let i = 0; i < argv.length; i++) {
    const word = argv[i]!;
    if (!word.startsWith('--')) {
      positional.push(word);
      continue;
    }
    const [name, inline] = word.slice(2).split(/=(.*)/s, 2) as [string, string | undefined];
    const arity = spec[name];
    if (arity === undefined) throw new UsageError(`unknown option --${name}`);
    const values: string[] = [];
    if (arity === 0) {
      if (inline !== undefined) throw new UsageError(`--${name} takes no value`);
    } else {
      const max = Array.isArray(arity) ? arity[1] : arity;
      if (inline !== undefined) values.push(inline);
      while (values.length < max) {
        const next = argv[i + 1];
        if (next === undefined || next.startsWith('--')) break;
        // the optional second word of a two-word option
        if (values.length >= 1 && Array.isArray(arity) && !/^[A-Za-z_]+\/[A-Za-z_/+-]+$|^UTC$|^[+-]\d\d:?\d\d$/.test(next)) break;
        values.push(next);
        i++;
      }
      if (values.length === 0) throw new UsageError(`--${name} needs a value`);
    }
    options.set(name, [...(options.get(name) ?? []), values]);
  }
  return { positional, options };
}

export const flag = (args: ParsedArgs, name: string): boolean => args.options.has(name);
/** the last value given for a one-word option */
export const single = (args: ParsedArgs, name: string): string | undefined => args.options.get(name)?.at(-1)?.[0];
