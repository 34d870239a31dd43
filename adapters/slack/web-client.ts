// The Web API client: the bot token, SLACK_API_URL (a test double, an enterprise proxy) and a
// retry policy. @slack/web-api retries ten times over about thirty minutes by default; an
// interaction cannot wait that long, and outbox deliveries are retried by the dispatcher.
import { webApi } from '@slack/bolt';
import type { Logger } from '../../src/log.ts';

export type RetryConfig = webApi.RetryOptions;

export interface WebClientSettings {
  botToken: string;
  /** base URL ending in /api/, e.g. https://slack.com/api/ */
  apiUrl?: string;
  retryConfig?: RetryConfig;
  /** milliseconds before a call is abandoned; 0 = no limit */
  timeoutMs?: number;
  log: Logger;
}

/** a couple of quick retries: enough for a blip, short enough for a person waiting on a click */
export const INTERACTIVE_RETRIES: RetryConfig = { retries: 2, factor: 2, minTimeout: 200, maxTimeout: 1000 };

/**
 * Lookups made before an ack (users.info, auth.test) share Slack's 3 s with the rest of the
 * answer, and a trigger_id dies after 3 s: one try, cut off after this long, and a 429 fails at
 * once instead of sleeping through its Retry-After.
 */
export const LOOKUP_TIMEOUT_MS = 1_500;

/** the client for lookups that must answer quickly or not at all */
export function createLookupClient(settings: WebClientSettings): webApi.WebClient {
  return createWebClient({ ...settings, retryConfig: { retries: 0 }, timeoutMs: LOOKUP_TIMEOUT_MS }, { rejectRateLimitedCalls: true });
}

export function createWebClient(settings: WebClientSettings, options: { rejectRateLimitedCalls?: boolean } = {}): webApi.WebClient {
  return new webApi.WebClient(settings.botToken, {
    ...(settings.apiUrl ? { slackApiUrl: withSlash(settings.apiUrl) } : {}),
    retryConfig: settings.retryConfig ?? INTERACTIVE_RETRIES,
    timeout: settings.timeoutMs ?? 10_000,
    rejectRateLimitedCalls: options.rejectRateLimitedCalls ?? false,
    logger: boltLogger(settings.log.child({ component: 'slack-web-api' })),
  });
}

function withSlash(url: string): string {
  return url.endsWith('/') ? url : `${url}/`;
}

/** our logger in the shape @slack/logger expects (Bolt and the Web API client share it) */
export function boltLogger(log: Logger): webApi.Logger {
  let level = webApi.LogLevel.INFO;
  // the SDKs log variadic arguments; keep them as one field
  const text = (args: unknown[]) => args.map((a) => (typeof a === 'string' ? a : a instanceof Error ? a.message : JSON.stringify(a))).join(' ');
  return {
    debug: (...args: unknown[]) => log.debug(text(args)),
    info: (...args: unknown[]) => log.debug(text(args)),
    warn: (...args: unknown[]) => log.warn(text(args)),
    error: (...args: unknown[]) => log.error(text(args)),
    setLevel: (l: webApi.LogLevel) => {
      level = l;
    },
    getLevel: () => level,
    setName: () => {},
  };
}
