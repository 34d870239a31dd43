// Who a flow means by "the requester's manager", "the finance group", "#it-incidents".
import type { Recipient } from '../flows/model.ts';
import type { Directory } from '../ports/directory.ts';
import type { Target } from './delivery.ts';
import type { FlowCatalog } from './flow-runtime.ts';
import type { FormValues } from './request/state.ts';

export interface RecipientScope {
  /** the person the item is about: the requester of a request, the opener of a case */
  requester: string;
  owner?: string;
  form: FormValues;
  /** the approvers still waiting on the current step, for "the approver's manager" */
  approvers?: readonly string[];
}

/** People named by a person/group/role/manager spec, in order, without duplicates. */
export function peopleOf(spec: Recipient, scope: RecipientScope, directory: Directory): string[] {
  if ('person' in spec) return [spec.person];
  if ('group' in spec) return [...(directory.group(spec.group)?.members ?? [])];
  if ('role' in spec) return [...directory.role(spec.role)];
  if ('manager' in spec && spec.manager === 'approver') {
    const managers = (scope.approvers ?? []).map((a) => directory.manager(a, spec.level)?.email);
    return [...new Set(managers.filter((m): m is string => m !== undefined))];
  }
  if ('manager' in spec) {
    const of = spec.manager === 'requester' ? scope.requester : scope.form[spec.manager.field];
    if (typeof of !== 'string') return [];
    const manager = directory.manager(of, spec.level);
    return manager ? [manager.email] : [];
  }
  if ('requester' in spec) return [scope.requester];
  if ('owner' in spec) return scope.owner ? [scope.owner] : [];
  return [];
}

export function targetsOf(spec: Recipient, scope: RecipientScope, directory: Directory, flows: FlowCatalog): Target[] {
  if ('channel' in spec) {
    const name = spec.channel.replace(/^#/, '');
    const caseFlow = flows.caseFlow(name);
    return [{ kind: 'channel', channel: caseFlow ? caseFlow.def.channel : { name: `#${name}` } }];
  }
  return [...new Set(peopleOf(spec, scope, directory))].map((email) => ({ kind: 'person', email }));
}
