// Inbound hook mappings: compiled once with problems that name the path; evaluated per payload
// into plain values, or a sentence naming the entry that did not fit.
import { describe, expect, it } from 'vitest';
import { compileInbound, type CompiledInbound } from '../../src/flows/inbound.ts';
import { InboundHook } from '../../src/flows/model.ts';

const hook = (over: Record<string, unknown> = {}) => InboundHook.parse({ name: 'mon', secretEnv: 'MON_SECRET', actor: 'ian@example.com', key: 'payload.id', title: 'payload.title', ...over });
const compiled = (over: Record<string, unknown> = {}) => {
  const c = compileInbound(hook(over));
  if (Array.isArray(c)) throw new Error(JSON.stringify(c));
  return c as CompiledInbound;
};

describe('inbound mappings', () => {
  it('report CEL problems at their path in the flow', () => {
    expect(compileInbound(hook({ title: 'payload.', resolved: '"yes"', fields: { service: 'nope.x' } }), ['inbound', 0])).toEqual([
      { path: ['inbound', 0, 'title'], message: expect.stringMatching(/^expected a CEL expression over payload: /) },
      { path: ['inbound', 0, 'fields', 'service'], message: 'expected a CEL expression over payload: Unknown variable: nope' },
      { path: ['inbound', 0, 'resolved'], message: 'expected a CEL condition over payload: expected true or false, but this gives string' },
    ]);
  });

  it('map a payload to plain values, numbers as text for keys', () => {
    const c = compiled({ priority: '"p2"', fields: { n: 'payload.n' }, note: 'payload.title + "!"', resolved: 'payload.done' });
    expect(c.map({ id: 42, title: ' Disk full ', n: 3, done: false })).toEqual({ ok: true, value: { key: '42', title: 'Disk full', priority: 'p2', fields: { n: 3 }, note: 'Disk full !', resolved: false } });
  });

  it('name the entry a payload does not fit', () => {
    const c = compiled({ resolved: 'payload.done' });
    expect(c.map({ id: 'a', done: true })).toEqual({ ok: false, problem: 'title: No such key: title' });
    expect(c.map({ id: 'a' })).toEqual({ ok: false, problem: 'resolved: No such key: done' });
    expect(c.map({ id: 'a', title: '', done: true })).toEqual({ ok: false, problem: 'title gave an empty string, expected text' });
    expect(c.map({ id: 'a', title: { x: 1 }, done: true })).toEqual({ ok: false, problem: 'title gave object, expected text' });
    expect(c.map({ id: 'a', title: 't', done: 'yes' })).toEqual({ ok: false, problem: 'resolved gave string, expected true or false' });
    expect(c.map(null).ok).toBe(false);
    expect(c.map('a string').ok).toBe(false);
  });
});
