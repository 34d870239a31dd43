// Shape mistakes are told in a YAML author's words, with what was expected at that place.
import { describe, expect, it } from 'vitest';
import { RequestFlow } from '../../src/flows/model.ts';
import { formatPath } from '../../src/flows/problem.ts';
import { parseYaml } from '../../src/flows/yaml-source.ts';
import { zodProblems } from '../../src/flows/zod-problems.ts';

function problems(text: string): string[] {
  const read = parseYaml(text);
  if (!read.ok) throw new Error('expected valid YAML');
  const parsed = RequestFlow.safeParse(read.source.data);
  if (parsed.success) return [];
  return zodProblems(RequestFlow, read.source.data, parsed.error.issues).map((p) => `${formatPath(p.path)}: ${p.message}`);
}

describe('zod problems', () => {
  it('name allowed keys, discriminator values, union forms and missing keys', () => {
    expect(
      problems(`kind: request
id: buy
name: Buy
form:
  - { id: item, type: text, label: Item, colour: red }
  - { id: n, type: nmber, label: N }
steps:
  - { id: s, name: S, approvers: [{ manager: bob }], reminders: { every: 1h, often: true } }
onReject:
  - openCase: { type: x }
rules:
  - on: submitted
    then: [{ autoApprove: { reason: x } }, { sendEmail: {} }]
`),
    ).toEqual([
      'form[0].colour: unknown key; expected one of: id, label, help, required, type, minLength, maxLength',
      'form[1].type: expected one of "text", "longtext", "number", "money", "date", "choice", "person", "yesno", got "nmber"',
      'steps[0].approvers[0].manager: expected "requester" or {field: ID} (a person field), got "bob"',
      'steps[0].reminders.often: unknown key; expected one of: every',
      'onReject[0].openCase.title: missing; expected text',
      'rules[0].then[1]: expected an action: notify, openCase, startRequest, escalate, autoApprove, autoReject or addApprover, got a map with key sendEmail',
    ]);
  });

  it('say what the type should be and what was found', () => {
    expect(problems('kind: request\nid: Buy Stuff\nname: ""\nform: []\nsteps: none\n')).toEqual([
      'id: expected an id: lower-case letters, digits, "-" or "_", starting with a letter, got "Buy Stuff"',
      'name: expected text that is not empty',
      'form: expected at least 1 item',
      'steps: expected a list, got "none"',
    ]);
  });
});
