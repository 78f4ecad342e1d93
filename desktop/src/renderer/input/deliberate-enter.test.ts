import { describe, expect, it } from 'vitest';
import { isDeliberateEnter } from './deliberate-enter';

describe('an Enter in the empty scan field', () => {
  it('is deliberate when nothing happened just before', () => {
    expect(isDeliberateEnter({ at: 10_000, previousEnterAt: -Infinity, lastScanAt: -Infinity })).toBe(true);
    expect(isDeliberateEnter({ at: 10_000, previousEnterAt: 9_000, lastScanAt: 8_000 })).toBe(true);
  });

  it('is stray right after a scan (CR+LF) or right after another Enter (double press)', () => {
    expect(isDeliberateEnter({ at: 10_000, previousEnterAt: -Infinity, lastScanAt: 9_990 })).toBe(false);
    expect(isDeliberateEnter({ at: 10_000, previousEnterAt: 9_850, lastScanAt: -Infinity })).toBe(false);
  });
});
