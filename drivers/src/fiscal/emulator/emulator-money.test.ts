import { describe, expect, it } from 'vitest';
import { formatCommaAmount, lineAmountCents, parseEuroToCents, parseQuantity, parseWireInteger, vatInsideGross, WireNumberError } from './emulator-money';

describe('emulator money', () => {
  it('parses dot decimals to cents and thousandths without floating point', () => {
    expect(parseEuroToCents('9.90')).toBe(990);
    expect(parseEuroToCents('0.1')).toBe(10);
    expect(parseEuroToCents('12')).toBe(1200);
    expect(parseEuroToCents('0.07')).toBe(7);
    expect(parseQuantity('0.250')).toBe(250);
    expect(parseQuantity('2')).toBe(2000);
  });

  it('refuses commas, signs, exponents, spaces, NUL bytes, extra decimals and huge numbers', () => {
    for (const bad of ['9,90', '-1.00', '1e3', ' 1.00', '1.00\u0000', '', '1.001', '10000000.00', '99999999999999', 'NaN', '0x10']) {
      expect(() => parseEuroToCents(bad), bad).toThrow(WireNumberError);
    }
    expect(() => parseQuantity('1.0001')).toThrow(WireNumberError);
    expect(() => parseWireInteger('12.5', 1000)).toThrow(WireNumberError);
    expect(() => parseWireInteger('1001', 1000)).toThrow(WireNumberError);
  });

  it('rounds quantity × price half up to the cent', () => {
    expect(lineAmountCents(1500, 33)).toBe(50); // 49.5 → 50
    expect(lineAmountCents(333, 100)).toBe(33); // 33.3 → 33
    expect(lineAmountCents(2000, 990)).toBe(1980);
    expect(lineAmountCents(1005, 1)).toBe(1); // 1.005 → 1
    expect(lineAmountCents(99_999_999, 9)).toBe(900_000); // exact in BigInt
    expect(() => lineAmountCents(99_999_999, 999_999_999)).toThrow(WireNumberError);
  });

  it('takes the VAT out of a gross amount half up', () => {
    expect(vatInsideGross(1220, 2200)).toBe(220);
    expect(vatInsideGross(1782, 2200)).toBe(321); // 321.34
    expect(vatInsideGross(110, 1000)).toBe(10);
    expect(vatInsideGross(500, 0)).toBe(0);
  });

  it('formats cents with a comma and two decimals', () => {
    expect(formatCommaAmount(100)).toBe('1,00');
    expect(formatCommaAmount(17640)).toBe('176,40');
    expect(formatCommaAmount(5)).toBe('0,05');
    expect(formatCommaAmount(-250)).toBe('-2,50');
    expect(formatCommaAmount(123456789)).toBe('1234567,89');
  });
});
