// The CEL variables a request flow's expressions see: form, requester, request.
import type { Directory } from '../../ports/directory.ts';
import type { CelVars } from '../flow-runtime.ts';
import type { FormValues } from './state.ts';

export function requestVars(input: { id: string; title: string; flowId: string; requester: string; form: FormValues }, directory: Directory): CelVars {
  const person = directory.person(input.requester);
  return {
    form: input.form,
    requester: {
      email: input.requester,
      name: person?.name ?? input.requester,
      department: person?.department ?? '',
      manager: person?.manager ?? '',
    },
    request: { id: input.id, title: input.title, flow: input.flowId },
  };
}
