/**
 * @module
 * Retry delays: exponential, capped, with jitter so a hundred tills coming back online after an
 * outage do not knock on the server in step.
 */

export interface BackoffPolicy {
  /** The first retry waits about this long. */
  readonly baseMs: number;
  /** No retry waits longer than this. */
  readonly maxMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 1_000, maxMs: 60_000 };

/**
 * "Equal jitter": half the capped exponential delay is fixed, half random, so retries never
 * bunch near zero and never exceed the cap. `attempt` counts from 1.
 */
export function backoffDelay(attempt: number, policy: BackoffPolicy, random: () => number): number {
  const exponent = Math.min(Math.max(attempt - 1, 0), 30);
  const capped = Math.min(policy.maxMs, policy.baseMs * 2 ** exponent);
  return Math.round(capped / 2 + random() * (capped / 2));
}
