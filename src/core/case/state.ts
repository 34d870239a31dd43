// A case as stored: one JSON document per case, parsed with zod when read back.
import { z } from 'zod';
import { FormValues, Link } from '../request/state.ts';

export const Task = z.object({
  id: z.string(),
  title: z.string(),
  assignee: z.string().optional(),
  due: z.string().optional(),
  done: z.object({ by: z.string(), at: z.string() }).optional(),
  createdBy: z.string(),
  createdAt: z.string(),
});
export type Task = z.infer<typeof Task>;

export const CaseState = z.object({
  id: z.string(),
  flowId: z.string(),
  flowVersion: z.string(),
  flowName: z.string(),
  title: z.string(),
  description: z.string().optional(),
  fields: FormValues,
  openedBy: z.string(),
  owner: z.string().optional(),
  members: z.array(z.string()),
  watchers: z.array(z.string()),
  /** people who asked not to be told about this case any more (members and watchers hear of changes) */
  muted: z.array(z.string()).default([]),
  status: z.string(),
  /** the status's category in the case flow, kept beside it for queries */
  category: z.enum(['open', 'waiting', 'closed']),
  priority: z.string(),
  tasks: z.array(Task),
  links: z.array(Link),
  openedAt: z.string(),
  updatedAt: z.string(),
  /** when someone other than the opener first acted on the case (the response SLA stops) */
  firstResponseAt: z.string().optional(),
  resolvedAt: z.string().optional(),
  resolution: z.string().optional(),
  reopenCount: z.number().int().min(0).default(0),
  /**
   * When the SLA clocks stood still: each stay in a waiting status, and the time between a
   * resolve and a reopen. An open span (no `to`) is the pause going on now. Used by
   * src/core/time/sla.ts to move due times later by the paused time.
   */
  pauses: z.array(z.object({ from: z.string(), to: z.string().optional() })).default([]),
  /**
   * The status-update cadence: counted from `since` (the last update a person made, or the last
   * reminder sent); `sent` reminders so far name the next reminder's timer.
   */
  updateReminders: z.object({ since: z.string(), sent: z.number().int().min(0) }).optional(),
  /** counter for task ids within the case */
  nextTask: z.number().int().min(1).default(1),
  version: z.number().int().min(1),
});
export type CaseState = z.infer<typeof CaseState>;
