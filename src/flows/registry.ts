// Every loaded version of every flow. New requests and cases use a flow's current version; one
// already running names the version it started on, which the app may add back after a restart
// (compileFlow on the definition it stored) without making it current.
import type { FlowCatalog, LoadedCaseFlow, LoadedFlow, LoadedRequestFlow } from '../core/flow-runtime.ts';

export { compileFlow } from './compile.ts';

export class FlowRegistry implements FlowCatalog {
  readonly #versions = new Map<string, Map<string, LoadedFlow>>();
  readonly #current = new Map<string, LoadedFlow>();

  /** Adds a version; it becomes the current one unless `current: false` (a pinned old version). */
  add(flow: LoadedFlow, options: { current?: boolean } = {}): void {
    const id = flow.def.id;
    const current = this.#current.get(id);
    if (current && current.kind !== flow.kind) throw new Error(`flow ${id}: a ${flow.kind} flow cannot share an id with a ${current.kind} flow`);
    const versions = this.#versions.get(id) ?? new Map<string, LoadedFlow>();
    // The same version added twice is the same definition: keep the first compiled copy.
    const kept = versions.get(flow.version) ?? flow;
    versions.set(flow.version, kept);
    this.#versions.set(id, versions);
    // A pinned version never becomes current: a removed flow takes no new requests.
    if (options.current !== false) this.#current.set(id, kept);
  }

  /** the current version of every flow */
  all(): readonly LoadedFlow[] {
    return [...this.#current.values()];
  }

  /** every version of one flow, current or pinned */
  versions(id: string): readonly LoadedFlow[] {
    return [...(this.#versions.get(id)?.values() ?? [])];
  }

  requestFlows(): readonly LoadedRequestFlow[] {
    return this.all().filter((f): f is LoadedRequestFlow => f.kind === 'request');
  }

  caseFlows(): readonly LoadedCaseFlow[] {
    return this.all().filter((f): f is LoadedCaseFlow => f.kind === 'case');
  }

  requestFlow(id: string, version?: string): LoadedRequestFlow | undefined {
    const flow = this.#find(id, version);
    return flow?.kind === 'request' ? flow : undefined;
  }

  caseFlow(id: string, version?: string): LoadedCaseFlow | undefined {
    const flow = this.#find(id, version);
    return flow?.kind === 'case' ? flow : undefined;
  }

  #find(id: string, version: string | undefined): LoadedFlow | undefined {
    return version === undefined ? this.#current.get(id) : this.#versions.get(id)?.get(version);
  }
}
