// The org directory as the engine sees it: built from flows/org.yaml by src/flows/directory.ts.
import type { Absence, Audience, Calendar, Person } from '../flows/model.ts';

export interface Directory {
  readonly calendar: Calendar;
  /** org.yaml's defaults for flows that do not say who may raise or open them */
  readonly permissions: { raise?: readonly Audience[]; open?: readonly Audience[] };
  /** a person by email, case-insensitive */
  person(email: string): Person | undefined;
  people(): readonly Person[];
  /** level 1 = manager, 2 = manager's manager; undefined where the chain ends */
  manager(email: string, level?: number): Person | undefined;
  group(id: string): { id: string; name: string; members: readonly string[] } | undefined;
  role(id: string): readonly string[];
  isAdmin(email: string): boolean;
  /** the absence in force on this day (YYYY-MM-DD in the person's time zone), if any */
  absence(email: string, at: Date): Absence | undefined;
  /** the people whose approvals route to `email` at `at` because they are away */
  coveredBy(email: string, at: Date): string[];
  timezoneOf(email: string): string;
  /** display name, falling back to the email */
  nameOf(email: string): string;
}
