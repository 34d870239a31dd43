// A request or case stays on the flow version it started on. Current versions are saved to the
// database at start-up; an older version a running item names is read back and recompiled.
import type { LoadedCaseFlow, LoadedRequestFlow } from '../core/flow-runtime.ts';
import { FlowFile } from '../flows/model.ts';
import { compileFlow, type FlowRegistry } from '../flows/registry.ts';
import type { Store, StoreTx } from '../ports/store.ts';

/** where a stored definition is read from: the open transaction, or the store outside one */
type Source = Pick<StoreTx, 'flowVersion'>;

export async function saveCurrentVersions(registry: FlowRegistry, store: Store, at: Date): Promise<void> {
  for (const flow of registry.all()) await store.saveFlowVersion(flow.def.id, flow.version, flow.def, at.toISOString());
}

async function pinned(registry: FlowRegistry, store: Source, id: string, version: string): Promise<void> {
  if (registry.versions(id).some((f) => f.version === version)) return;
  const stored = await store.flowVersion(id, version);
  if (stored === undefined) throw new Error(`flow ${id} version ${version} is neither loaded nor stored`);
  const def = FlowFile.parse(stored);
  const compiled = compileFlow(def, `(stored version ${version} of ${id})`);
  if (Array.isArray(compiled)) throw new Error(`stored flow ${id}@${version} no longer compiles: ${compiled.map((p) => p.message).join('; ')}`);
  // compileFlow hashes the definition again; a different hash means the hashing changed, a bug
  if (compiled.version !== version) throw new Error(`stored flow ${id}@${version} hashes to ${compiled.version}`);
  registry.add(compiled, { current: false });
}

export async function requestFlowAt(registry: FlowRegistry, store: Source, id: string, version: string): Promise<LoadedRequestFlow> {
  await pinned(registry, store, id, version);
  const flow = registry.requestFlow(id, version);
  if (!flow) throw new Error(`flow ${id}@${version} is not a request flow`);
  return flow;
}

export async function caseFlowAt(registry: FlowRegistry, store: Source, id: string, version: string): Promise<LoadedCaseFlow> {
  await pinned(registry, store, id, version);
  const flow = registry.caseFlow(id, version);
  if (!flow) throw new Error(`flow ${id}@${version} is not a case flow`);
  return flow;
}
