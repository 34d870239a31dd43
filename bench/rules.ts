// Rule evaluation: every `when` condition of the example flows, compiled as the engine compiles
// it (src/flows/cel.ts), against json-rules-engine holding the same rule written its way. Both
// see the same 10,000 generated fact sets (optional fields absent now and then, amounts around
// the thresholds); every decision is compared, and a single difference fails the bench.
import { Engine as RulesEngine, type TopLevelCondition } from 'json-rules-engine';
import { fileURLToPath } from 'node:url';
import type { Field } from '../src/flows/model.ts';
import { loadFlows } from '../src/flows/load.ts';
import type { CompiledExpr } from '../src/core/flow-runtime.ts';
import { envInt, type Figure, interleave, num } from './lib/rounds.ts';

const FLOWS = fileURLToPath(new URL('../flows/', import.meta.url));

const gt = (path: string, value: number) => ({ fact: 'form', path, operator: 'greaterThan', value });
const eq = (fact: string, path: string, value: unknown) => ({ fact, path, operator: 'equal', value });
const present = (path: string) => ({ fact: 'form', path, operator: 'present', value: true });

/** the example flows' conditions as json-rules-engine writes them; a condition missing here fails the bench */
export const JRE_RULES: Record<string, TopLevelCondition> = {
  'has(form.account_manager)': { all: [present('$.account_manager')] },
  'has(form.refund) && form.refund.amount > 1000.0': { all: [present('$.refund'), gt('$.refund.amount', 1000)] },
  'case.priority == "p1"': { all: [eq('case', '$.priority', 'p1')] },
  'has(form.users_affected) && form.users_affected >= 50.0': { all: [present('$.users_affected'), { fact: 'form', path: '$.users_affected', operator: 'greaterThanInclusive', value: 50 }] },
  'has(form.amount) && form.amount.amount > 20000.0': { all: [present('$.amount'), gt('$.amount.amount', 20000)] },
  'form.level == "admin"': { all: [eq('form', '$.level', 'admin')] },
  'form.system == "prod-db"': { all: [eq('form', '$.system', 'prod-db')] },
  'form.days <= 1': { all: [{ fact: 'form', path: '$.days', operator: 'lessThanInclusive', value: 1 }] },
  'form.total.amount > 5000': { all: [gt('$.total.amount', 5000)] },
  'form.total.amount > 20000': { all: [gt('$.total.amount', 20000)] },
  'form.category == "travel" && has(form.needed_by)': { all: [eq('form', '$.category', 'travel'), present('$.needed_by')] },
};

interface Condition {
  flow: string;
  source: string;
  cel: CompiledExpr;
  jre: RulesEngine;
}

/** a seeded generator, so every run sees the same facts */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

function valueOf(field: Field, rnd: () => number): unknown {
  switch (field.type) {
    case 'money':
      return { amount: Math.round(rnd() * 4000000) / 100, currency: 'EUR' };
    case 'number':
      return Math.round(rnd() * 100 * 2) / 2;
    case 'choice':
      return field.options[Math.floor(rnd() * field.options.length)]!.id;
    case 'yesno':
      return rnd() < 0.5;
    case 'date':
      return '2026-03-10';
    case 'person':
      return 'bob@example.com';
    default:
      return `text ${Math.floor(rnd() * 1000)}`;
  }
}

export interface Facts {
  flow: string;
  vars: Record<string, unknown>;
}

/** fact sets for the flows: every required field, each optional one present two times in three */
export function factSets(flows: { id: string; kind: 'request' | 'case'; fields: readonly Field[]; priorities: string[] }[], count: number, seed = 7): Facts[] {
  const rnd = random(seed);
  const out: Facts[] = [];
  for (let i = 0; i < count; i++) {
    const flow = flows[i % flows.length]!;
    const form: Record<string, unknown> = {};
    for (const f of flow.fields) if (f.required || rnd() < 2 / 3) form[f.id] = valueOf(f, rnd);
    const vars: Record<string, unknown> =
      flow.kind === 'request'
        ? { form, requester: { email: 'ann@example.com', name: 'Ann Smith', department: 'Sales', manager: 'bob@example.com' }, request: { id: `R-${i}`, title: 'x', flow: flow.id } }
        : { form, case: { id: `C-${i}`, title: 'x', status: 'new', priority: flow.priorities[Math.floor(rnd() * flow.priorities.length)]!, owner: 'ian@example.com', openedBy: 'ann@example.com', flow: flow.id }, opener: { email: 'ann@example.com', name: 'Ann Smith', department: 'Sales' } };
    out.push({ flow: flow.id, vars });
  }
  return out;
}

export async function loadConditions(): Promise<{ conditions: Condition[]; flows: Parameters<typeof factSets>[0] }> {
  const loaded = await loadFlows(FLOWS);
  if (!loaded.ok) throw new Error('the example flows do not load');
  const conditions: Condition[] = [];
  const flows: Parameters<typeof factSets>[0] = [];
  const add = (flow: string, expr: (s: string) => CompiledExpr, source: string | undefined) => {
    if (!source) return;
    const rule = JRE_RULES[source];
    if (!rule) throw new Error(`no json-rules-engine rule for the condition ${JSON.stringify(source)} of ${flow}: add it to JRE_RULES`);
    const jre = new RulesEngine([], { allowUndefinedFacts: true });
    jre.addOperator('present', (factValue: unknown) => factValue !== undefined && factValue !== null);
    jre.addRule({ conditions: rule, event: { type: 'match' } });
    conditions.push({ flow, source, cel: expr(source), jre });
  };
  for (const f of loaded.registry.requestFlows()) {
    flows.push({ id: f.def.id, kind: 'request', fields: f.def.form, priorities: [] });
    for (const s of f.def.steps) add(f.def.id, (x) => f.expr(x), s.when);
    for (const r of f.def.rules ?? []) add(f.def.id, (x) => f.expr(x), r.when);
  }
  for (const f of loaded.registry.caseFlows()) {
    flows.push({ id: f.def.id, kind: 'case', fields: f.def.fields, priorities: f.def.priorities.map((p) => p.id) });
    for (const r of f.def.rules ?? []) add(f.def.id, (x) => f.expr(x), r.when);
  }
  return { conditions, flows };
}

/** CEL's decision: true, false, or "error" (an absent field read without has()) */
export function celDecision(c: { cel: CompiledExpr }, vars: Record<string, unknown>): boolean | 'error' {
  try {
    return c.cel.evaluate(vars) === true;
  } catch {
    return 'error';
  }
}

export async function rulesBench(): Promise<Figure[]> {
  const rounds = envInt('BENCH_ROUNDS', 3);
  const count = envInt('BENCH_FACTS', 10_000);
  const { conditions, flows } = await loadConditions();
  const facts = factSets(flows, count);
  const work = facts.flatMap((f) => conditions.filter((c) => c.flow === f.flow).map((c) => ({ c, vars: f.vars })));
  console.log(`\nrules: ${conditions.length} conditions of the example flows, ${count.toLocaleString('en-US')} fact sets, ${work.length.toLocaleString('en-US')} evaluations per side per round, ${rounds} rounds (BENCH_FACTS)`);

  // identical decisions first, one by one
  let differ = 0;
  let matched = 0;
  for (const { c, vars } of work) {
    const cel = celDecision(c, vars);
    const jre = (await c.jre.run(vars)).events.length > 0;
    if (cel === true) matched++;
    if (cel !== jre) {
      if (differ++ < 5) console.log(`  !! ${c.flow}: ${c.source} gives ${cel} in CEL, ${jre} in json-rules-engine for ${JSON.stringify(vars.form)}`);
    }
  }
  console.log(`  decisions: ${work.length - differ} of ${work.length} identical (${matched} true)`);
  if (differ > 0) throw new Error(`${differ} decisions differ between CEL and json-rules-engine`);

  // a pass of CEL over the work takes milliseconds, one of json-rules-engine most of a second:
  // CEL goes over it CEL_PASSES times per round, so that one pause of the process does not
  // decide its figure
  const CEL_PASSES = 50;
  const celRound = async () => {
    const started = process.hrtime.bigint();
    for (let pass = 0; pass < CEL_PASSES; pass++) {
      let sink = 0;
      for (const { c, vars } of work) if (celDecision(c, vars) === true) sink++;
      if (sink !== matched) throw new Error('CEL changed its mind between rounds');
    }
    return Number(process.hrtime.bigint() - started) / (work.length * CEL_PASSES);
  };
  const jreRound = async () => {
    const started = process.hrtime.bigint();
    for (const { c, vars } of work) await c.jre.run(vars);
    return Number(process.hrtime.bigint() - started) / work.length;
  };
  // one untimed round each, so both are measured warm (JIT-compiled), not the first round only
  await celRound();
  await jreRound();
  const runs = await interleave(rounds, celRound, jreRound);
  for (const r of runs) console.log(`  CEL ${num(r.docket)} ns/eval, json-rules-engine ${num(r.anchor)} ns/eval → ${num(r.anchor / r.docket)}× faster`);
  // reported as speed (evaluations per µs), so the ratio reads "× json-rules-engine"
  return [{ name: `rule evaluations, ${count.toLocaleString('en-US')} fact sets, decisions identical`, unit: 'evals/ms', higherIsBetter: true, anchor: 'json-rules-engine', rounds: runs.map((r) => ({ docket: 1e6 / r.docket, anchor: 1e6 / r.anchor })) }];
}
