import { describe, expect, it } from 'vitest';
import { AccountBuckets, TokenBucket } from './token-bucket';
import type { BucketClock } from './token-bucket';

/** A clock that only moves when a taker sleeps (or the test moves it). */
function fakeClock(): BucketClock & { at: number; slept: number[] } {
  const clock = {
    at: 0,
    slept: [] as number[],
    now: () => clock.at,
    sleep: (ms: number) => {
      clock.slept.push(ms);
      clock.at += ms;
      return Promise.resolve();
    },
  };
  return clock;
}

describe('token bucket', () => {
  it('lets a burst through at once, then spaces takers at the rate', async () => {
    const clock = fakeClock();
    const bucket = new TokenBucket(5, 10, clock);
    for (let i = 0; i < 10; i++) await bucket.take();
    expect(clock.slept).toEqual([]);
    await bucket.take();
    await bucket.take();
    expect(clock.slept).toEqual([200, 200]);
  });

  it('refills with time up to the burst, never beyond', async () => {
    const clock = fakeClock();
    const bucket = new TokenBucket(1, 2, clock);
    await bucket.take();
    await bucket.take();
    clock.at += 60_000;
    expect(bucket.waitMs()).toBe(0);
    await bucket.take();
    await bucket.take();
    expect(clock.slept).toEqual([]);
    expect(bucket.waitMs()).toBe(1000);
  });

  it('takes the remote’s own rate, ignoring nonsense figures', async () => {
    const clock = fakeClock();
    const bucket = new TokenBucket(5, 1, clock);
    await bucket.take();
    bucket.observe(0.5);
    expect(bucket.rate).toBe(0.5);
    for (const nonsense of [0, -1, Number.NaN, Number.POSITIVE_INFINITY, 1e9]) bucket.observe(nonsense);
    expect(bucket.rate).toBe(0.5);
    await bucket.take();
    expect(clock.slept).toEqual([2000]);
  });

  it('gives each operation of an account its own bucket from channelLimits (default for the rest)', () => {
    const buckets = new AccountBuckets('amazon', fakeClock());
    expect(buckets.bucket('getOrders').rate).toBeCloseTo(0.0167);
    expect(buckets.bucket('listings').rate).toBe(5);
    expect(buckets.bucket('getOrders')).toBe(buckets.bucket('getOrders'));
    expect(new AccountBuckets('prestashop', fakeClock()).bucket('anything').rate).toBe(5);
  });
});
