// An organisation and flows for the SLA clock's tests: people in Berlin and New York, a
// calendar with Christmas as a holiday, and flows that use reminders, SLAs, escalation,
// auto-decisions, pauses and status updates. Separate from world.ts so that neither set of
// tests changes meaning when the other is edited.
import { buildDirectory } from '../../src/flows/directory.ts';
import { FlowFile, Org } from '../../src/flows/model.ts';
import { compileFlow, FlowRegistry } from '../../src/flows/registry.ts';

const crowd = Array.from({ length: 20 }, (_, i) => `p${String(i + 1).padStart(2, '0')}@example.com`);

export const clockOrg = Org.parse({
  calendar: { timezone: 'Europe/Berlin', holidays: [{ date: '2026-12-25', name: 'Christmas Day' }] },
  people: [
    { email: 'ann@example.com', name: 'Ann Smith', manager: 'bob@example.com', slackId: 'U0ANN' },
    { email: 'bob@example.com', name: 'Bob Jones', manager: 'cora@example.com', slackId: 'U0BOB' },
    { email: 'cora@example.com', name: 'Cora CEO', slackId: 'U0CORA' },
    { email: 'ivan@example.com', name: 'Ivan IT', manager: 'cora@example.com', timezone: 'America/New_York', slackId: 'U0IVAN' },
    { email: 'adam@example.com', name: 'Adam Admin', slackId: 'U0ADAM' },
    // no Slack id: the Slack port cannot reach her
    { email: 'nora@example.com', name: 'Nora Nobody', manager: 'cora@example.com' },
    ...crowd.map((email, i) => ({ email, name: `Person ${i + 1}`, slackId: `U0P${i + 1}` })),
  ],
  groups: [{ id: 'crowd', name: 'Crowd', members: crowd }, { id: 'pair', name: 'Pair', members: ['ann@example.com', 'ivan@example.com'] }],
  roles: [{ id: 'admin', members: ['adam@example.com'] }],
});

export const clockDirectory = buildDirectory(clockOrg);

const form = [{ id: 'what', label: 'What', type: 'text', required: true }];

const defs: unknown[] = [
  {
    kind: 'request', id: 'remind', name: 'Reminded', form,
    steps: [{ id: 'review', name: 'Review', approvers: [{ person: 'bob@example.com' }, { person: 'ivan@example.com' }], mode: 'all', reminders: { every: '2 business hours' } }],
  },
  {
    kind: 'request', id: 'quiet', name: 'Never reminded', form,
    steps: [{ id: 'review', name: 'Review', approvers: [{ person: 'bob@example.com' }, { person: 'ivan@example.com' }], mode: 'all', reminders: 'never', sla: '8 business hours' }],
  },
  {
    kind: 'request', id: 'escalating', name: 'Escalating', form,
    steps: [{ id: 'manager', name: 'Manager approval', approvers: [{ manager: 'requester' }], sla: '1 business day', escalation: { to: { manager: 'requester', level: 2 } } }],
  },
  {
    kind: 'request', id: 'escalating-to-managers', name: 'Escalating to managers', form,
    steps: [{ id: 'finance', name: 'Finance', approvers: [{ group: 'pair' }], mode: 'all', sla: '1 business day', escalation: { to: { manager: 'approver' } } }],
  },
  {
    kind: 'request', id: 'auto', name: 'Auto', form,
    steps: [
      { id: 'manager', name: 'Manager approval', approvers: [{ manager: 'requester' }], sla: '2 business days', autoDecision: { after: '3 business days', decision: 'approve' } },
      { id: 'ceo', name: 'CEO', approvers: [{ person: 'cora@example.com' }] },
    ],
  },
  {
    kind: 'request', id: 'everything', name: 'Everything', form,
    steps: [{
      id: 'manager', name: 'Manager approval', approvers: [{ manager: 'requester' }],
      sla: '4 business hours', reminders: { every: '1 business hour' },
      escalation: { after: '1 business day', to: { role: 'admin' } },
      autoDecision: { after: '2 business days', decision: 'reject' },
    }],
  },
  {
    kind: 'request', id: 'load', name: 'Load', form,
    steps: [{ id: 'crowd', name: 'Everyone', approvers: [{ group: 'crowd' }], mode: 'all', reminders: { every: '1 business hour' } }],
  },
  {
    kind: 'case', id: 'ticket', name: 'Ticket',
    channel: { name: '#tickets', slack: 'C0TICKETS' },
    statuses: [
      { id: 'open', name: 'Open', category: 'open' },
      { id: 'investigating', name: 'Investigating', category: 'open' },
      { id: 'waiting', name: 'Waiting on customer', category: 'waiting' },
      { id: 'resolved', name: 'Resolved', category: 'closed' },
    ],
    initialStatus: 'open',
    priorities: [
      { id: 'p3', name: 'Normal', response: '4 business hours', resolution: '2 business days' },
      { id: 'p1', name: 'Urgent', response: '1 business hour', resolution: '1 business day' },
    ],
    defaultPriority: 'p3',
    owner: { person: 'bob@example.com' },
    tasks: [{ title: 'Call the customer', due: '2 business hours' }, { title: 'No deadline' }],
    statusUpdates: { every: '2 business hours' },
    rules: [{ on: 'sla_breached', then: [{ notify: { to: { role: 'admin' }, text: 'SLA breached on {{ case.title }}' } }] }],
  },
];

export function makeClockRegistry(): FlowRegistry {
  const registry = new FlowRegistry();
  for (const def of defs) {
    const compiled = compileFlow(FlowFile.parse(def), 'clock-world');
    if (Array.isArray(compiled)) throw new Error(compiled.map((p) => p.message).join('\n'));
    registry.add(compiled);
  }
  return registry;
}

export const crowdMembers = crowd;
