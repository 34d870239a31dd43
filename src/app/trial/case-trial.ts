// Runs a case through the real engine without a store: openCase, runCase for each event, and
// the clock's fireCaseTimer for every timer that falls due while the trial waits. The owner is
// routed as on a fresh system: the rotation at its start, nobody carrying open cases yet.
import type { Change } from '../../core/change.ts';
import type { EngineContext } from '../../core/context.ts';
import type { CaseCommand } from '../../core/case/commands.ts';
import { runCase } from '../../core/case/commands.ts';
import { openCase } from '../../core/case/open.ts';
import { pickOwner, routingNeeds } from '../../core/case/routing.ts';
import type { CaseState } from '../../core/case/state.ts';
import type { FlowCatalog, LoadedCaseFlow } from '../../core/flow-runtime.ts';
import { refuse, type Refusal } from '../../core/result.ts';
import { addBusinessTime } from '../../core/time/business-calendar.ts';
import { parseDuration } from '../../core/time/duration.ts';
import { caseClocks, caseZone } from '../../core/timers/case-clock.ts';
import { caseTimers } from '../../core/timers/case-timers.ts';
import { fireCaseTimer } from '../../core/timers/fire-case.ts';
import type { Directory } from '../../ports/directory.ts';
import { effectsOf, failuresOf, type Effect } from './effects.ts';

export type CaseTrialEvent =
  | { type: 'command'; command: CaseCommand; by?: string; label: string }
  | { type: 'wait'; duration: string };

export interface CaseTrialInput {
  flow: LoadedCaseFlow;
  flows: FlowCatalog;
  directory: Directory;
  opener: string;
  title: string;
  priority?: string;
  fields: unknown;
  at: Date;
  events: readonly CaseTrialEvent[];
}

export type CaseTrial =
  | {
      ok: true;
      case: CaseState;
      effects: Effect[];
      problems: string[];
      /** rule indexes that fired */
      firedRules: number[];
      breached: ('response' | 'resolution')[];
      clocks: { which: 'response' | 'resolution'; due: string; zone: string; paused: boolean }[];
      now: Date;
    }
  | { ok: false; stage: 'open' | 'event'; event?: number; refusal: Refusal };

const MAX_TIMERS = 500;

export function runCaseTrial(input: CaseTrialInput): CaseTrial {
  const { flow, directory } = input;
  let now = input.at;
  const ctx = (actor: string): EngineContext => ({ now, actor: actor.toLowerCase(), directory, flows: input.flows });
  const effects: Effect[] = [];
  const problems: string[] = [];
  const firedRules: number[] = [];
  const breached: ('response' | 'resolution')[] = [];
  const record = (out: Change<CaseState>, during: string) => {
    effects.push(...effectsOf(out, during));
    problems.push(...failuresOf(out));
    for (const e of out.events) {
      if (e.type === 'case.rule_fired') firedRules.push(Number(e.data.rule));
      if (e.type === 'case.sla_breached') breached.push(e.data.which as 'response' | 'resolution');
    }
  };

  const needs = routingNeeds(flow.def.owner, flow.def.id, input.opener, directory, now);
  const owner = pickOwner(needs, 0, new Map());
  const opened = openCase({ id: 'C-TRIAL', flow, title: input.title, fields: input.fields, ...(input.priority ? { priority: input.priority } : {}), ...(owner ? { owner } : {}) }, ctx(input.opener));
  if (!opened.ok) return { ok: false, stage: 'open', refusal: opened };
  let c = opened.value.state;
  const fired = new Set<string>();
  record(opened.value, 'opened');

  for (const [i, event] of input.events.entries()) {
    if (event.type === 'wait') {
      const d = parseDuration(event.duration);
      if (!d) return { ok: false, stage: 'event', event: i, refusal: refuse('case.due_invalid', { due: event.duration }) };
      const until = addBusinessTime(directory.calendar, caseZone(c, directory), now, d);
      // fire what falls due on the way, in order, as the timer runner would; a fired timer is
      // marked in the timer table, never fired again, though the state still describes it
      for (let n = 0; n < MAX_TIMERS; n++) {
        const next = caseTimers(c, flow, directory)
          .filter((t) => !fired.has(t.id) && new Date(t.dueAt) <= until)
          .sort((a, b) => a.dueAt.localeCompare(b.dueAt))[0];
        if (!next) break;
        fired.add(next.id);
        now = new Date(Math.max(now.getTime(), new Date(next.dueAt).getTime()));
        const result = fireCaseTimer(c, flow, next, ctx('clock'));
        if (!result.ok) return { ok: false, stage: 'event', event: i, refusal: result };
        record(result.value, `the clock (${next.what.kind})`);
        c = result.value.state;
      }
      now = until;
      continue;
    }
    const by = event.by ?? c.owner ?? input.opener;
    const result = runCase(c, flow, event.command, ctx(by));
    if (!result.ok) return { ok: false, stage: 'event', event: i, refusal: result };
    record(result.value, `${directory.nameOf(by)}: ${event.label}`);
    c = result.value.state;
  }
  const clocks = caseClocks(c, flow, directory, now).map((k) => ({ which: k.which, due: k.due.toISOString(), zone: caseZone(c, directory), paused: k.paused }));
  return { ok: true, case: c, effects, problems, firedRules, breached, clocks, now };
}
