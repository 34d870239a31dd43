// The CEL variables a case flow's expressions see: form (intake fields), case, opener.
import type { Directory } from '../../ports/directory.ts';
import type { CelVars } from '../flow-runtime.ts';
import type { CaseState } from './state.ts';

export function caseVars(c: CaseState, directory: Directory): CelVars {
  const opener = directory.person(c.openedBy);
  return {
    form: c.fields,
    case: { id: c.id, title: c.title, status: c.status, priority: c.priority, owner: c.owner ?? '', openedBy: c.openedBy, flow: c.flowId },
    opener: { email: c.openedBy, name: opener?.name ?? c.openedBy, department: opener?.department ?? '' },
  };
}

export const caseSubject = (c: { id: string }): string => `case:${c.id}`;
