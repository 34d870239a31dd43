// The clock of one request step: when its SLA, escalation and auto-decision fall due, and when
// each pending approver is reminded next. Business time runs on the org calendar in a person's
// own time zone: each approver's reminders in theirs, the step's deadlines in the zone of the
// first person the step asked (stable, whoever they later hand it to).
import type { Step } from '../../flows/model.ts';
import type { Directory } from '../../ports/directory.ts';
import type { Slot, StepState } from '../request/state.ts';
import { addBusinessTime } from '../time/business-calendar.ts';
import { parseDuration, type Duration } from '../time/duration.ts';
import { MAX_REMINDERS } from '../time/reminders.ts';
import { atRiskInstant } from './desired.ts';

export interface StepClock {
  zone: string;
  start: Date;
  slaDue?: Date;
  atRiskAt?: Date;
  /** escalation.after from the start; without it the escalation goes with the SLA breach */
  escalateAt?: Date;
  autoAt?: Date;
}

const duration = (text: string | undefined): Duration | undefined => (text ? parseDuration(text) : undefined);

export function stepClock(step: StepState, def: Step, directory: Directory): StepClock | undefined {
  if (!step.startedAt) return undefined;
  const first = step.slots[0];
  const zone = first ? directory.timezoneOf(first.email) : directory.calendar.timezone;
  const start = new Date(step.startedAt);
  const at = (text: string | undefined) => {
    const d = duration(text);
    return d ? addBusinessTime(directory.calendar, zone, start, d) : undefined;
  };
  const slaDue = at(def.sla);
  const atRiskAt = slaDue ? atRiskInstant(start, slaDue) : undefined;
  const escalateAt = at(def.escalation?.after);
  const autoAt = at(def.autoDecision?.after);
  return { zone, start, ...(slaDue ? { slaDue } : {}), ...(atRiskAt ? { atRiskAt } : {}), ...(escalateAt ? { escalateAt } : {}), ...(autoAt ? { autoAt } : {}) };
}

/** Slots still waited on: not decided, not handed to someone else. */
export const isPending = (slot: Slot): boolean => !slot.decision && !slot.replacedBy;

export function reminderEvery(def: Step): Duration | undefined {
  return def.reminders === 'never' ? undefined : parseDuration(def.reminders.every);
}

/** The next reminder of one pending approver, in their time zone; undefined with "never" or past the cap. */
export function nextReminder(step: StepState, slot: Slot, def: Step, directory: Directory): { at: Date; n: number } | undefined {
  const every = reminderEvery(def);
  const since = slot.askedAt ?? step.startedAt;
  if (!every || !since || !isPending(slot)) return undefined;
  const n = (slot.reminded ?? 0) + 1;
  if (n > MAX_REMINDERS) return undefined;
  return { at: addBusinessTime(directory.calendar, directory.timezoneOf(slot.email), new Date(since), every), n };
}
