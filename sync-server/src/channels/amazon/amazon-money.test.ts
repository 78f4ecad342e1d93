import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { centsOf } from './amazon-money';

describe('centsOf', () => {
  it('reads decimal strings exactly, without floating point', () => {
    expect(centsOf('19.99')).toBe(1999);
    expect(centsOf('0.1')).toBe(10);
    expect(centsOf('12.500')).toBe(1250);
    expect(centsOf('-5.00')).toBe(-500);
    expect(centsOf('154')).toBe(15400);
    expect(centsOf('1.15')).toBe(115); // 1.15 * 100 = 114.99999999999999 in floating point
  });

  it('refuses what is not a plain amount in cents', () => {
    for (const bad of ['1.005', '1e3', '', ' ', 'abc', '12,50', '1.2.3', '-', '\u00001.00', '99999999999999999999', null, undefined, {}, Number.NaN, 1e308]) {
      expect(centsOf(bad)).toBeNull();
    }
  });

  it('round-trips every amount in cents written as the models write it', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1_000_000_000, max: 1_000_000_000 }), (cents) => {
        const abs = Math.abs(cents);
        const text = `${cents < 0 ? '-' : ''}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
        expect(centsOf(text)).toBe(cents);
      }),
    );
  });
});
