// Hostile and broken flows directories: each yields exactly the lines an admin would read.
import { mkdtemp, mkdir, readFile, writeFile, cp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { formatProblem, loadFlows } from '../../src/flows/load.ts';

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/flows/${name}`, import.meta.url));

async function problemLines(dir: string): Promise<string[]> {
  const result = await loadFlows(dir);
  if (result.ok) throw new Error(`expected ${dir} to fail`);
  return result.problems.map(formatProblem);
}

const ANY_DURATION = 'expected a duration such as 30m, 4h, 2 days, 1 week or 2 business days';
const CEL = 'expected a CEL condition over form, requester, request';

describe('loadFlows on hostile input', () => {
  const cases: Record<string, string[]> = {
    'malformed-yaml': ['malformed-yaml/requests/purchase.yaml:5:1  (yaml): malformed YAML: Flow sequence in block collection must be sufficiently indented and end with a ]'],
    'empty-file': ['empty-file/requests/purchase.yaml:1:1  (root): the file is empty; expected a request flow (kind: request, id, name, form, steps)'],
    'unsafe-tag': ['unsafe-tag/requests/purchase.yaml:3:7  (yaml): unsupported tag !!js/function; expected plain YAML (text, numbers, true/false, lists and maps)'],
    'duplicate-keys': ['duplicate-keys/requests/purchase.yaml:12:5  (yaml): duplicate key; expected each key once in a map'],
    'alias-bomb': ['alias-bomb/requests/purchase.yaml:1:1  (yaml): expected plain YAML data: Excessive alias count indicates a resource exhaustion attack'],
    'missing-org': ['missing-org/org.yaml:1:1  (file): missing; expected org.yaml with the people, groups, roles and calendar'],
    'wrong-folder': ['wrong-folder/cases/purchase.yaml:1:7  kind: expected kind: case for a file under cases/, got "request"; move it to requests/'],
    'unknown-group': ['unknown-group/requests/purchase.yaml:14:26  steps[1].approvers[0].group: unknown group "finanse"; expected one of: finance'],
    'unknown-field-in-cel': [`unknown-field-in-cel/requests/purchase.yaml:14:11  steps[1].when: ${CEL}: No such key: totl`],
    'cel-syntax-error': [`cel-syntax-error/requests/purchase.yaml:14:11  steps[1].when: ${CEL}: Unexpected token: GT`],
    'quorum-too-large': ['quorum-too-large/requests/purchase.yaml:13:13  steps[0].quorum: quorum 3 can never be met; expected at most 2, the number of people these approvers resolve to'],
    'duplicate-step-ids': ['duplicate-step-ids/requests/purchase.yaml:12:9  steps[1].id: duplicate step id "manager"; expected each step id once (first at steps[0])'],
    'unreachable-step': ['unreachable-step/requests/purchase.yaml:14:11  steps[1].when: this step can never run: its condition is always false'],
    'unknown-time-zone': ['unknown-time-zone/org.yaml:2:13  calendar.timezone: unknown time zone "Europe/Berlim"; expected an IANA zone such as Europe/Berlin or America/New_York'],
    'bad-duration': [
      `bad-duration/requests/purchase.yaml:12:10  steps[0].sla: ${ANY_DURATION}, got "2 buisness days"`,
      `bad-duration/requests/purchase.yaml:13:25  steps[0].reminders.every: ${ANY_DURATION}, got "soon"`,
    ],
    // fine in a step's escalation (line 10); meaningless where no step is waiting (line 12)
    'approver-manager-outside-escalation': [`approver-manager-outside-escalation/requests/purchase.yaml:12:30  onApprove[0].notify.to.manager: "approver" names the approvers a step waits on; use it only in a step's escalation.to, or use requester or {field: …}`],
    'unknown-open-case': ['unknown-open-case/requests/purchase.yaml:14:13  onReject[0].openCase.type: unknown case flow "expense-dispute"; expected one that is defined (there are none)'],
    'bad-shape': [
      'bad-shape/requests/purchase.yaml:9:5  steps[0].approvers: missing; expected a list',
      'bad-shape/requests/purchase.yaml:11:5  steps[0].approver: unknown key; expected one of: id, name, approvers, mode, quorum, when, explain, allowSendBack, sla, reminders, escalation, autoDecision',
      'bad-shape/requests/purchase.yaml:14:17  steps[1].approvers[0]: expected an approver: {person: EMAIL}, {group: ID}, {role: ID} or {manager: requester, level: N}, got a map with key grup',
      'bad-shape/requests/purchase.yaml:14:36  steps[1].approvers[1]: expected an approver: {person: EMAIL}, {group: ID}, {role: ID} or {manager: requester, level: N}, got "bob"',
      'bad-shape/requests/purchase.yaml:15:11  steps[1].mode: expected one of "any", "all", "quorum", got "most"',
    ],
    'several-problems': [
      'several-problems/cases/incident.yaml:6:3  statuses: no closed status; expected at least one status with category: closed',
      'several-problems/cases/incident.yaml:8:16  initialStatus: unknown status "neww"; expected one of: new, working',
      'several-problems/cases/incident.yaml:11:11  priorities[1].id: duplicate priority id "p1"; expected each priority id once (first at priorities[0])',
      'several-problems/cases/incident.yaml:12:18  defaultPriority: unknown priority "p2"; expected one of: p1',
      'several-problems/cases/incident.yaml:13:17  owner.group: unknown group "oncall"; expected one of: finance',
      'several-problems/org.yaml:6:61  people[2].manager: unknown person "bobby@example.com"; expected the email of someone under people',
      'several-problems/org.yaml:6:90  people[2].timezone: unknown time zone "Mars/Olympus"; expected an IANA zone such as Europe/Berlin or America/New_York',
      `several-problems/requests/purchase.yaml:14:11  steps[1].when: ${CEL}: No such key: colour`,
      'several-problems/requests/purchase.yaml:15:47  steps[1].approvers[1].person: unknown person "nobody@example.com"; expected the email of someone in org.yaml people',
      `several-problems/requests/purchase.yaml:16:10  steps[1].sla: ${ANY_DURATION}, got "2 weeks-ish"`,
      'several-problems/requests/purchase.yaml:19:13  onReject[0].openCase.type: unknown case flow "dispute"; expected one of: incident',
      'several-problems/requests/purchase.yaml:20:14  onReject[0].openCase.title: expected text with {{ CEL }} placeholders over form, requester, request: a placeholder opened with {{ is not closed with }}',
    ],
  };

  for (const [name, expected] of Object.entries(cases)) {
    it(`reports ${name} exactly`, async () => {
      expect(await problemLines(fixture(name))).toEqual(expected);
    });
  }

  it('refuses an oversized file without reading it into the parser', async () => {
    const root = await mkdtemp(path.join(tmpdir(), 'docket-flows-'));
    const dir = path.join(root, 'oversized-file');
    await mkdir(path.join(dir, 'requests'), { recursive: true });
    await cp(path.join(fixture('unknown-group'), 'org.yaml'), path.join(dir, 'org.yaml'));
    await writeFile(path.join(dir, 'requests', 'huge.yaml'), `# ${'x'.repeat(300 * 1024)}\n`);
    expect(await problemLines(dir)).toEqual(['oversized-file/requests/huge.yaml:1:1  (file): the file is 301 KiB; expected at most 256 KiB']);
  });

  it('the unsafe tag fixture really holds a js/function tag', async () => {
    // guards the fixture itself: the test above means nothing if the tag were edited away
    const text = await readFile(path.join(fixture('unsafe-tag'), 'requests', 'purchase.yaml'), 'utf8');
    expect(text).toContain('!!js/function');
  });
});
