// A real server for Teams tests: startServer on port 0 with a fresh SQLite file, the example
// flows and org.yaml, a fixed clock, and the connector answered by FakeTeams. The dispatcher's
// loop is stopped so a test runs it when it wants (`dispatch()`), never racing the assertions.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import nock from 'nock';
import type { DispatchReport } from '../../src/app/outbox-dispatcher.ts';
import { readConfig } from '../../src/config.ts';
import { createLogger } from '../../src/log.ts';
import { type RunningServer, startServer } from '../../src/main.ts';
import { memberEmails } from './activities.ts';
import { FakeTeams } from './fake-teams.ts';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** a Monday morning in Berlin */
export const NOW = new Date('2026-11-30T09:00:00Z');

export interface TeamsServer {
  running: RunningServer;
  url: string;
  fake: FakeTeams;
  logs: () => Record<string, unknown>[];
  /** runs the outbox until nothing waits for a channel's pacing slot (the clock moves a little) */
  dispatch(): Promise<DispatchReport>;
  /** moves the server's clock (the timer runner fires what is due by it) */
  setNow(at: Date): void;
  close(): Promise<void>;
}

export async function teamsServer(env: Record<string, string> = { DOCKET_TEAMS: 'local' }): Promise<TeamsServer> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'docket-teams-'));
  const read = readConfig({ PORT: '0', HOST: '127.0.0.1', DATABASE_URL: `sqlite:${path.join(dir, 'docket.db')}`, FLOWS_DIR: path.join(ROOT, 'flows'), ...env });
  if (!read.ok) throw new Error(JSON.stringify(read.problems));
  nock.disableNetConnect();
  nock.enableNetConnect('127.0.0.1');
  const fake = new FakeTeams();
  // the people org.yaml knows only by email, as Teams would answer TeamsInfo.getMember
  for (const [id, email] of Object.entries(memberEmails)) fake.members.set(id, { email, userPrincipalName: email, aadObjectId: `aad-${id.slice(3)}` });
  const lines: string[] = [];
  const log = createLogger({ level: 'debug', write: (l) => lines.push(l) });
  // Messages to one channel are paced a second apart: dispatch() lets the clock walk on
  let clock = NOW;
  const running = await startServer(read.config, { log, now: () => clock });
  await running.clock.outbox?.stop();
  await running.clock.timers.stop();
  return {
    running,
    url: running.url,
    fake,
    logs: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>),
    dispatch: async () => {
      const outbox = running.clock.outbox;
      if (!outbox) throw new Error('no dispatcher: Teams is not enabled');
      const total: DispatchReport = { claimed: 0, delivered: 0, retried: 0, postponed: 0, dead: 0 };
      for (let round = 0; round < 50; round++) {
        const report = await outbox.runDue();
        for (const k of Object.keys(total) as (keyof DispatchReport)[]) total[k] += report[k];
        if (report.postponed === 0) break;
        clock = new Date(clock.getTime() + 1_100);
      }
      return total;
    },
    setNow: (at) => {
      clock = at;
    },
    close: async () => {
      await running.close();
      fake.close();
      nock.enableNetConnect();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
