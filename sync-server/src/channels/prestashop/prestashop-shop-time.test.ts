/**
 * Shop wall time (PS_TIMEZONE) to UTC and back, across daylight saving.
 */
import { describe, expect, it } from 'vitest';
import { shopClock } from './prestashop-shop-time';

describe('shop clock', () => {
  it('reads Rome wall time in winter and in summer', () => {
    const rome = shopClock('Europe/Rome');
    expect(rome.toIso('2026-12-04 10:00:00')).toBe('2026-12-04T09:00:00.000Z');
    expect(rome.toIso('2026-07-01 12:00:00')).toBe('2026-07-01T10:00:00.000Z');
    // The night clocks go back (2026-10-25): 03:30 exists once, after the change.
    expect(rome.toIso('2026-10-25 03:30:00')).toBe('2026-10-25T02:30:00.000Z');
    expect(rome.fromMs(Date.parse('2026-07-01T10:00:00Z'))).toBe('2026-07-01 12:00:00');
  });

  it('refuses what is not a shop date, and round-trips in UTC', () => {
    const utc = shopClock('UTC');
    expect(utc.toIso('2026-12-04T10:00:00')).toBeNull();
    expect(utc.toIso('0000-00-00 00:00:00')).not.toBeNull();
    expect(utc.toIso('yesterday')).toBeNull();
    expect(utc.toIso(utc.fromMs(Date.parse('2026-12-04T10:00:05Z')))).toBe('2026-12-04T10:00:05.000Z');
  });
});
