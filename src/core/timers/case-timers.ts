// The timers a case should have right now: while it runs (an open-category status), the
// at-risk and breach instants of each SLA clock not yet met, and the owner's next status-update
// reminder. While it waits or is resolved it has none: the commit that pauses it cancels them,
// the one that resumes it writes them again with the due times moved by the pause.
import type { Directory } from '../../ports/directory.ts';
import type { CaseState } from '../case/state.ts';
import type { LoadedCaseFlow } from '../flow-runtime.ts';
import { caseClocks, nextStatusUpdate } from './case-clock.ts';
import { atRiskInstant, type DesiredTimer } from './desired.ts';

export function caseTimers(c: CaseState, flow: LoadedCaseFlow, directory: Directory): DesiredTimer[] {
  if (c.category !== 'open') return [];
  const subject = `case:${c.id}`;
  const out: DesiredTimer[] = [];
  for (const clock of caseClocks(c, flow, directory)) {
    const atRisk = atRiskInstant(clock.start, clock.due);
    if (atRisk) out.push({ id: `${subject}:${clock.which}:at-risk`, subject, dueAt: atRisk.toISOString(), what: { kind: 'case.at_risk', which: clock.which } });
    out.push({ id: `${subject}:${clock.which}:breach`, subject, dueAt: clock.due.toISOString(), what: { kind: 'case.breach', which: clock.which } });
  }
  const update = nextStatusUpdate(c, flow, directory);
  if (update) out.push({ id: `${subject}:status-update:${update.n}`, subject, dueAt: update.at.toISOString(), what: { kind: 'case.status_update', n: update.n } });
  return out;
}
