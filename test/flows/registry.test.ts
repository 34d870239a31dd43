import { describe, expect, it } from 'vitest';
import type { LoadedFlow } from '../../src/core/flow-runtime.ts';
import { FlowFile } from '../../src/flows/model.ts';
import { compileFlow, FlowRegistry } from '../../src/flows/registry.ts';
import { flowVersion } from '../../src/flows/version.ts';

const raw = {
  kind: 'request',
  id: 'purchase',
  name: 'Purchase',
  form: [{ id: 'item', type: 'text', label: 'Item' }],
  steps: [{ id: 'manager', name: 'Manager', approvers: [{ manager: 'requester' }], when: 'form.item != ""' }],
};

function compile(input: unknown): LoadedFlow {
  const flow = compileFlow(FlowFile.parse(input), 'requests/purchase.yaml');
  if (Array.isArray(flow)) throw new Error(JSON.stringify(flow));
  return flow;
}

describe('flow versions', () => {
  it('do not change when keys are reordered', () => {
    const reordered = { steps: raw.steps.map((s) => ({ when: s.when, approvers: s.approvers, name: s.name, id: s.id })), form: raw.form, name: raw.name, id: raw.id, kind: raw.kind };
    expect(compile(reordered).version).toBe(compile(raw).version);
    expect(compile(raw).version).toMatch(/^[0-9a-f]{16}$/);
  });

  it('do not change when a default is written out', () => {
    const explicit = { ...raw, onApprove: [], steps: raw.steps.map((s) => ({ ...s, mode: 'any' })) };
    expect(compile(explicit).version).toBe(compile(raw).version);
  });

  it('change with any change of content', () => {
    const base = compile(raw).version;
    expect(compile({ ...raw, name: 'Purchases' }).version).not.toBe(base);
    expect(compile({ ...raw, steps: raw.steps.map((s) => ({ ...s, when: 'form.item == ""' })) }).version).not.toBe(base);
    expect(flowVersion([1, 2])).not.toBe(flowVersion([2, 1]));
  });
});

describe('compileFlow', () => {
  it('returns problems at 0:0 for a definition read back without its file', () => {
    const bad = FlowFile.parse({ ...raw, steps: [{ ...raw.steps[0], when: 'form.nope' }] });
    expect(compileFlow(bad, 'requests/purchase.yaml')).toEqual([
      { file: 'requests/purchase.yaml', line: 0, col: 0, path: 'steps[0].when', message: 'expected a CEL condition over form, requester, request: No such key: nope' },
    ]);
  });
});

describe('the flow registry', () => {
  it('serves the current version by id and every version by id and version', () => {
    const v1 = compile(raw);
    const v2 = compile({ ...raw, name: 'Purchase v2' });
    const registry = new FlowRegistry();
    registry.add(v2);
    registry.add(v1, { current: false });
    expect(registry.requestFlow('purchase')).toBe(v2);
    expect(registry.requestFlow('purchase', v1.version)).toBe(v1);
    expect(registry.requestFlow('purchase', v2.version)).toBe(v2);
    expect(registry.requestFlow('purchase', 'ffffffffffffffff')).toBeUndefined();
    expect(registry.caseFlow('purchase')).toBeUndefined();
    expect(registry.all()).toEqual([v2]);
    expect(registry.versions('purchase')).toHaveLength(2);
  });

  it('keeps a pinned version of a removed flow without offering it for new requests', () => {
    const old = compile(raw);
    const registry = new FlowRegistry();
    registry.add(old, { current: false });
    expect(registry.requestFlow('purchase')).toBeUndefined();
    expect(registry.requestFlow('purchase', old.version)).toBe(old);
    expect(registry.requestFlows()).toEqual([]);
  });
});
