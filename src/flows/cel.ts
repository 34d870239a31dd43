// CEL for flows: one typed environment per flow, every expression compiled and type-checked once
// at load, evaluated many times. Nothing here uses eval or new Function: cel-js interprets its
// own AST.
//
// Variables, typed from the flow so that `env.check` rejects a misspelt field at load time:
//   request flows: form (the form's fields), requester, request
//   case flows:    form (the intake fields), case, opener
//
// An optional field left empty is ABSENT from `form` at run time, and reading it then fails with
// "No such key" (an ExprError). Authors guard with `has(form.x)`: with schema-typed variables
// has() is false for an absent field and true for a present one (see test/flows/cel.test.ts),
// and since cel-js does not type-check the argument of has(), compileExpression checks it here.
// A field id that is not a CEL identifier (`needed-by`, `in`) is read as form["needed-by"].
import { Environment, type ASTNode } from '@marcbachmann/cel-js';
import { ExprError, type CelVars, type CompiledExpr } from '../core/flow-runtime.ts';
import type { Field, FieldType } from './model.ts';

export type FlowKind = 'request' | 'case';
/** a condition must give true or false; a value (template placeholder, field mapping) anything */
export type ExprUse = 'condition' | 'value';

type Schema = { [key: string]: string | Schema };

const FIELD_TYPES: Record<FieldType, string | Schema> = {
  text: 'string',
  longtext: 'string',
  date: 'string',
  choice: 'string',
  person: 'string',
  number: 'double',
  money: { amount: 'double', currency: 'string' },
  yesno: 'bool',
};

const strings = (...keys: string[]): Schema => Object.fromEntries(keys.map((k) => [k, 'string']));

const CONTEXT: Record<FlowKind, Record<string, Schema>> = {
  request: {
    requester: strings('email', 'name', 'department', 'manager'),
    request: strings('id', 'title', 'flow'),
  },
  case: {
    case: strings('id', 'title', 'status', 'priority', 'owner', 'openedBy', 'flow'),
    opener: strings('email', 'name', 'department'),
  },
};

export function variableNames(kind: FlowKind): string[] {
  return ['form', ...Object.keys(CONTEXT[kind])];
}

// Limits keep a hostile expression from costing much at load or run time.
const LIMITS = { maxAstNodes: 500, maxDepth: 50, maxListElements: 100, maxMapEntries: 100, maxCallArguments: 10 };

export function celEnvironment(kind: FlowKind, fields: readonly Field[]): Environment {
  const env = new Environment({ limits: LIMITS });
  env.registerVariable({ name: 'form', schema: Object.fromEntries(fields.map((f) => [f.id, FIELD_TYPES[f.type]])) });
  for (const [name, schema] of Object.entries(CONTEXT[kind])) env.registerVariable({ name, schema });
  return env;
}

/**
 * Where compiled expressions run: the same variables, untyped. The typed environment has done
 * its work at load (a misspelt field is refused there); evaluating against the schemas wraps
 * every object in a typed Map on each call, 2–5× the cost of the expression itself (issue 14).
 * Decisions are the same: test/flows/cel-untyped.test.ts and `npm run bench rules` compare them.
 */
const EVAL_ENV = (() => {
  const env = new Environment({ limits: LIMITS });
  // every variable any typed environment declares: the flows' and inbound hooks' `payload`
  // (src/flows/inbound.ts), so one untyped environment runs them all
  const names = new Set(['form', 'payload', ...Object.keys(CONTEXT.request), ...Object.keys(CONTEXT.case)]);
  for (const name of names) env.registerVariable(name, 'dyn');
  return env;
})();

/** the expression as it runs after load: parsed by the untyped environment */
export function untyped(source: string): ReturnType<Environment['parse']> {
  return EVAL_ENV.parse(source);
}

export type Compiled<T> = { ok: true; value: T } | { ok: false; reason: string };

export interface CompiledCel extends CompiledExpr {
  /** the value when the expression reads no variable (`false`, `1 > 2`), for spotting dead steps */
  readonly constant?: { value: unknown };
}

export function compileExpression(env: Environment, source: string, use: ExprUse): Compiled<CompiledCel> {
  let run: ReturnType<Environment['parse']>;
  try {
    run = env.parse(source);
  } catch (err) {
    return { ok: false, reason: firstLine(err) };
  }
  const checked = run.check();
  if (!checked.valid) return { ok: false, reason: firstLine(checked.error) };
  const hasProblem = checkHasArguments(env, run.ast);
  if (hasProblem) return { ok: false, reason: hasProblem };
  if (use === 'condition' && checked.type !== 'bool' && checked.type !== 'dyn') {
    return { ok: false, reason: `expected true or false, but this gives ${checked.type ?? 'an unknown type'}` };
  }
  const fast = untyped(source);
  const evaluate = (vars: CelVars): unknown => {
    try {
      return toPlain(fast(vars));
    } catch (err) {
      throw new ExprError(source, firstLine(err));
    }
  };
  const constant = readsVariables(run.ast) ? undefined : constantValue(evaluate);
  return { ok: true, value: { source, evaluate, ...(constant ? { constant } : {}) } };
}

function constantValue(evaluate: (vars: CelVars) => unknown): { value: unknown } | undefined {
  try {
    return { value: evaluate({}) };
  } catch {
    return undefined;
  }
}

/** cel-js accepts has(form.nope) for a field the form does not have; check its argument too. */
function checkHasArguments(env: Environment, root: ASTNode): string | undefined {
  for (const node of walk(root)) {
    if (node.op !== 'call' || node.args[0] !== 'has') continue;
    const arg = node.args[1][0];
    if (!arg) continue;
    const result = env.check(arg.input.slice(arg.start, arg.end));
    if (!result.valid) return firstLine(result.error);
  }
  return undefined;
}

function readsVariables(root: ASTNode): boolean {
  for (const node of walk(root)) if (node.op === 'id') return true;
  return false;
}

function* walk(node: ASTNode): Generator<ASTNode> {
  yield node;
  if (node.op === 'value' || node.op === 'id') return;
  const stack: unknown[] = [node.args];
  while (stack.length > 0) {
    const item = stack.pop();
    if (Array.isArray(item)) stack.push(...item);
    else if (isNode(item)) yield* walk(item);
  }
}

function isNode(x: unknown): x is ASTNode {
  return typeof x === 'object' && x !== null && typeof (x as { op?: unknown }).op === 'string' && 'args' in x;
}

/**
 * Schema-typed values come back as Map subclasses, untyped ones as the very objects of the
 * input; the engine stores plain JSON of its own (a copy, so a mapped field never aliases the
 * form it was read from).
 */
export function toPlain(value: unknown): unknown {
  if (value instanceof Map) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of value) if (v !== undefined) out[String(k)] = toPlain(v);
    return out;
  }
  if (Array.isArray(value)) return value.map(toPlain);
  if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = toPlain(v);
    return out;
  }
  return value;
}

export function firstLine(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  return (text.split('\n')[0] ?? text).trim();
}
