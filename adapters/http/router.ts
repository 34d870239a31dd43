// The route table: method + path pattern → handler. Patterns are literal paths
// (`/healthz`), named segments (`/requests/:id`) or a trailing wildcard (`/assets/*`).
// Literal routes win over named segments, which win over wildcards (the longest prefix first),
// so mounting the console at `/*` later never shadows `/healthz`.
export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface Match<H> {
  handler: H;
  /** the pattern, used as the metrics label so raw paths do not explode cardinality */
  route: string;
  params: Record<string, string>;
}

export type Lookup<H> =
  | { kind: 'found'; match: Match<H> }
  | { kind: 'wrong_method'; route: string; allow: Method[] }
  | { kind: 'not_found' };

interface Entry<H> {
  pattern: string;
  segments: string[];
  wildcard: boolean;
  handlers: Map<Method, H>;
}

export class Router<H> {
  private readonly entries: Entry<H>[] = [];

  add(method: Method, pattern: string, handler: H): void {
    if (!pattern.startsWith('/')) throw new Error(`route pattern must start with "/": ${pattern}`);
    let entry = this.entries.find((e) => e.pattern === pattern);
    if (!entry) {
      const wildcard = pattern.endsWith('/*');
      const body = wildcard ? pattern.slice(0, -2) : pattern;
      const segments = body === '' || body === '/' ? [] : body.split('/').slice(1);
      entry = { pattern, segments, wildcard, handlers: new Map() };
      this.entries.push(entry);
      this.entries.sort(compare);
    }
    if (entry.handlers.has(method)) throw new Error(`route ${method} ${pattern} is already mounted`);
    entry.handlers.set(method, handler);
  }

  /** HEAD is answered by the GET handler; Node drops the body by itself. */
  lookup(method: string, path: string): Lookup<H> {
    const wanted = (method === 'HEAD' ? 'GET' : method) as Method;
    const parts = path === '/' ? [] : path.split('/').slice(1);
    for (const entry of this.entries) {
      const params = matchEntry(entry, parts);
      if (!params) continue;
      const handler = entry.handlers.get(wanted);
      if (handler) return { kind: 'found', match: { handler, route: entry.pattern, params } };
      return { kind: 'wrong_method', route: entry.pattern, allow: [...entry.handlers.keys()] };
    }
    return { kind: 'not_found' };
  }
}

function matchEntry<H>(entry: Entry<H>, parts: string[]): Record<string, string> | undefined {
  if (entry.wildcard ? parts.length < entry.segments.length : parts.length !== entry.segments.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < entry.segments.length; i++) {
    const seg = entry.segments[i]!;
    const part = parts[i]!;
    if (seg.startsWith(':')) {
      if (part === '') return undefined;
      params[seg.slice(1)] = safeDecode(part);
    } else if (seg !== part) return undefined;
  }
  if (entry.wildcard) params['*'] = parts.slice(entry.segments.length).map(safeDecode).join('/');
  return params;
}

// A malformed escape (`%E0%A4%A`) is kept as written rather than failing the request.
function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

// Most specific first: no wildcard before wildcard; among those, more literal segments first;
// wildcards by longer prefix first.
function compare<H>(a: Entry<H>, b: Entry<H>): number {
  if (a.wildcard !== b.wildcard) return a.wildcard ? 1 : -1;
  const literals = (e: Entry<H>) => e.segments.filter((s) => !s.startsWith(':')).length;
  if (a.wildcard) return b.segments.length - a.segments.length || literals(b) - literals(a);
  return literals(b) - literals(a);
}
