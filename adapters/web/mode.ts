// Which console this process serves, decided once from the configuration:
// - local: anyone may act as anyone in org.yaml. Only when no chat platform is configured, or
//   DOCKET_CONSOLE=local says so explicitly (src/config.ts folds both into `console`).
// - admin: a chat platform is live, so people are who the platform says they are; the console
//   offers reports and admin actions to whoever has DOCKET_ADMIN_TOKEN, and no act-as.
// - off: neither; every console page says how to turn it on.
import type { Config } from '../../src/config.ts';

//   Local mode answers only this machine (a loopback peer, no untrusted forwarding) unless it
//   is `shared`: DOCKET_CONSOLE=local and HOST both set, for a demo on purpose.
export type ConsoleMode = { kind: 'local'; shared: boolean } | { kind: 'admin'; token: string } | { kind: 'off' };

export function consoleMode(config: Pick<Config, 'console' | 'adminToken'> & { consoleShared?: boolean }): ConsoleMode {
  if (config.console === 'local') return { kind: 'local', shared: config.consoleShared ?? false };
  if (config.adminToken) return { kind: 'admin', token: config.adminToken };
  return { kind: 'off' };
}

export function describeMode(mode: ConsoleMode): string {
  switch (mode.kind) {
    case 'local':
      return mode.shared
        ? 'local mode, SHARED: anyone who can reach this server may act as anyone in org.yaml, admins included (DOCKET_CONSOLE=local with HOST set); for demos only, never with real data'
        : 'local mode: act as anyone in org.yaml, from this machine only (no chat platform configured, or DOCKET_CONSOLE=local)';
    case 'admin':
      return 'admin mode: reports and admin actions for holders of DOCKET_ADMIN_TOKEN';
    case 'off':
      return 'off: a chat platform is configured and DOCKET_ADMIN_TOKEN is not set';
    default: {
      const unhandled: never = mode;
      throw new Error(`unhandled console mode ${JSON.stringify(unhandled)}`);
    }
  }
}
