// Retry waits grow exponentially, are capped, and are jittered within a known band.
import { describe, expect, it } from 'vitest';
import { backoffMs, DEFAULT_BACKOFF } from '../../src/app/backoff.ts';

describe('backoffMs', () => {
  it('doubles per attempt from 2 s, between half and all of the step', () => {
    expect([1, 2, 3, 4].map((n) => backoffMs(n, () => 0))).toEqual([1_000, 2_000, 4_000, 8_000]);
    expect([1, 2, 3, 4].map((n) => backoffMs(n, () => 0.999999))).toEqual([2_000, 4_000, 8_000, 16_000]);
  });

  it('never waits more than the cap, however many attempts', () => {
    expect(backoffMs(40, () => 0.5)).toBe(DEFAULT_BACKOFF.maxMs * 0.75);
    expect(backoffMs(40, () => 0)).toBe(DEFAULT_BACKOFF.maxMs / 2);
    expect(backoffMs(40, () => 0.999999)).toBeLessThanOrEqual(DEFAULT_BACKOFF.maxMs);
  });
});
