/** The chaos bench's "longest stretch without a push" (scripts/bench/chaos-lag-bench.ts). */

/**
 * The longest gap between consecutive `times` (ms), not counting the parts of it that fall inside
 * one of the `down` intervals: a till cannot push to a server that is not there.
 */
export function longestStretchUp(times: readonly number[], down: readonly (readonly [number, number])[]): number {
  const sorted = [...times].sort((a, b) => a - b);
  let longest = 0;
  for (let i = 1; i < sorted.length; i++) {
    const from = sorted[i - 1]!;
    const to = sorted[i]!;
    const overlap = down.reduce((sum, [start, end]) => sum + Math.max(0, Math.min(to, end) - Math.max(from, start)), 0);
    longest = Math.max(longest, to - from - overlap);
  }
  return longest;
}

/**
 * After each time the server came back (the end of a `down` interval), how long the slowest till
 * took to have a push committed (ms); `end` stands in for a till that never pushed again.
 */
export function slowestRecovery(pushesPerTill: readonly (readonly number[])[], down: readonly (readonly [number, number])[], end: number): number {
  let slowest = 0;
  for (const [, up] of down) {
    for (const times of pushesPerTill) slowest = Math.max(slowest, (times.filter((t) => t >= up).sort((a, b) => a - b)[0] ?? end) - up);
  }
  return slowest;
}
