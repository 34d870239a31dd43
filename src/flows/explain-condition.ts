// A step or rule condition in people's words, for `docket simulate`, `docket test` and the
// console: `form.total.amount > 5000` reads "the total cost is over 5,000 (EUR or USD)". Only the
// shapes flows actually use are translated (comparisons of a field with a literal, has(), and /
// or / not); anything else returns undefined and callers show the CEL itself, which is still
// exact. A flow may say it in its own words with `explain:`, which always wins.
import type { Field } from './model.ts';

export interface WordingContext {
  /** the form (request) or intake fields (case) the condition reads */
  fields: readonly Field[];
  /** case flows: priority and status ids to names */
  priorities?: readonly { id: string; name: string }[];
  statuses?: readonly { id: string; name: string }[];
}

type Token = { t: 'path'; v: string } | { t: 'str'; v: string } | { t: 'num'; v: number } | { t: 'bool'; v: boolean } | { t: 'op'; v: string } | { t: 'has' } | { t: '(' } | { t: ')' };
type Node =
  | { k: 'or' | 'and'; a: Node; b: Node }
  | { k: 'not'; a: Node }
  | { k: 'cmp'; op: string; a: Leaf; b: Leaf }
  | { k: 'has'; path: string }
  | Leaf;
type Leaf = { k: 'path'; v: string } | { k: 'lit'; v: string | number | boolean };

const OPS = ['&&', '||', '==', '!=', '>=', '<=', '>', '<', '!'];

function tokenize(src: string): Token[] | undefined {
  const out: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i]!;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const op = OPS.find((o) => src.startsWith(o, i));
    if (op) {
      out.push({ t: 'op', v: op });
      i += op.length;
      continue;
    }
    if (c === '(' || c === ')') {
      out.push({ t: c });
      i++;
      continue;
    }
    if (c === '"' || c === "'") {
      const end = src.indexOf(c, i + 1);
      if (end < 0) return undefined;
      const text = src.slice(i + 1, end);
      if (text.includes('\\')) return undefined;
      out.push({ t: 'str', v: text });
      i = end + 1;
      continue;
    }
    const num = /^\d+(\.\d+)?u?/.exec(src.slice(i));
    if (num) {
      out.push({ t: 'num', v: Number(num[0].replace(/u$/, '')) });
      i += num[0].length;
      continue;
    }
    const id = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*/.exec(src.slice(i));
    if (id) {
      const word = id[0];
      if (word === 'true' || word === 'false') out.push({ t: 'bool', v: word === 'true' });
      else if (word === 'has') out.push({ t: 'has' });
      else out.push({ t: 'path', v: word });
      i += word.length;
      continue;
    }
    return undefined;
  }
  return out;
}

/** A recursive-descent parser for the subset; undefined for anything outside it. */
function parse(tokens: Token[]): Node | undefined {
  let i = 0;
  const peekOp = (v: string) => tokens[i]?.t === 'op' && (tokens[i] as { v: string }).v === v;
  const or = (): Node | undefined => {
    let a = and();
    while (a && peekOp('||')) {
      i++;
      const b = and();
      a = b ? { k: 'or', a, b } : undefined;
    }
    return a;
  };
  const and = (): Node | undefined => {
    let a = unary();
    while (a && peekOp('&&')) {
      i++;
      const b = unary();
      a = b ? { k: 'and', a, b } : undefined;
    }
    return a;
  };
  const unary = (): Node | undefined => {
    if (peekOp('!')) {
      i++;
      const a = unary();
      return a ? { k: 'not', a } : undefined;
    }
    return comparison();
  };
  const comparison = (): Node | undefined => {
    const a = primary();
    const tok = tokens[i];
    if (a && tok?.t === 'op' && ['==', '!=', '>=', '<=', '>', '<'].includes(tok.v)) {
      i++;
      const b = primary();
      if (!b || !isLeaf(a) || !isLeaf(b)) return undefined;
      return { k: 'cmp', op: tok.v, a, b };
    }
    return a;
  };
  const primary = (): Node | undefined => {
    const tok = tokens[i++];
    if (!tok) return undefined;
    switch (tok.t) {
      case 'path':
        return { k: 'path', v: tok.v };
      case 'str':
      case 'num':
      case 'bool':
        return { k: 'lit', v: tok.v };
      case 'has': {
        if (tokens[i]?.t !== '(' || tokens[i + 1]?.t !== 'path' || tokens[i + 2]?.t !== ')') return undefined;
        const path = (tokens[i + 1] as { v: string }).v;
        i += 3;
        return { k: 'has', path };
      }
      case '(': {
        const inner = or();
        if (tokens[i++]?.t !== ')') return undefined;
        return inner;
      }
      default:
        return undefined;
    }
  };
  const node = or();
  return node && i === tokens.length ? node : undefined;
}

const isLeaf = (n: Node): n is Leaf => n.k === 'path' || n.k === 'lit';

const OP_WORDS: Record<string, string> = { '>': 'is over', '>=': 'is at least', '<': 'is under', '<=': 'is at most', '==': 'is', '!=': 'is not' };
const FLIP: Record<string, string> = { '>': '<', '<': '>', '>=': '<=', '<=': '>=', '==': '==', '!=': '!=' };

/** The condition in words, or undefined when it is not one of the shapes this understands. */
export function conditionInWords(source: string, context: WordingContext): string | undefined {
  const tokens = tokenize(source);
  const tree = tokens && parse(tokens);
  if (!tree) return undefined;
  try {
    return render(tree, context, false);
  } catch {
    return undefined;
  }
}

class Untranslatable extends Error {}

function render(n: Node, ctx: WordingContext, nested: boolean): string {
  switch (n.k) {
    case 'or':
    case 'and': {
      // `has(form.x) && form.x.amount > 1000` guards a read; in words the comparison says it all
      if (n.k === 'and' && n.a.k === 'has' && n.b.k === 'cmp' && [n.b.a, n.b.b].some((leaf) => leaf.k === 'path' && leaf.v.startsWith(`${(n.a as { path: string }).path}.`) || (leaf.k === 'path' && leaf.v === (n.a as { path: string }).path))) {
        return render(n.b, ctx, nested);
      }
      const text = `${render(n.a, ctx, n.a.k !== n.k)} ${n.k} ${render(n.b, ctx, n.b.k !== n.k)}`;
      return nested ? `(${text})` : text;
    }
    case 'not':
      if (n.a.k === 'has') return `${subject(n.a.path, ctx).name} is left empty`;
      if (n.a.k === 'path') return `${subject(n.a.v, ctx).name} is no`;
      return `not ${render(n.a, ctx, true)}`;
    case 'has':
      return `${subject(n.path, ctx).name} is filled in`;
    case 'path': {
      const s = subject(n.v, ctx);
      if (s.field?.type !== 'yesno') throw new Untranslatable();
      return `${s.name} is yes`;
    }
    case 'lit':
      throw new Untranslatable();
    case 'cmp': {
      let { a, b, op } = n;
      if (a.k === 'lit' && b.k === 'path') [a, b, op] = [b, a, FLIP[op]!];
      if (a.k !== 'path' || b.k !== 'lit') throw new Untranslatable();
      const s = subject(a.v, ctx);
      return `${s.name} ${OP_WORDS[op]} ${s.show(b.v)}`;
    }
  }
}

interface Subject {
  name: string;
  field?: Field;
  show: (v: string | number | boolean) => string;
}

function subject(path: string, ctx: WordingContext): Subject {
  const parts = path.split('.');
  const plain = (v: string | number | boolean) => (typeof v === 'number' ? groupDigits(v) : typeof v === 'string' ? `"${v}"` : v ? 'yes' : 'no');
  if (parts[0] === 'form' && parts[1]) {
    const field = ctx.fields.find((f) => f.id === parts[1]);
    if (!field) throw new Untranslatable();
    // a label asked as a question reads as its answer: the answer to "How many people are affected?"
    const name = /\?\s*$/.test(field.label) ? `the answer to "${field.label.trim()}"` : `the ${lowerFirst(field.label.replace(/:\s*$/, ''))}`;
    if (field.type === 'money') {
      if (parts.length === 2) return { name, field, show: plain };
      if (parts[2] === 'currency' && parts.length === 3) return { name: `the currency of ${name}`, field, show: (v) => String(v) };
      if (parts[2] !== 'amount' || parts.length !== 3) throw new Untranslatable();
      const currencies = field.currencies.length === 1 ? ` ${field.currencies[0]}` : ` (${field.currencies.join(' or ')})`;
      return { name, field, show: (v) => (typeof v === 'number' ? `${groupDigits(v)}${currencies}` : plain(v)) };
    }
    if (parts.length !== 2) throw new Untranslatable();
    if (field.type === 'choice') return { name, field, show: (v) => field.options.find((o) => o.id === v)?.label ?? plain(v) };
    if (field.type === 'person') return { name, field, show: plain };
    return { name, field, show: plain };
  }
  if (parts.length !== 2) throw new Untranslatable();
  const [root, key] = parts as [string, string];
  const whose: Record<string, string> = { requester: "the requester's", opener: "the opener's", request: "the request's" };
  if (root === 'case') {
    if (key === 'priority') return { name: 'the priority', show: (v) => ctx.priorities?.find((p) => p.id === v)?.name ?? plain(v) };
    if (key === 'status') return { name: 'the status', show: (v) => ctx.statuses?.find((s) => s.id === v)?.name ?? plain(v) };
    return { name: `the case's ${key}`, show: plain };
  }
  if (whose[root]) return { name: `${whose[root]} ${key}`, show: plain };
  throw new Untranslatable();
}

function lowerFirst(text: string): string {
  // keep acronyms and names as written: "CRM system", "VPN"
  return /^[A-Z][a-z]/.test(text) ? text[0]!.toLowerCase() + text.slice(1) : text;
}

// one formatter for all: building one per call costs more than the rest of a replay
const DIGITS = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });

export function groupDigits(n: number): string {
  return DIGITS.format(n);
}
