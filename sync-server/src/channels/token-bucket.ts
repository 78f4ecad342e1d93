/**
 * @module
 * A token bucket per channel account and operation (issue 18): `take()` resolves when a request
 * may go, so a connector never outruns the channel's published rate (`channelLimits`), and the
 * remote's own figure (Amazon's `x-amzn-RateLimit-Limit`) replaces ours when it tells one.
 *
 * A taker reserves its token at once (the balance may go below zero) and waits for the balance to
 * come back: callers are served in the order they asked, without polling.
 */
import { channelLimits } from '@cassa/shared';
import type { ChannelKind } from '@cassa/shared';

export interface BucketClock {
  /** Monotonic milliseconds. */
  readonly now: () => number;
  readonly sleep: (ms: number) => Promise<void>;
}

export const realBucketClock: BucketClock = {
  now: () => performance.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

export class TokenBucket {
  private tokens: number;
  private at: number;

  constructor(
    private perSecond: number,
    private readonly burst: number,
    private readonly clock: BucketClock = realBucketClock,
  ) {
    this.tokens = burst;
    this.at = clock.now();
  }

  /** The rate now in force (requests per second). */
  get rate(): number {
    return this.perSecond;
  }

  private refill(): void {
    const now = this.clock.now();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.at) / 1000) * this.perSecond);
    this.at = now;
  }

  /** Milliseconds the next taker would wait (0: a token is there). */
  waitMs(): number {
    this.refill();
    return this.tokens >= 1 ? 0 : Math.ceil(((1 - this.tokens) / this.perSecond) * 1000);
  }

  async take(): Promise<void> {
    this.refill();
    this.tokens -= 1;
    if (this.tokens >= 0) return;
    await this.clock.sleep(Math.ceil((-this.tokens / this.perSecond) * 1000));
  }

  /** The remote told us its rate: a nonsense figure (0, negative, NaN, absurdly high) is ignored. */
  observe(perSecond: number): void {
    if (!Number.isFinite(perSecond) || perSecond <= 0 || perSecond > 1000) return;
    this.refill();
    this.perSecond = perSecond;
  }
}

/** One account's buckets, made on first use from `channelLimits[kind]` (`default` for an operation it does not name). */
export class AccountBuckets {
  private readonly buckets = new Map<string, TokenBucket>();

  constructor(
    private readonly kind: ChannelKind,
    private readonly clock: BucketClock = realBucketClock,
  ) {}

  bucket(operation: string): TokenBucket {
    const rates = channelLimits[this.kind].rates;
    const known = Object.hasOwn(rates, operation) ? operation : 'default';
    let bucket = this.buckets.get(known);
    if (!bucket) {
      const rate = rates[known] ?? { perSecond: 5, burst: 10 };
      bucket = new TokenBucket(rate.perSecond, rate.burst, this.clock);
      this.buckets.set(known, bucket);
    }
    return bucket;
  }
}
