// Inbound hooks as a use case: find the hook a case flow declares under this name, check its
// secret, map the payload with the flow's CEL, and send case.ingest as the hook's person, via
// hook:<name>. The HTTP route (adapters/api/hooks.ts) only translates.
import { timingSafeEqual, createHash } from 'node:crypto';
import type { LoadedCaseFlow } from '../core/flow-runtime.ts';
import { compileInbound, type CompiledInbound } from '../flows/inbound.ts';
import type { FlowRegistry } from '../flows/registry.ts';
import type { Engine, Outcome } from './execute.ts';

interface Hook {
  flow: LoadedCaseFlow;
  compiled: CompiledInbound;
  /** undefined: the environment variable is not set, so the hook is off */
  secret: string | undefined;
}

export type HookAnswer =
  | { kind: 'unknown' }
  | { kind: 'off'; secretEnv: string }
  | { kind: 'unauthorized' }
  | { kind: 'unmapped'; problem: string }
  | { kind: 'done'; outcome: Outcome };

const digest = (s: string) => createHash('sha256').update(s).digest();

export class InboundHooks {
  readonly #hooks = new Map<string, Hook>();

  /** throws when two case flows declare the same hook name: which one would win is a guess */
  constructor(flows: FlowRegistry, env: NodeJS.ProcessEnv) {
    for (const flow of flows.caseFlows()) {
      for (const hook of flow.def.inbound) {
        const other = this.#hooks.get(hook.name);
        if (other) throw new Error(`inbound hook "${hook.name}" is declared by both ${other.flow.def.id} and ${flow.def.id}; hook names must be unique`);
        const compiled = compileInbound(hook);
        // the loader compiled it already; a failure here is a bug, not input
        if (Array.isArray(compiled)) throw new Error(`inbound hook ${hook.name}: ${compiled.map((p) => p.message).join('; ')}`);
        this.#hooks.set(hook.name, { flow, compiled, secret: env[hook.secretEnv]?.trim() || undefined });
      }
    }
  }

  /** one line per hook for the start-up log, without secrets */
  describe(): string[] {
    return [...this.#hooks.entries()].map(([name, h]) => `hook ${name}: ${h.secret ? 'on' : `off (set ${h.compiled.hook.secretEnv})`}, opens ${h.flow.def.id} cases at POST /api/v1/hooks/${name}`);
  }

  async receive(engine: Engine, name: string, presented: string | undefined, payload: () => unknown): Promise<HookAnswer> {
    const hook = this.#hooks.get(name);
    if (!hook) return { kind: 'unknown' };
    if (!hook.secret) return { kind: 'off', secretEnv: hook.compiled.hook.secretEnv };
    // compare digests: equal length, constant time, whatever was presented
    if (!presented || !timingSafeEqual(digest(presented), digest(hook.secret))) return { kind: 'unauthorized' };
    const mapped = hook.compiled.map(payload());
    if (!mapped.ok) return { kind: 'unmapped', problem: mapped.problem };
    const m = mapped.value;
    const outcome = await engine.execute({
      actor: hook.compiled.hook.actor,
      via: `hook:${name}`,
      command: { type: 'case.ingest', flow: hook.flow.def.id, hook: name, key: m.key, title: m.title, ...(m.priority ? { priority: m.priority } : {}), fields: m.fields, ...(m.note ? { note: m.note } : {}), resolved: m.resolved, resolve: hook.compiled.hook.onResolved === 'resolve' },
    });
    return { kind: 'done', outcome };
  }
}
