// `/request …` read: help, the picker, or one request type's form by id or a clear prefix.
import type { LoadedRequestFlow } from '../../src/core/flow-runtime.ts';

export type RequestIntent =
  | { kind: 'help' }
  | { kind: 'picker'; note?: string }
  | { kind: 'form'; flow: LoadedRequestFlow };

export function requestIntent(text: string, flows: readonly LoadedRequestFlow[]): RequestIntent {
  const query = text.trim().toLowerCase();
  if (!query) return { kind: 'picker' };
  if (query === 'help' || query === '?') return { kind: 'help' };
  const tries = [query, query.split(/\s+/, 1)[0]!];
  for (const q of tries) {
    const exact = flows.find((f) => f.def.id === q || f.def.name.toLowerCase() === q);
    if (exact) return { kind: 'form', flow: exact };
    const matches = flows.filter((f) => f.def.id.startsWith(q) || f.def.name.toLowerCase().startsWith(q));
    if (matches.length === 1) return { kind: 'form', flow: matches[0]! };
    if (matches.length > 1) return { kind: 'picker', note: `Several request types start with "${q}": ${matches.map((f) => f.def.id).join(', ')}. Pick one:` };
  }
  return { kind: 'picker', note: `There is no request type "${text.trim().slice(0, 60)}". Pick one:` };
}
