// The loader's checks beyond shape, one small flows directory each, written to a temp folder.
import { mkdir, mkdtemp, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatProblem, loadFlows } from '../../src/flows/load.ts';

const ORG = `calendar: { timezone: Europe/Berlin }
people:
  - { email: ann@example.com, name: Ann, manager: bob@example.com }
  - { email: bob@example.com, name: Bob }
groups:
  - { id: finance, name: Finance, members: [bob@example.com] }
roles:
  - { id: admin, members: [bob@example.com] }
`;

async function lines(files: Record<string, string>): Promise<string[]> {
  const dir = path.join(await mkdtemp(path.join(tmpdir(), 'docket-checks-')), 'flows');
  for (const [rel, text] of Object.entries({ 'org.yaml': ORG, ...files })) {
    await mkdir(path.dirname(path.join(dir, rel)), { recursive: true });
    await writeFile(path.join(dir, rel), text);
  }
  const result = await loadFlows(dir);
  return result.ok ? [] : result.problems.map(formatProblem);
}

const request = (steps: string, rest = '') => `kind: request
id: buy
name: Buy
form:
  - { id: item, type: text, label: Item }
  - { id: buddy, type: person, label: Buddy }
steps:
${steps}${rest}`;

const caseFlow = (rest: string) => `kind: case
id: incident
name: Incident
channel: { name: "#inc" }
fields:
  - { id: service, type: text, label: Service }
statuses:
  - { id: new, name: New, category: open }
  - { id: done, name: Done, category: closed }
initialStatus: new
priorities:
  - { id: p1, name: P1 }
defaultPriority: p1
owner: opener
${rest}`;

describe('loadFlows checks', () => {
  it('accepts a minimal valid directory', async () => {
    expect(await lines({ 'requests/buy.yaml': request('  - { id: s, name: S, approvers: [{ group: finance }] }\n') })).toEqual([]);
  });

  it('wants a system step to have a timeout, a known reporter and no approvers', async () => {
    const ok = `  - { id: p, name: P, system: { name: the IdM, url: "https://idm.example.com/h", secretEnv: IDM, reporter: bob@example.com }, autoDecision: { after: 1h, decision: reject } }\n`;
    expect(await lines({ 'requests/buy.yaml': request(ok) })).toEqual([]);
    const bad = `  - { id: p, name: P, approvers: [{ group: finance }], system: { name: the IdM, url: "https://idm.example.com/h", secretEnv: IDM, reporter: eve@example.com } }\n`;
    const found = await lines({ 'requests/buy.yaml': request(bad) });
    expect(found.map((l) => l.replace(/^\S+\s+/, ''))).toEqual([
      'steps[0].approvers: a system step has no approvers: its system.reporter reports back',
      'steps[0].system: a system step needs a timeout so it cannot wait forever; expected autoDecision: { after: 1 hour, decision: reject } next to it',
      'steps[0].system.reporter: unknown person "eve@example.com"; expected the email of someone in org.yaml people',
    ]);
  });

  it('wants inbound hook mappings that compile and a known actor', async () => {
    const hook = `inbound:\n  - { name: mon, secretEnv: MON, actor: eve@example.com, key: payload.id, title: "payload.", resolved: '"yes"' }\n`;
    const found = await lines({ 'cases/incident.yaml': caseFlow(hook) });
    expect(found.map((l) => l.replace(/^\S+\s+/, ''))).toEqual([
      'inbound[0].actor: unknown person "eve@example.com"; expected the email of someone in org.yaml people',
      'inbound[0].title: expected a CEL expression over payload: Expected IDENTIFIER, got EOF',
      'inbound[0].resolved: expected a CEL condition over payload: expected true or false, but this gives string',
    ]);
  });

  it('wants mode quorum and a quorum count together', async () => {
    const steps = `  - { id: a, name: A, approvers: [{ group: finance }], mode: quorum }
  - { id: b, name: B, approvers: [{ group: finance }], quorum: 1 }
`;
    expect(await lines({ 'requests/buy.yaml': request(steps) })).toEqual([
      'flows/requests/buy.yaml:8:62  steps[0].mode: mode quorum needs a count; expected quorum: N next to it',
      'flows/requests/buy.yaml:9:64  steps[1].quorum: quorum applies only with mode: quorum (this step is mode: any)',
    ]);
  });

  it('reports an unknown group once, not again as a quorum that cannot be met', async () => {
    const steps = `  - { id: a, name: A, approvers: [{ group: finanse }], mode: quorum, quorum: 2 }\n`;
    expect(await lines({ 'requests/buy.yaml': request(steps) })).toEqual([
      'flows/requests/buy.yaml:8:44  steps[0].approvers[0].group: unknown group "finanse"; expected one of: finance',
    ]);
  });

  it('wants {manager: {field}} to name a person field', async () => {
    const steps = `  - { id: a, name: A, approvers: [{ manager: { field: item } }, { manager: { field: boss } }, { manager: { field: buddy } }] }\n`;
    expect(await lines({ 'requests/buy.yaml': request(steps) })).toEqual([
      'flows/requests/buy.yaml:8:55  steps[0].approvers[0].manager.field: field "item" is a text field; expected a person field: buddy',
      'flows/requests/buy.yaml:8:85  steps[0].approvers[1].manager.field: unknown field "boss"; expected a person field: buddy',
    ]);
  });

  it('checks people, roles and recipients anywhere in a flow', async () => {
    const rest = `onApprove:
  - notify: { to: { role: cfo }, text: done }
rules:
  - on: step_started
    step: nope
    then:
      - addApprover: { person: zed@example.com }
`;
    expect(await lines({ 'requests/buy.yaml': request('  - { id: s, name: S, approvers: [{ person: ann@example.com }] }\n', rest) })).toEqual([
      'flows/requests/buy.yaml:10:27  onApprove[0].notify.to.role: unknown role "cfo"; expected one of: admin',
      'flows/requests/buy.yaml:13:11  rules[0].step: unknown step "nope"; expected one of: s',
      'flows/requests/buy.yaml:15:32  rules[0].then[0].addApprover.person: unknown person "zed@example.com"; expected the email of someone in org.yaml people',
    ]);
  });

  it('checks the fields and priority passed to an opened case', async () => {
    const rest = `onReject:
  - openCase: { type: incident, title: "x", priority: p9, fields: { service: form.item, colour: '"red"' } }
  - startRequest: { type: incident }
`;
    expect(await lines({ 'requests/buy.yaml': request('  - { id: s, name: S, approvers: [{ group: finance }] }\n', rest), 'cases/incident.yaml': caseFlow('') })).toEqual([
      'flows/requests/buy.yaml:10:55  onReject[0].openCase.priority: unknown priority "p9" of case flow incident; expected one of: p1',
      'flows/requests/buy.yaml:10:89  onReject[0].openCase.fields.colour: unknown field "colour" of flow incident; expected one of: service',
      'flows/requests/buy.yaml:11:27  onReject[1].startRequest.type: "incident" is a case flow; expected a request flow, one of: buy',
    ]);
  });

  it('checks case statuses, transitions and priorities', async () => {
    const rest = `resolvedStatus: new
transitions:
  new: [done, gone]
  lost: [new]
rules:
  - on: opened
    when: has(form.nope)
    then: [{ setPriority: p7 }]
`;
    expect(await lines({ 'cases/incident.yaml': caseFlow(rest) })).toEqual([
      'flows/cases/incident.yaml:15:17  resolvedStatus: "new" is not a closed status; expected a status with category: closed',
      'flows/cases/incident.yaml:17:15  transitions.new[1]: unknown status "gone"; expected one of: new, done',
      'flows/cases/incident.yaml:18:3  transitions.lost: unknown status "lost"; expected one of: new, done',
      'flows/cases/incident.yaml:21:11  rules[0].when: expected a CEL condition over form, case, opener: No such key: nope',
      'flows/cases/incident.yaml:22:27  rules[0].then[0].setPriority: unknown priority "p7"; expected one of: p1',
    ]);
  });

  it('wants an open status in a case flow', async () => {
    const flow = caseFlow('').replace('category: open', 'category: waiting');
    expect(await lines({ 'cases/incident.yaml': flow })).toEqual(['flows/cases/incident.yaml:8:3  statuses: no open status; expected at least one status with category: open']);
  });

  it('finds duplicates in org.yaml and across flows', async () => {
    const org = `${ORG}  - { id: admin, members: [ann@example.com] }\n`.replace('  - { email: bob@example.com, name: Bob }', '  - { email: bob@example.com, name: Bob }\n  - { email: BOB@example.com, name: Bobby }');
    const flow = request('  - { id: s, name: S, approvers: [{ group: finance }] }\n');
    expect(await lines({ 'org.yaml': org, 'requests/buy.yaml': flow, 'requests/buy-again.yaml': flow })).toEqual([
      'flows/org.yaml:5:14  people[2].email: duplicate email "bob@example.com"; expected each email once (first at people[1])',
      'flows/org.yaml:10:11  roles[1].id: duplicate role id "admin"; expected each role id once (first at roles[0])',
      'flows/requests/buy.yaml:2:5  id: duplicate flow id "buy"; expected each flow id once (also in flows/requests/buy-again.yaml)',
    ]);
  });

  it('refuses YAML files outside requests/ and cases/', async () => {
    expect(await lines({ 'purchase.yaml': 'kind: request\n' })).toEqual(['flows/purchase.yaml:1:1  (file): not a flow location; expected request flows under requests/ and case flows under cases/']);
  });

  it('checks absences and a bad org without flooding flows with unknown people', async () => {
    const org = ORG.replace('{ email: bob@example.com, name: Bob }', '{ email: bob@example.com, name: Bob, outOfOffice: [{ from: "2026-08-10", until: "2026-08-01", delegate: bob@example.com }] }');
    expect(await lines({ 'org.yaml': org })).toEqual([
      'flows/org.yaml:4:85  people[1].outOfOffice[0].until: expected a date on or after from (2026-08-10)',
      'flows/org.yaml:4:109  people[1].outOfOffice[0].delegate: expected someone else: a person cannot be their own delegate',
    ]);
    const broken = `${ORG}extra: 1\n`;
    expect(await lines({ 'org.yaml': broken, 'requests/buy.yaml': request('  - { id: s, name: S, approvers: [{ person: zed@example.com }] }\n') })).toEqual([
      'flows/org.yaml:9:1  extra: unknown key; expected one of: calendar, people, groups, roles, permissions',
    ]);
  });
});

describe('loadFlows on files that are not plain files', () => {
  it('refuses a link to a device instead of reading it forever', async () => {
    const dir = path.join(await mkdtemp(path.join(tmpdir(), 'docket-links-')), 'flows');
    await mkdir(path.join(dir, 'requests'), { recursive: true });
    await writeFile(path.join(dir, 'org.yaml'), ORG);
    await symlink('/dev/zero', path.join(dir, 'requests', 'zero.yaml'));
    const result = await loadFlows(dir);
    expect(result.ok ? [] : result.problems.map(formatProblem)).toEqual(['flows/requests/zero.yaml:1:1  (file): expected a regular file']);
  });
});

describe('loadFlows governance checks', () => {
  it('checks governance references: audiences, never-approve fields, personal data, case channels', async () => {
    const governed = request('  - { id: s, name: S, approvers: [{ group: finance }] }\n', `raise: [everyone, { group: buyers }]
admins: [{ person: eve@example.com }]
neverApprove: [{ field: item }, { role: auditors }]
personalData: [buddy, iban]
retention: 2 years
`);
    const kase = caseFlow('open: [{ role: nobody }]\nwhere: [case-channel]\ncommands: { set_status: [{ group: finance }, { person: zed@example.com }] }\n');
    expect(await lines({ 'requests/buy.yaml': governed, 'cases/incident.yaml': kase })).toEqual([
      'flows/cases/incident.yaml:15:16  open[0].role: unknown role "nobody"; expected one of: admin',
      'flows/cases/incident.yaml:16:9  where[0]: case-channel needs the channel\'s id; expected channel.slack or channel.teams next to channel.name',
      'flows/cases/incident.yaml:17:56  commands.set_status[1].person: unknown person "zed@example.com"; expected the email of someone in org.yaml people',
      'flows/requests/buy.yaml:9:28  raise[1].group: unknown group "buyers"; expected one of: finance',
      'flows/requests/buy.yaml:10:20  admins[0].person: unknown person "eve@example.com"; expected the email of someone in org.yaml people',
      'flows/requests/buy.yaml:11:25  neverApprove[0].field: field "item" is a text field; expected a person field: buddy',
      'flows/requests/buy.yaml:11:41  neverApprove[1].role: unknown role "auditors"; expected one of: admin',
      'flows/requests/buy.yaml:12:23  personalData[1]: unknown field "iban"; expected one of: item, buddy (a field of form)',
    ]);
  });

  it('checks the org-wide permission defaults', async () => {
    const org = `${ORG}permissions:\n  raise: [{ group: sales }]\n`;
    expect(await lines({ 'org.yaml': org })).toEqual(['flows/org.yaml:10:20  permissions.raise[0].group: unknown group "sales"; expected one of: finance']);
  });
});
