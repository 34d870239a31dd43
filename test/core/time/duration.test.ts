import { describe, expect, it } from 'vitest';
import { formatDuration, parseDuration, type Duration } from '../../../src/core/time/duration.ts';

describe('parseDuration', () => {
  const valid: [string, Duration][] = [
    ['30m', { kind: 'elapsed', minutes: 30 }],
    ['45 min', { kind: 'elapsed', minutes: 45 }],
    ['4h', { kind: 'elapsed', minutes: 240 }],
    ['1.5 hours', { kind: 'elapsed', minutes: 90 }],
    ['0.1 hours', { kind: 'elapsed', minutes: 6 }],
    ['2d', { kind: 'elapsed', minutes: 2880 }],
    ['2 days', { kind: 'elapsed', minutes: 2880 }],
    ['1 week', { kind: 'elapsed', minutes: 10080 }],
    ['365 days', { kind: 'elapsed', minutes: 525600 }],
    ['2 business days', { kind: 'business_days', days: 2 }],
    ['1 business day', { kind: 'business_days', days: 1 }],
    ['3 business hours', { kind: 'business', minutes: 180 }],
    ['1 business hour', { kind: 'business', minutes: 60 }],
    ['90 business minutes', { kind: 'business', minutes: 90 }],
    ['1.5 business hours', { kind: 'business', minutes: 90 }],
    ['  2   Business   Days ', { kind: 'business_days', days: 2 }],
    ['4H', { kind: 'elapsed', minutes: 240 }],
    ['30 M', { kind: 'elapsed', minutes: 30 }],
  ];
  it.each(valid)('reads %j', (text, expected) => {
    expect(parseDuration(text)).toEqual(expected);
  });

  const invalid = [
    '', ' ', 'soon', '0m', '0 business days', '-2d', '+2d', '2', 'h', '2 fortnights', '1.5m',
    '1.5 business days', '366 days', '53 weeks', '366 business days', '1 business week',
    '2 days 4 hours', '2d4h', '1e3m', '0x10m', 'NaN hours', 'Infinity days', '2 businessdays',
    '2 business', 'business 2 days', '1,5 hours', '9'.repeat(70) + 'm',
  ];
  it.each(invalid)('refuses %j', (text) => {
    expect(parseDuration(text)).toBeUndefined();
  });
});

describe('formatDuration', () => {
  const cases: [Duration, string][] = [
    [{ kind: 'elapsed', minutes: 30 }, '30 minutes'],
    [{ kind: 'elapsed', minutes: 1 }, '1 minute'],
    [{ kind: 'elapsed', minutes: 90 }, '90 minutes'],
    [{ kind: 'elapsed', minutes: 240 }, '4 hours'],
    [{ kind: 'elapsed', minutes: 2160 }, '36 hours'],
    [{ kind: 'elapsed', minutes: 2880 }, '2 days'],
    [{ kind: 'elapsed', minutes: 10080 }, '1 week'],
    [{ kind: 'business', minutes: 60 }, '1 business hour'],
    [{ kind: 'business', minutes: 90 }, '90 business minutes'],
    [{ kind: 'business_days', days: 1 }, '1 business day'],
    [{ kind: 'business_days', days: 2 }, '2 business days'],
  ];
  it.each(cases)('writes %j as %j and reads it back', (d, text) => {
    expect(formatDuration(d)).toBe(text);
    expect(parseDuration(text)).toEqual(d);
  });
});
