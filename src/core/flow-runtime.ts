// A loaded flow as the engine uses it: the validated definition, its version, and its CEL
// expressions compiled once at load. The engine never sees the CEL library itself.
import type { CaseFlow, RequestFlow } from '../flows/model.ts';

/** CEL input: form, requester, request / case, as plain values */
export type CelVars = Record<string, unknown>;

export interface CompiledExpr {
  readonly source: string;
  /** throws ExprError when evaluation fails at run time (a missing optional field, say) */
  evaluate(vars: CelVars): unknown;
}

export interface CompiledTemplate {
  readonly source: string;
  render(vars: CelVars): string;
}

export class ExprError extends Error {
  constructor(
    readonly source: string,
    message: string,
  ) {
    super(message);
    this.name = 'ExprError';
  }
}

interface Compiled {
  /** the version: a hash of the definition's canonical JSON */
  readonly version: string;
  /** the file it came from, relative to the flows directory */
  readonly file: string;
  /** every CEL string of the flow, compiled; throws if asked for one that was not in the flow */
  expr(source: string): CompiledExpr;
  template(source: string): CompiledTemplate;
}

export interface LoadedRequestFlow extends Compiled {
  readonly kind: 'request';
  readonly def: RequestFlow;
}

export interface LoadedCaseFlow extends Compiled {
  readonly kind: 'case';
  readonly def: CaseFlow;
}

export type LoadedFlow = LoadedRequestFlow | LoadedCaseFlow;

/** Where the engine finds flows: the current version for new items, the pinned one for old. */
export interface FlowCatalog {
  requestFlows(): readonly LoadedRequestFlow[];
  caseFlows(): readonly LoadedCaseFlow[];
  requestFlow(id: string, version?: string): LoadedRequestFlow | undefined;
  caseFlow(id: string, version?: string): LoadedCaseFlow | undefined;
}
