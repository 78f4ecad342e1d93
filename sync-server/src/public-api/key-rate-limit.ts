/**
 * @module
 * The rate limit per API key (issue 19): a token bucket per key (issue 18's `TokenBucket`), asked
 * without waiting: an empty bucket answers 429 with `Retry-After` in whole seconds. Buckets live
 * in this process: with several processes behind a balancer each grants the rate.
 */
import { TokenBucket } from '../channels/token-bucket';
import type { BucketClock } from '../channels/token-bucket';

export interface KeyRateLimit {
  readonly perSecond: number;
  readonly burst: number;
}

/** 10 requests a second, 50 at once: a full catalogue sync at 500 rows a page stays well inside. */
export const DEFAULT_KEY_RATE_LIMIT: KeyRateLimit = { perSecond: 10, burst: 50 };

export interface KeyRateLimiter {
  /** 0 when the request may go (its token is taken); else the milliseconds until one is there. */
  take(keyId: string): number;
}

export function createKeyRateLimiter(limit: KeyRateLimit, clock: BucketClock): KeyRateLimiter {
  const buckets = new Map<string, TokenBucket>();
  return {
    take(keyId) {
      let bucket = buckets.get(keyId);
      if (!bucket) buckets.set(keyId, (bucket = new TokenBucket(limit.perSecond, limit.burst, clock)));
      const wait = bucket.waitMs();
      if (wait > 0) return wait;
      // A token is there, so this resolves at once without sleeping.
      void bucket.take();
      return 0;
    },
  };
}
