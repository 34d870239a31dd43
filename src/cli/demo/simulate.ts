// A realistic history for the demo and the reports: months of requests and cases, driven
// through the real Engine on a manual clock. Each working day people raise requests and open
// cases; approvers answer at their own pace; the timer runner fires reminders, SLA breaches,
// escalations and auto-decisions as the clock passes them, exactly as in production.
import { DateTime } from 'luxon';
import { Engine } from '../../app/execute.ts';
import { saveCurrentVersions } from '../../app/flow-versions.ts';
import { TimerRunner } from '../../app/timer-runner.ts';
import type { FlowRegistry } from '../../flows/registry.ts';
import type { Directory } from '../../ports/directory.ts';
import type { Store } from '../../ports/store.ts';
import { timerStoreOf } from '../../store/ports.ts';
import { followCase, openComplaint, openIncident } from './cases.ts';
import { Random } from './random.ts';
import { followRequest, raiseRequest } from './requests.ts';
import { World } from './world.ts';

export interface SeedOptions {
  store: Store;
  flows: FlowRegistry;
  directory: Directory;
  /** the history ends here (now, for a real seed) */
  end: Date;
  days: number;
  /** requests raised on an average working day */
  requestsPerDay: number;
  /** incidents and complaints opened on an average working day (disputes come from rejections) */
  casesPerDay: number;
  seed?: number;
  progress?: (line: string) => void;
}

export interface SeedReport {
  requests: number;
  cases: number;
  commands: number;
  refused: number;
  timersFired: number;
  /** milliseconds in engine commands, and in the timer runner (firing included) */
  engineMs: number;
  timerMs: number;
  days: number;
  ms: number;
}

const TIMER_TICK_MS = 30 * 60_000;
const DAY_MS = 24 * 3_600_000;

export async function seedDemo(options: SeedOptions): Promise<SeedReport> {
  const started = performance.now();
  const { store, flows, directory } = options;
  const endMs = options.end.getTime();
  const calendar = directory.calendar;
  const firstDay = DateTime.fromMillis(endMs - options.days * DAY_MS, { zone: calendar.timezone }).startOf('day');
  const clock = { now: firstDay.toJSDate() };
  const timers = timerStoreOf(store);
  // platforms: [] — a history is not delivered to anyone's chat
  const engine = new Engine({ store, flows, directory, now: () => clock.now, timers, platforms: [], sleep: async () => {} });
  await saveCurrentVersions(flows, store, clock.now);
  const runner = new TimerRunner(engine, timers, { owner: 'seed-demo', limit: 500 });
  const random = new Random(options.seed ?? 20260301);
  const w = new World(engine, store, directory, flows, random, clock);
  w.followers = { request: (r) => followRequest(w, r), case: (c) => followCase(w, c) };

  const holidays = new Set(calendar.holidays.map((h) => h.date));
  const weekdays = new Set(calendar.workingDays.map((d) => ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].indexOf(d) + 1));
  const hours = (() => {
    const [sh = 9, sm = 0] = calendar.hours.start.split(':').map(Number);
    const [eh = 17, em = 0] = calendar.hours.end.split(':').map(Number);
    return { open: sh * 60 + sm, minutes: eh * 60 + em - (sh * 60 + sm) };
  })();

  // one agenda entry per day: it schedules that day's arrivals (the "batch per day")
  for (let d = 0; d < options.days; d++) {
    const day = firstDay.plus({ days: d });
    if (!weekdays.has(day.weekday) || holidays.has(day.toISODate()!)) continue;
    const growth = 0.8 + (0.4 * d) / options.days;
    w.at(day.toMillis(), async () => {
      const at = () => day.plus({ minutes: hours.open + random.next() * hours.minutes }).toMillis();
      for (let i = random.poisson(options.requestsPerDay * growth); i > 0; i--) w.at(at(), () => raiseRequest(w));
      for (let i = random.poisson(options.casesPerDay * growth); i > 0; i--) w.at(at(), () => (random.chance(0.55) ? openIncident(w) : openComplaint(w)));
    });
  }

  let tick = firstDay.toMillis();
  let timerMs = 0;
  const runTimersUntil = async (until: number) => {
    for (; tick <= until; tick += TIMER_TICK_MS) {
      clock.now = new Date(tick);
      const started = performance.now();
      const report = await runner.runDue();
      timerMs += performance.now() - started;
      w.stats.timersFired += report.fired;
      if (report.fired > 0) await w.discover();
    }
  };

  let lastDay = '';
  for (let next = w.agenda.peek(); next && next.at < endMs; next = w.agenda.peek()) {
    w.agenda.pop();
    await runTimersUntil(next.at);
    clock.now = new Date(next.at);
    await next.run();
    const day = clock.now.toISOString().slice(0, 7);
    if (day !== lastDay) {
      lastDay = day;
      options.progress?.(`${day}: ${w.stats.requests} requests, ${w.stats.cases} cases so far`);
    }
  }
  await runTimersUntil(endMs);
  return { ...w.stats, engineMs: Math.round(w.stats.engineMs), timerMs: Math.round(timerMs), days: options.days, ms: Math.round(performance.now() - started) };
}
