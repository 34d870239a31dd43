// How long a retryable delivery waits before its next attempt: exponential, capped, with
// "equal jitter" (half fixed, half random) so that a crowd of rows that failed together — a
// platform outage — does not come back together and fail again in step.

export interface BackoffPolicy {
  baseMs: number;
  maxMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 2_000, maxMs: 60 * 60_000 };

/** The wait after attempt `attempt` (1 = the first attempt failed). `random` returns [0, 1). */
export function backoffMs(attempt: number, random: () => number, policy: BackoffPolicy = DEFAULT_BACKOFF): number {
  const exp = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.max(0, Math.min(attempt - 1, 30)));
  return Math.round(exp / 2 + random() * (exp / 2));
}
