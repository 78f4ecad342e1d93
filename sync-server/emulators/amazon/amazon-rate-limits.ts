/**
 * @module
 * SP-API's usage plans: one token bucket per operation and seller. The rates are the models' own
 * "Usage Plan" tables (amzn/selling-partner-api-models 34dc93f: listingsItems_2021-08-01.json,
 * orders_2026-01-01.json, ordersV0.json); every answer carries the applied rate in
 * `x-amzn-RateLimit-Limit`, and a throttled call gets 429 `QuotaExceeded` (reference §2,
 * jlevers/selling-partner-api #477).
 */

export type AmazonOperation =
  | 'getListingsItem'
  | 'patchListingsItem'
  | 'searchListingsItems'
  | 'searchOrders'
  | 'getOrder'
  | 'getOrders'
  | 'getOrderItems';

export interface UsagePlan {
  readonly perSecond: number;
  readonly burst: number;
}

/** The models' default plans. */
export const amazonUsagePlans: Readonly<Record<AmazonOperation, UsagePlan>> = {
  getListingsItem: { perSecond: 5, burst: 10 },
  patchListingsItem: { perSecond: 5, burst: 5 },
  searchListingsItems: { perSecond: 5, burst: 5 },
  searchOrders: { perSecond: 0.0056, burst: 20 },
  getOrder: { perSecond: 0.5, burst: 30 },
  getOrders: { perSecond: 0.0167, burst: 20 },
  getOrderItems: { perSecond: 0.5, burst: 30 },
};

/** The sandbox's single plan for every operation (reference §2: 5 rps, burst 15). */
export const amazonSandboxPlan: UsagePlan = { perSecond: 5, burst: 15 };

export class UsagePlanBuckets {
  private readonly buckets = new Map<AmazonOperation, { tokens: number; at: number }>();

  constructor(
    private readonly planOf: (operation: AmazonOperation) => UsagePlan | null,
    private readonly now: () => number,
  ) {}

  /** The plan the answer reports; null when limits are switched off. */
  plan(operation: AmazonOperation): UsagePlan | null {
    return this.planOf(operation);
  }

  /** Takes one token; false when the bucket is empty (the call is throttled). */
  take(operation: AmazonOperation): boolean {
    const plan = this.planOf(operation);
    if (plan === null) return true;
    const now = this.now();
    const bucket = this.buckets.get(operation) ?? { tokens: plan.burst, at: now };
    const refilled = Math.min(plan.burst, bucket.tokens + (Math.max(0, now - bucket.at) / 1000) * plan.perSecond);
    if (refilled < 1) {
      this.buckets.set(operation, { tokens: refilled, at: now });
      return false;
    }
    this.buckets.set(operation, { tokens: refilled - 1, at: now });
    return true;
  }
}
