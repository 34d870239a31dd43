// Inbound hook mappings (the `inbound:` of a case flow): CEL over `payload`, the JSON body an
// external system posted. Compiled once; evaluated per call into plain values the engine's
// case.ingest command takes. A mapping that fails on a payload (a missing key, a wrong type)
// is the sender's problem, reported to it, never a crash.
import { Environment } from '@marcbachmann/cel-js';
import type { CelVars } from '../core/flow-runtime.ts';
import { compileExpression, type CompiledCel } from './cel.ts';
import type { InboundHook } from './model.ts';
import type { PathProblem, PathSegment } from './problem.ts';

export interface InboundMapped {
  key: string;
  title: string;
  priority?: string;
  fields: Record<string, unknown>;
  note?: string;
  resolved: boolean;
}

export interface CompiledInbound {
  readonly hook: InboundHook;
  map(payload: unknown): { ok: true; value: InboundMapped } | { ok: false; problem: string };
}

export function inboundEnvironment(): Environment {
  const env = new Environment({ limits: { maxAstNodes: 500, maxDepth: 50, maxListElements: 1000, maxMapEntries: 1000, maxCallArguments: 10 } });
  env.registerVariable('payload', 'map');
  return env;
}

type Sites = { path: PathSegment[]; source: string; use: 'condition' | 'value' }[];

function sites(hook: InboundHook, at: PathSegment[]): Sites {
  const out: Sites = [
    { path: [...at, 'key'], source: hook.key, use: 'value' },
    { path: [...at, 'title'], source: hook.title, use: 'value' },
  ];
  if (hook.priority) out.push({ path: [...at, 'priority'], source: hook.priority, use: 'value' });
  for (const [id, source] of Object.entries(hook.fields)) out.push({ path: [...at, 'fields', id], source, use: 'value' });
  if (hook.note) out.push({ path: [...at, 'note'], source: hook.note, use: 'value' });
  if (hook.resolved) out.push({ path: [...at, 'resolved'], source: hook.resolved, use: 'condition' });
  return out;
}

export function compileInbound(hook: InboundHook, at: PathSegment[] = []): CompiledInbound | PathProblem[] {
  const env = inboundEnvironment();
  const compiled = new Map<string, CompiledCel>();
  const problems: PathProblem[] = [];
  for (const site of sites(hook, at)) {
    const e = compileExpression(env, site.source, site.use);
    if (e.ok) compiled.set(site.source, e.value);
    else problems.push({ path: site.path, message: `expected a CEL ${site.use === 'condition' ? 'condition' : 'expression'} over payload: ${e.reason}` });
  }
  if (problems.length > 0) return problems;
  // a failure names the mapping entry, so the sender's admin knows which key their payload lacks
  const run = (what: string, source: string, vars: CelVars) => {
    try {
      return compiled.get(source)!.evaluate(vars);
    } catch (err) {
      throw new Error(`${what}: ${(err as Error).message}`);
    }
  };
  const result: CompiledInbound = {
    hook,
    map(payload: unknown) {
      const vars = { payload };
      const text = (what: string, source: string, max: number): string => {
        const v = run(what, source, vars);
        if (typeof v === 'string' && v.trim()) return v.trim().slice(0, max);
        if (typeof v === 'number' || typeof v === 'bigint') return String(v);
        throw new Error(`${what} gave ${v === '' ? 'an empty string' : typeof v}, expected text`);
      };
      try {
        const fields: Record<string, unknown> = {};
        for (const [id, source] of Object.entries(hook.fields)) {
          const v = run(`fields.${id}`, source, vars);
          fields[id] = typeof v === 'bigint' ? Number(v) : v;
        }
        const resolved = hook.resolved ? run('resolved', hook.resolved, vars) : false;
        if (typeof resolved !== 'boolean') throw new Error(`resolved gave ${typeof resolved}, expected true or false`);
        return {
          ok: true,
          value: {
            key: text('key', hook.key, 500),
            title: text('title', hook.title, 200),
            ...(hook.priority ? { priority: text('priority', hook.priority, 64) } : {}),
            fields,
            ...(hook.note ? { note: text('note', hook.note, 3000) } : {}),
            resolved,
          },
        };
      } catch (err) {
        return { ok: false, problem: (err as Error).message };
      }
    },
  };
  return result;
}
