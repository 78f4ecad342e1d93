/**
 * @module
 * A clock that runs `scale` times faster than the wall clock, shared by head office (`now`, its
 * token buckets) and the channel emulators, so a scenario that waits on the channels' own clocks
 * (Amazon lists an order once it is two minutes old and refills `searchOrders` once every three;
 * head office polls orders every minute and backs off after a 429) runs in a fraction of the time
 * with every ratio between those clocks kept. Timers that are real on both sides stay real: the
 * connector's request timeout and an emulator's held answer (`timeout` fault) are both wall-clock
 * milliseconds, so a held answer still outlasts the request it was meant to outlast.
 */

export interface ScaledClock {
  readonly scale: number;
  /** Milliseconds since the epoch on the fast clock (starts at the wall clock's now). */
  now(): number;
  /** The same instant as a Date (head office's `now`). */
  date(): Date;
  /**
   * Head office's token-bucket clock: monotonic fast milliseconds, and a sleep of `ms` fast
   * milliseconds (a wall-clock `ms / scale`).
   */
  readonly bucketClock: { readonly now: () => number; readonly sleep: (ms: number) => Promise<void> };
}

export function scaledClock(scale: number): ScaledClock {
  if (!Number.isFinite(scale) || scale < 1) throw new Error(`a clock scale must be at least 1, not ${scale}`);
  const wallStart = Date.now();
  const monoStart = performance.now();
  // From the monotonic clock: a wall-clock step (NTP) must not move the fast clock backwards.
  const elapsed = () => (performance.now() - monoStart) * scale;
  const now = () => Math.floor(wallStart + elapsed());
  return {
    scale,
    now,
    date: () => new Date(now()),
    bucketClock: {
      now: elapsed,
      sleep: (ms) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms) / scale)),
    },
  };
}
