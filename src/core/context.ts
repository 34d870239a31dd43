// What every engine function is given instead of reaching for globals: the time, the actor,
// the directory and the flows. Tests fix all four.
import type { Directory } from '../ports/directory.ts';
import type { FlowCatalog } from './flow-runtime.ts';
import type { Where } from './permissions/where.ts';
import type { Guard } from './may-run.ts';

export interface EngineContext {
  now: Date;
  /** the acting person's email, or "clock" / "rule:<flow>" for automatic changes */
  actor: string;
  /** the integration acting for `actor` ("api:hr-system"), when it is not the person themself */
  via?: string;
  directory: Directory;
  flows: FlowCatalog;
  /** where the command was given, when the surface knows (flows may restrict places) */
  where?: Where;
  /** rules beyond the base ones that may refuse a command (permissions, segregation of duties): see may-run.ts */
  guards?: readonly Guard[];
}

export const iso = (d: Date): string => d.toISOString();
