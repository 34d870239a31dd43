// Flows with permissions and segregation of duties, on the test organisation of world.ts plus a
// board and a controllers group. Shared by the engine's permission and SoD tests and by the
// per-surface permission matrix, so every surface is asked the same questions.
import type { EngineContext } from '../../src/core/context.ts';
import type { Where } from '../../src/core/permissions/where.ts';
import { buildDirectory } from '../../src/flows/directory.ts';
import { FlowFile, Org } from '../../src/flows/model.ts';
import { compileFlow, FlowRegistry } from '../../src/flows/registry.ts';
import { org as baseOrg } from './world.ts';

export const govOrg = Org.parse({
  ...baseOrg,
  groups: [
    ...baseOrg.groups,
    { id: 'controllers', name: 'Controllers', members: ['frank@example.com', 'cora@example.com'] },
    { id: 'board', name: 'Board', members: ['cora@example.com', 'fiona@example.com', 'sam@example.com'] },
    { id: 'sales', name: 'Sales', members: ['ann@example.com', 'bob@example.com'] },
    { id: 'hr', name: 'HR', members: ['ida@example.com'] },
  ],
});

const form = [{ id: 'what', label: 'What', type: 'text', required: true }];

export const govDefs: unknown[] = [
  // who: finance only; where: a DM or the console
  { kind: 'request', id: 'payroll', name: 'Payroll change', raise: [{ group: 'finance' }], where: ['dm', 'console'], form, steps: [{ id: 'manager', name: 'Manager', approvers: [{ manager: 'requester' }] }] },
  // no restrictions: today's behaviour
  { kind: 'request', id: 'anything', name: 'Anything', form, steps: [{ id: 'manager', name: 'Manager', approvers: [{ manager: 'requester' }] }] },
  // segregation of duties across three steps, with a supplier contact who may never approve
  {
    kind: 'request', id: 'buy', name: 'Purchase', distinctApprovers: true, neverApprove: [{ field: 'supplier_contact' }],
    admins: [{ person: 'adam@example.com' }],
    form: [...form, { id: 'supplier_contact', label: 'Supplier contact', type: 'person' }],
    steps: [
      { id: 'finance', name: 'Finance', approvers: [{ group: 'finance' }], escalation: { after: '1 business day', to: { person: 'cora@example.com' } } },
      { id: 'controller', name: 'Controller', approvers: [{ group: 'controllers' }], escalation: { after: '1 business day', to: { person: 'fiona@example.com' } } },
      { id: 'board', name: 'Board', approvers: [{ group: 'board' }], mode: 'quorum', quorum: 2 },
    ],
  },
  // the same steps with segregation off: today's behaviour
  {
    kind: 'request', id: 'buy-loose', name: 'Purchase (no SoD)',
    form,
    steps: [
      { id: 'finance', name: 'Finance', approvers: [{ group: 'finance' }] },
      { id: 'controller', name: 'Controller', approvers: [{ group: 'controllers' }] },
    ],
  },
  // a board that must be three distinct people after finance
  {
    kind: 'request', id: 'board3', name: 'Board of three', distinctApprovers: true,
    admins: [{ role: 'admin' }, { person: 'ida@example.com' }],
    form,
    steps: [
      { id: 'finance', name: 'Finance', approvers: [{ group: 'finance' }] },
      { id: 'board', name: 'Board', approvers: [{ group: 'board' }], mode: 'quorum', quorum: 3 },
    ],
  },
  // Olga's place in Ops is covered by Bob in December; the pair step asks Olga and Bob again
  {
    kind: 'request', id: 'ops-two', name: 'Ops twice', distinctApprovers: true,
    form,
    steps: [
      { id: 'ops', name: 'Ops', approvers: [{ group: 'ops' }] },
      { id: 'pair', name: 'Ops and sales', approvers: [{ group: 'ops-and-sales' }] },
    ],
  },
  // retention: the IBAN is personal data, kept two years after the request closes
  {
    kind: 'request', id: 'payout', name: 'Payout', title: 'Payout to {{ form.iban }}', retention: '2 years', personalData: ['iban'],
    form: [...form, { id: 'iban', label: 'IBAN', type: 'text', required: true }],
    steps: [{ id: 'manager', name: 'Manager', approvers: [{ manager: 'requester' }] }],
    onApprove: [{ notify: { to: { requester: true }, text: 'Paid to {{ form.iban }}.' } }],
  },
  // sales leads approve; the requester's delegate may not
  {
    kind: 'request', id: 'sales-ok', name: 'Sales sign-off', distinctApprovers: true,
    form,
    steps: [{ id: 'sales', name: 'Sales', approvers: [{ group: 'sales' }, { group: 'ops' }] }],
  },
  {
    kind: 'case', id: 'hr-case', name: 'HR case', open: [{ group: 'hr' }, { group: 'sales' }], where: ['case-channel', 'console'],
    fields: [{ id: 'account', label: 'Employee account', type: 'text' }], retention: '90 days', personalData: ['account'],
    commands: { set_status: [{ group: 'security' }] },
    channel: { name: '#hr-cases', slack: 'C0HRCASES', teams: '19:hr@thread.tacv2' },
    statuses: [{ id: 'open', name: 'Open', category: 'open' }, { id: 'triage', name: 'Triage', category: 'open' }, { id: 'closed', name: 'Closed', category: 'closed' }],
    initialStatus: 'open',
    priorities: [{ id: 'normal', name: 'Normal' }],
    defaultPriority: 'normal',
    owner: { person: 'ida@example.com' },
  },
];

export function makeGovRegistry(): FlowRegistry {
  const registry = new FlowRegistry();
  for (const def of govDefs) {
    const compiled = compileFlow(FlowFile.parse(def), 'test');
    if (Array.isArray(compiled)) throw new Error(compiled.map((p) => p.message).join('\n'));
    registry.add(compiled);
  }
  return registry;
}

export const govDirectory = buildDirectory(govOrg);
export const govRegistry = makeGovRegistry();

export function govCtx(actor: string, now = '2026-11-30T09:00:00Z', where?: Where): EngineContext {
  return { actor, now: new Date(now), directory: govDirectory, flows: govRegistry, ...(where ? { where } : {}) };
}

export const DM: Where = { surface: 'slack', kind: 'dm' };
export const GENERAL: Where = { surface: 'slack', kind: 'channel', channel: 'C0GENERAL' };
export const HR_CHANNEL: Where = { surface: 'slack', kind: 'channel', channel: 'C0HRCASES' };
export const CONSOLE: Where = { surface: 'console', kind: 'page' };
