/**
 * @module
 * A clock that runs `scale` times faster than the wall clock, shared by head office (`now`, its
 * token buckets) and the channel emulators, so a scenario that waits on the channels' own clocks
 * (Amazon lists an order once it is two minutes old and refills `searchOrders` once every three;
 * head office polls orders every minute and backs off after a 429) runs in a fraction of the time
 * with every ratio between those clocks kept. Timers that are real on both sides stay real: the
 * connector's request timeout and an emulator's held answer (`timeout` fault) are both wall-clock
 * milliseconds, so a held answer still outlasts the request it was meant to outlast.
 *
 * The scale can change mid-run (`setScale`): the clock never jumps, it only runs faster or slower
 * from that moment on.
 */

export interface ScaledClock {
  readonly scale: number;
  /** From now on the clock runs `scale` times the wall clock (at least 1). */
  setScale(scale: number): void;
  /** Milliseconds since the epoch on the fast clock (starts at the wall clock's now). */
  now(): number;
  /** The same instant as a Date (head office's `now`). */
  date(): Date;
  /**
   * Head office's token-bucket clock: monotonic fast milliseconds, and a sleep of `ms` fast
   * milliseconds (a wall-clock `ms / scale` at the scale of the moment it starts).
   */
  readonly bucketClock: { readonly now: () => number; readonly sleep: (ms: number) => Promise<void> };
}

export function scaledClock(initialScale = 1): ScaledClock {
  const checked = (scale: number) => {
    if (!Number.isFinite(scale) || scale < 1) throw new Error(`a clock scale must be at least 1, not ${scale}`);
    return scale;
  };
  let scale = checked(initialScale);
  // From the monotonic clock: a wall-clock step (NTP) must not move the fast clock backwards.
  let monoAt = performance.now();
  let elapsedAt = 0;
  const elapsed = () => elapsedAt + (performance.now() - monoAt) * scale;
  const wallStart = Date.now();
  const now = () => Math.floor(wallStart + elapsed());
  return {
    get scale() {
      return scale;
    },
    setScale(next) {
      elapsedAt = elapsed();
      monoAt = performance.now();
      scale = checked(next);
    },
    now,
    date: () => new Date(now()),
    bucketClock: {
      now: elapsed,
      sleep: (ms) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms) / scale)),
    },
  };
}
