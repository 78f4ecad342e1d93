import { describe, expect, it } from 'vitest';
import { longestStretchUp, slowestRecovery } from './chaos-stretch';

describe('longestStretchUp', () => {
  it('is the longest gap between pushes, in any order', () => {
    expect(longestStretchUp([0, 1_000, 4_000, 4_500], [])).toBe(3_000);
    expect(longestStretchUp([4_500, 0, 4_000, 1_000], [])).toBe(3_000);
  });

  it('leaves out the time the server was down, wholly or partly inside a gap', () => {
    // 1,000 → 9,000 is 8 s, 5 of them down: 3 s. 9,000 → 12,000 loses 1 s to the second outage.
    expect(longestStretchUp([0, 1_000, 9_000, 12_000], [[2_000, 7_000], [11_000, 14_000]])).toBe(3_000);
    expect(longestStretchUp([0, 1_000, 9_000, 13_500], [[2_000, 7_000], [11_000, 14_000]])).toBe(3_000);
  });

  it('is zero with fewer than two pushes', () => {
    expect(longestStretchUp([5], [])).toBe(0);
  });
});

describe('slowestRecovery', () => {
  it('is the longest wait, over restarts and tills, from the server back to a till pushing', () => {
    const tills = [
      [500, 2_100, 6_300],
      [2_600, 6_050],
    ];
    expect(slowestRecovery(tills, [[1_000, 2_000], [5_000, 6_000]], 10_000)).toBe(600);
  });

  it('counts a till that never pushes again up to the end', () => {
    expect(slowestRecovery([[100], [100, 3_000]], [[1_000, 2_000]], 9_000)).toBe(7_000);
  });
});
