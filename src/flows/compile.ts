// Compiles a validated flow definition: every CEL condition, field mapping and template, once.
// The loader calls it for flows read from files; the app calls it again for an old version of a
// flow read back from the database, so a running request keeps the rules it started with.
import type { CompiledTemplate, LoadedFlow } from '../core/flow-runtime.ts';
import { celEnvironment, compileExpression, variableNames, type CompiledCel } from './cel.ts';
import type { FlowFile } from './model.ts';
import type { PathProblem, PathSegment, Problem } from './problem.ts';
import { formatPath } from './problem.ts';
import { compileTemplate } from './template.ts';
import { flowVersion } from './version.ts';
import type { Place } from './yaml-source.ts';

type Use = 'condition' | 'value' | 'template';
interface CelSite {
  path: PathSegment[];
  source: string;
  use: Use;
}

export interface CompileOptions {
  /** the file name for problems, e.g. flows/requests/purchase.yaml; defaults to `file` */
  display?: string;
  /** where a path is in the file; without it problems are at 0:0 */
  locate?: (path: readonly PathSegment[], atKey?: boolean) => Place;
}

export function compileFlow(def: FlowFile, file: string, options: CompileOptions = {}): LoadedFlow | Problem[] {
  const env = celEnvironment(def.kind, def.kind === 'request' ? def.form : def.fields);
  const over = variableNames(def.kind).join(', ');
  const exprs = new Map<string, CompiledCel>();
  const templates = new Map<string, CompiledTemplate>();
  const found: PathProblem[] = [];

  for (const site of celSites(def)) {
    if (site.use === 'template') {
      if (templates.has(site.source)) continue;
      const t = compileTemplate(env, site.source);
      if (t.ok) templates.set(site.source, t.value);
      else found.push({ path: site.path, message: `expected text with {{ CEL }} placeholders over ${over}: ${t.reason}` });
      continue;
    }
    // Compiled per use: the same text may be a value in one place and a condition in another.
    const e = compileExpression(env, site.source, site.use);
    if (!e.ok) {
      found.push({ path: site.path, message: `expected a CEL ${site.use === 'condition' ? 'condition' : 'expression'} over ${over}: ${e.reason}` });
      continue;
    }
    exprs.set(site.source, e.value);
    if (site.use === 'condition' && e.value.constant?.value === false) found.push(deadCode(site.path));
  }

  if (found.length > 0) {
    const display = options.display ?? file;
    return found.map((p) => {
      const place = options.locate?.(p.path, p.atKey) ?? { line: 0, col: 0 };
      return { file: display, line: place.line, col: place.col, path: formatPath(p.path), message: p.message };
    });
  }

  const compiled = {
    version: flowVersion(def),
    file,
    expr(source: string) {
      const e = exprs.get(source);
      if (!e) throw new Error(`flow ${def.id}: expression not compiled at load: ${source}`);
      return e;
    },
    template(source: string) {
      const t = templates.get(source);
      if (!t) throw new Error(`flow ${def.id}: template not compiled at load: ${source}`);
      return t;
    },
  };
  return def.kind === 'request' ? { kind: 'request', def, ...compiled } : { kind: 'case', def, ...compiled };
}

function deadCode(path: PathSegment[]): PathProblem {
  const what = path[0] === 'steps' ? 'this step can never run' : 'this rule can never apply';
  return { path, message: `${what}: its condition is always false` };
}

/** Every place in a flow that holds CEL, with the path to it. */
export function celSites(def: FlowFile): CelSite[] {
  const sites: CelSite[] = [];
  if (def.kind === 'request') {
    if (def.title) sites.push({ path: ['title'], source: def.title, use: 'template' });
    def.steps.forEach((step, i) => {
      if (step.when) sites.push({ path: ['steps', i, 'when'], source: step.when, use: 'condition' });
    });
    def.onApprove.forEach((a, i) => sites.push(...actionSites(a, ['onApprove', i])));
    def.onReject.forEach((a, i) => sites.push(...actionSites(a, ['onReject', i])));
  }
  def.rules.forEach((rule, i) => {
    if (rule.when) sites.push({ path: ['rules', i, 'when'], source: rule.when, use: 'condition' });
    rule.then.forEach((a, j) => sites.push(...actionSites(a, ['rules', i, 'then', j])));
  });
  return sites;
}

type AnyAction = FlowFile['rules'][number]['then'][number];

function actionSites(action: AnyAction, at: PathSegment[]): CelSite[] {
  const out: CelSite[] = [];
  const template = (path: PathSegment[], source: string | undefined) => {
    if (source) out.push({ path: [...at, ...path], source, use: 'template' });
  };
  const mapping = (key: string, fields: Record<string, string>) => {
    for (const [field, source] of Object.entries(fields)) out.push({ path: [...at, key, 'fields', field], source, use: 'value' });
  };
  if ('notify' in action) template(['notify', 'text'], action.notify.text);
  if ('escalate' in action) template(['escalate', 'text'], action.escalate.text);
  if ('addTask' in action) template(['addTask', 'title'], action.addTask.title);
  if ('openCase' in action) {
    template(['openCase', 'title'], action.openCase.title);
    mapping('openCase', action.openCase.fields);
  }
  if ('startRequest' in action) mapping('startRequest', action.startRequest.fields);
  return out;
}
