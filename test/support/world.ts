// A small, fixed organisation and a set of flows for engine tests. Kept separate from the
// example flows under flows/ so editing an example never changes what a unit test means.
import type { EngineContext } from '../../src/core/context.ts';
import type { LoadedCaseFlow, LoadedRequestFlow } from '../../src/core/flow-runtime.ts';
import { buildDirectory } from '../../src/flows/directory.ts';
import { FlowFile, Org } from '../../src/flows/model.ts';
import { compileFlow, FlowRegistry } from '../../src/flows/registry.ts';

export const org = Org.parse({
  calendar: { timezone: 'Europe/Berlin', holidays: [{ date: '2026-12-25', name: 'Christmas Day' }] },
  people: [
    { email: 'ann@example.com', name: 'Ann Smith', manager: 'bob@example.com', department: 'Sales' },
    { email: 'bob@example.com', name: 'Bob Jones', manager: 'cora@example.com', department: 'Sales' },
    { email: 'cora@example.com', name: 'Cora CEO', department: 'Board' },
    { email: 'fiona@example.com', name: 'Fiona Finance', manager: 'cora@example.com', department: 'Finance' },
    { email: 'frank@example.com', name: 'Frank Finance', manager: 'fiona@example.com', department: 'Finance' },
    { email: 'sam@example.com', name: 'Sam Security', manager: 'cora@example.com' },
    { email: 'sue@example.com', name: 'Sue Security', manager: 'sam@example.com' },
    { email: 'sid@example.com', name: 'Sid Security', manager: 'sam@example.com' },
    // Dan is away in December and Ann covers for him: she must never approve her own request that way
    { email: 'dan@example.com', name: 'Dan Deputy', manager: 'cora@example.com', outOfOffice: [{ from: '2026-12-01', until: '2026-12-10', delegate: 'ann@example.com' }] },
    // Olga is away in December and Bob covers
    { email: 'olga@example.com', name: 'Olga Ops', manager: 'cora@example.com', outOfOffice: [{ from: '2026-12-01', until: '2026-12-10', delegate: 'bob@example.com' }] },
    { email: 'ivan@example.com', name: 'Ivan IT', manager: 'cora@example.com', timezone: 'America/New_York' },
    { email: 'ida@example.com', name: 'Ida IT', manager: 'cora@example.com' },
    { email: 'adam@example.com', name: 'Adam Admin', manager: 'cora@example.com' },
  ],
  groups: [
    { id: 'finance', name: 'Finance', members: ['fiona@example.com', 'frank@example.com'] },
    { id: 'security', name: 'Security', members: ['sam@example.com', 'sue@example.com', 'sid@example.com'] },
    { id: 'it-oncall', name: 'IT on call', members: ['ivan@example.com', 'ida@example.com'] },
    { id: 'deputies', name: 'Deputies', members: ['dan@example.com'] },
    { id: 'ops', name: 'Ops', members: ['olga@example.com'] },
    { id: 'ops-and-sales', name: 'Ops and sales', members: ['olga@example.com', 'bob@example.com'] },
  ],
  roles: [
    { id: 'cfo', members: ['cora@example.com'] },
    { id: 'admin', members: ['adam@example.com'] },
  ],
});

const defs: unknown[] = [
  {
    kind: 'request', id: 'purchase', name: 'Purchase', title: 'Purchase: {{ form.item }}',
    form: [
      { id: 'item', label: 'Item', type: 'text', required: true, maxLength: 100 },
      { id: 'total', label: 'Total', type: 'money', required: true, currencies: ['EUR', 'USD'], min: 0 },
      { id: 'needed_by', label: 'Needed by', type: 'date' },
    ],
    steps: [
      { id: 'manager', name: 'Manager approval', approvers: [{ manager: 'requester' }] },
      { id: 'finance', name: 'Finance', approvers: [{ group: 'finance' }], when: 'form.total.amount > 5000.0' },
      { id: 'cfo', name: 'CFO', approvers: [{ role: 'cfo' }], when: 'form.total.amount > 20000.0', allowSendBack: false },
    ],
    onReject: [{ openCase: { type: 'dispute', title: 'Dispute: {{ form.item }}', fields: { amount: 'form.total.amount' } } }],
  },
  {
    kind: 'request', id: 'big-first', name: 'Big spend first',
    form: [{ id: 'total', label: 'Total', type: 'money', required: true }, { id: 'for', label: 'For', type: 'person' }],
    steps: [
      { id: 'cfo', name: 'CFO', approvers: [{ role: 'cfo' }], when: 'form.total.amount > 20000.0' },
      { id: 'their-manager', name: 'Their manager', approvers: [{ manager: { field: 'for' } }], when: 'has(form.for)' },
      { id: 'manager', name: 'Manager', approvers: [{ manager: 'requester' }] },
    ],
  },
  {
    kind: 'request', id: 'pair-quorum', name: 'Pair quorum',
    form: [{ id: 'what', label: 'What', type: 'text', required: true }],
    steps: [{ id: 'pair', name: 'Both of ops and sales', approvers: [{ group: 'ops-and-sales' }], mode: 'quorum', quorum: 2 }],
  },
  {
    kind: 'request', id: 'big-quorum', name: 'Big quorum',
    form: [{ id: 'what', label: 'What', type: 'text', required: true }],
    steps: [{ id: 'finance', name: 'Four of finance', approvers: [{ group: 'finance' }], mode: 'quorum', quorum: 4 }],
  },
  {
    kind: 'request', id: 'access', name: 'Access',
    form: [{ id: 'system', label: 'System', type: 'choice', required: true, options: [{ id: 'crm', label: 'CRM' }, { id: 'erp', label: 'ERP' }] }],
    steps: [{ id: 'security', name: 'Security review', approvers: [{ group: 'security' }], mode: 'quorum', quorum: 2 }],
  },
  {
    kind: 'request', id: 'all-finance', name: 'Finance sign-off',
    form: [{ id: 'what', label: 'What', type: 'text', required: true }],
    steps: [{ id: 'finance', name: 'Everyone in finance', approvers: [{ group: 'finance' }], mode: 'all' }],
  },
  {
    kind: 'request', id: 'time-off', name: 'Time off',
    form: [{ id: 'days', label: 'Days', type: 'number', required: true, min: 0.5 }],
    steps: [{ id: 'manager', name: 'Manager', approvers: [{ manager: 'requester' }] }],
    rules: [{ on: 'step_started', step: 'manager', when: 'form.days <= 1.0', then: [{ autoApprove: { reason: 'one day or less' } }] }],
  },
  {
    kind: 'request', id: 'deputy', name: 'Deputy sign-off',
    form: [{ id: 'what', label: 'What', type: 'text', required: true }],
    steps: [{ id: 'deputy', name: 'Deputy', approvers: [{ group: 'deputies' }] }],
  },
  {
    kind: 'request', id: 'ops', name: 'Ops sign-off',
    form: [{ id: 'what', label: 'What', type: 'text', required: true }],
    steps: [{ id: 'ops', name: 'Ops', approvers: [{ group: 'ops' }] }],
  },
  {
    kind: 'case', id: 'incident', name: 'IT incident',
    channel: { name: '#it-incidents', slack: 'C0INCIDENT', teams: '19:incidents@thread.tacv2' },
    fields: [{ id: 'service', label: 'Service', type: 'text' }],
    statuses: [
      { id: 'new', name: 'New', category: 'open' },
      { id: 'investigating', name: 'Investigating', category: 'open' },
      { id: 'waiting', name: 'Waiting on vendor', category: 'waiting' },
      { id: 'resolved', name: 'Resolved', category: 'closed' },
    ],
    initialStatus: 'new',
    transitions: { new: ['investigating', 'resolved'] },
    priorities: [{ id: 'p1', name: 'Critical', response: '15m', resolution: '4h' }, { id: 'p3', name: 'Normal', response: '1 business day' }],
    defaultPriority: 'p3',
    owner: { group: 'it-oncall', strategy: 'round-robin' },
    tasks: [{ title: 'Write a first assessment' }],
    rules: [{ on: 'opened', when: 'case.priority == "p1"', then: [{ notify: { to: { group: 'it-oncall' }, text: 'P1: {{ case.title }}' } }] }],
  },
  {
    kind: 'case', id: 'dispute', name: 'Expense dispute',
    channel: { name: '#finance-disputes' },
    fields: [{ id: 'amount', label: 'Amount', type: 'number' }],
    statuses: [{ id: 'open', name: 'Open', category: 'open' }, { id: 'closed', name: 'Closed', category: 'closed' }],
    initialStatus: 'open',
    priorities: [{ id: 'normal', name: 'Normal' }],
    defaultPriority: 'normal',
    owner: { person: 'fiona@example.com' },
  },
];

export function makeRegistry(): FlowRegistry {
  const registry = new FlowRegistry();
  for (const def of defs) {
    const compiled = compileFlow(FlowFile.parse(def), 'test');
    if (Array.isArray(compiled)) throw new Error(compiled.map((p) => p.message).join('\n'));
    registry.add(compiled);
  }
  return registry;
}

export const directory = buildDirectory(org);
export const registry = makeRegistry();

export function ctx(actor: string, now = '2026-11-30T09:00:00Z'): EngineContext {
  return { actor, now: new Date(now), directory, flows: registry };
}

export const requestFlow = (id: string): LoadedRequestFlow => registry.requestFlow(id)!;
export const caseFlow = (id: string): LoadedCaseFlow => registry.caseFlow(id)!;
