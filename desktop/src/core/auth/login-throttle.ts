/**
 * @module
 * Growing delays after wrong PINs. A 4-digit PIN has 10 000 values: a flat "5 tries a minute"
 * falls in under two days, so each failure past the free ones doubles the wait, up to a cap.
 * One counter per key (a user, a tablet, the till's override pad); a success clears it.
 */

/** Wrong PINs allowed before any wait: enough for a cashier's typos. */
export const freeFailures = 4;
const firstDelayMs = 30_000;
export const maxDelayMs = 60 * 60 * 1000;

/** The wait after the n-th consecutive failure: 0, 0, 0, 0, 30 s, 1 min, 2 min, … capped at 1 h. */
export function lockoutDelayMs(failures: number): number {
  if (failures <= freeFailures) return 0;
  const doublings = Math.min(failures - freeFailures - 1, 20);
  return Math.min(firstDelayMs * 2 ** doublings, maxDelayMs);
}

export interface FailureCount {
  readonly failures: number;
  /** Epoch milliseconds, or null while the failures are still free. */
  readonly lockedUntil: number | null;
}

export function afterFailure(previous: FailureCount | undefined, nowMs: number): FailureCount {
  const failures = (previous?.failures ?? 0) + 1;
  const delay = lockoutDelayMs(failures);
  return { failures, lockedUntil: delay > 0 ? nowMs + delay : null };
}

/**
 * Counters held in memory, for keys that do not deserve a row on disk (a tablet, the override
 * pad): bounded by the number of enrolled devices, and a restart asks for PINs anyway.
 */
export class LoginThrottle {
  private readonly counts = new Map<string, FailureCount>();

  lockedUntil(key: string, nowMs: number): number | null {
    const count = this.counts.get(key);
    return count?.lockedUntil && count.lockedUntil > nowMs ? count.lockedUntil : null;
  }

  fail(key: string, nowMs: number): FailureCount {
    const next = afterFailure(this.counts.get(key), nowMs);
    this.counts.set(key, next);
    return next;
  }

  succeed(key: string): void {
    this.counts.delete(key);
  }
}
