// A token bucket per API token: `burst` calls at once, refilled at `perSecond`. In memory, so
// each replica limits on its own: with N replicas behind a balancer a client gets up to N times
// the rate, which is enough to stop a runaway script, the purpose here.
export interface RateLimit {
  burst: number;
  perSecond: number;
}

export const DEFAULT_RATE_LIMIT: RateLimit = { burst: 60, perSecond: 10 };

export class TokenBuckets {
  readonly #buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private readonly limit: RateLimit,
    private readonly nowMs: () => number,
  ) {}

  /** 0 when the call may go ahead (and is counted); else the seconds until one token is back */
  take(key: string): number {
    const now = this.nowMs();
    const b = this.#buckets.get(key) ?? { tokens: this.limit.burst, at: now };
    b.tokens = Math.min(this.limit.burst, b.tokens + ((now - b.at) / 1000) * this.limit.perSecond);
    b.at = now;
    this.#buckets.set(key, b);
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return 0;
    }
    return Math.max(1, Math.ceil((1 - b.tokens) / this.limit.perSecond));
  }
}
