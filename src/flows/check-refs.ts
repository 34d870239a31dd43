// Checks that what a flow names exists: people, groups and roles in org.yaml, and the person
// fields that {manager: {field}} reads. Without a valid org.yaml only the field checks run, so a
// broken org file does not bury its own problems under hundreds of "unknown person" lines.
import { oneOf } from './check-common.ts';
import type { OrgIndex } from './check-org.ts';
import type { ApproverSpec, Field, OwnerRouting, Recipient } from './model.ts';
import type { PathProblem, PathSegment } from './problem.ts';

export class RefChecker {
  readonly problems: PathProblem[] = [];

  constructor(
    private readonly org: OrgIndex | undefined,
    private readonly fields: readonly Field[],
    /** "form" for request flows, "fields" for case flows: where an author looks for the field */
    private readonly fieldsKey: string,
  ) {}

  person(email: string, path: PathSegment[]): void {
    if (this.org && !this.org.people.has(email)) {
      this.problems.push({ path, message: `unknown person "${email}"; expected the email of someone in org.yaml people` });
    }
  }

  group(id: string, path: PathSegment[]): void {
    if (this.org && !this.org.groups.has(id)) this.problems.push({ path, message: `unknown group "${id}"; expected ${oneOf(this.org.groups.keys())}` });
  }

  role(id: string, path: PathSegment[]): void {
    if (this.org && !this.org.roles.has(id)) this.problems.push({ path, message: `unknown role "${id}"; expected ${oneOf(this.org.roles.keys())}` });
  }

  /** One of approvers, recipients, owner routing: whichever form it has. */
  who(spec: ApproverSpec | Recipient | OwnerRouting, path: PathSegment[]): void {
    if (typeof spec === 'string') return;
    if ('person' in spec) this.person(spec.person, [...path, 'person']);
    else if ('group' in spec) this.group(spec.group, [...path, 'group']);
    else if ('role' in spec) this.role(spec.role, [...path, 'role']);
    else if ('manager' in spec && typeof spec.manager === 'object') this.personField(spec.manager.field, [...path, 'manager', 'field']);
  }

  personField(id: string, path: PathSegment[]): void {
    const field = this.fields.find((f) => f.id === id);
    const persons = this.fields.filter((f) => f.type === 'person').map((f) => f.id);
    const expected = persons.length > 0 ? `expected a person field: ${persons.join(', ')}` : `expected a person field, and ${this.fieldsKey} has none`;
    if (!field) this.problems.push({ path, message: `unknown field "${id}"; ${expected}` });
    else if (field.type !== 'person') this.problems.push({ path, message: `field "${id}" is a ${field.type} field; ${expected}` });
  }

  /**
   * How many different people approvers can resolve to, for checking a quorum; a manager counts
   * as one. Undefined when org.yaml is not valid (the count would be meaningless).
   */
  reach(approvers: readonly ApproverSpec[]): number | undefined {
    if (!this.org) return undefined;
    const people = new Set<string>();
    let managers = 0;
    for (const a of approvers) {
      if ('person' in a) people.add(a.person);
      else if ('group' in a || 'role' in a) {
        const members = 'group' in a ? this.org.groups.get(a.group) : this.org.roles.get(a.role);
        // an unknown group is reported once, as unknown, not again as a quorum too large
        if (!members) return undefined;
        for (const m of members) people.add(m);
      } else managers++;
    }
    return people.size + managers;
  }
}
