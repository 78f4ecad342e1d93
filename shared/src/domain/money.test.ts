import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import {
  parseQuantityText,
  allocateProportionally,
  assertCents,
  assertQuantityMilli,
  divideRoundHalfUp,
  formatCents,
  InvalidAmountError,
  isCents,
  lineAmount,
  NotAnIntegerError,
  parseEuroAmount,
  percentDiscount,
  roundForCash,
} from './money';

const abs = (n: bigint): bigint => (n < 0n ? -n : n);

// Amounts a till can plausibly see, with room for products past 2^53.
const cents = fc.integer({ min: -1_000_000_000_000, max: 1_000_000_000_000 });
const quantity = fc.integer({ min: -100_000_000, max: 100_000_000 });
// Prices up to 100 million euro: price × quantity passes 2^53 while the result still fits.
const unitPrice = fc.integer({ min: -10_000_000_000, max: 10_000_000_000 });

/** True when `result` is `numerator / denominator` rounded half away from zero. */
function isRoundedHalfUp(result: number, numerator: bigint, denominator: bigint): boolean {
  const error = abs(BigInt(result) * denominator - numerator) * 2n;
  if (error < denominator) return true;
  // On an exact half, the rounded value must be the one further from zero.
  return error === denominator && abs(BigInt(result) * denominator) > abs(numerator);
}

describe('assertCents / assertQuantityMilli', () => {
  it('accepts safe integers', () => {
    expect(() => assertCents(0)).not.toThrow();
    expect(() => assertCents(-1250)).not.toThrow();
    expect(() => assertQuantityMilli(1500)).not.toThrow();
    expect(isCents(Number.MAX_SAFE_INTEGER)).toBe(true);
  });

  it.each([12.5, Number.NaN, Infinity, 2 ** 53, '12', null])('rejects %s with a clear error', (bad) => {
    expect(() => assertCents(bad, 'unit price')).toThrow(NotAnIntegerError);
    expect(() => assertCents(bad, 'unit price')).toThrow(/^unit price must be a safe integer, got /);
    expect(() => assertQuantityMilli(bad)).toThrow(NotAnIntegerError);
  });
});

describe('divideRoundHalfUp', () => {
  it.each([
    [5n, 10n, 1n],
    [4n, 10n, 0n],
    [15n, 10n, 2n],
    [-5n, 10n, -1n],
    [-4n, 10n, 0n],
    [-15n, 10n, -2n],
    [0n, 7n, 0n],
  ])('%d / %d = %d', (numerator, denominator, expected) => {
    expect(divideRoundHalfUp(numerator, denominator)).toBe(expected);
  });

  it('refuses a non-positive denominator', () => {
    expect(() => divideRoundHalfUp(1n, 0n)).toThrow(RangeError);
  });
});

describe('lineAmount', () => {
  it.each([
    [199, 1000, 199], // one piece
    [199, 3000, 597], // three pieces
    [199, 1500, 299], // 1.5 kg at 1,99 €/kg = 2,985 €, half rounds up
    [1290, 333, 430], // 333 g at 12,90 €/kg = 4,2957 €
    [1, 499, 0],
    [1, 500, 1],
    [199, -1500, -299], // a return mirrors the sale
    [0, 1234, 0],
  ])('%d cents × %d thousandths = %d', (price, qty, expected) => {
    expect(lineAmount(price, qty)).toBe(expected);
  });

  it('stays exact where the product passes 2^53', () => {
    // 90.071.992.547,40 € × 100,001 units: the product exceeds 2^53 before dividing by 1000.
    expect(lineAmount(9_007_199_254_740, 100_001)).toBe(900_728_932_673_255);
  });

  it('throws on fractional input and on results too large for a number', () => {
    expect(() => lineAmount(1.5, 1000)).toThrow(/unit price in cents must be a safe integer/);
    expect(() => lineAmount(100, 0.5)).toThrow(/quantity in thousandths must be a safe integer/);
    expect(() => lineAmount(Number.MAX_SAFE_INTEGER, 1_000_000)).toThrow(RangeError);
  });

  it('is price × quantity rounded half-up, symmetric for returns', () => {
    fc.assert(
      fc.property(unitPrice, quantity, (price, qty) => {
        const amount = lineAmount(price, qty);
        expect(isRoundedHalfUp(amount, BigInt(price) * BigInt(qty), 1000n)).toBe(true);
        expect(lineAmount(price, -qty)).toBe(-amount + 0);
      }),
    );
  });
});

describe('percentDiscount', () => {
  it.each([
    [1999, 1000, 200], // 10 % of 19,99 € = 1,999 €
    [1000, 1250, 125], // 12.5 %
    [999, 5000, 500], // 4,995 € rounds half-up
    [-999, 5000, -500],
    [1234, 0, 0],
    [1234, 10_000, 1234],
  ])('%d cents at %d bp = %d', (amount, bp, expected) => {
    expect(percentDiscount(amount, bp)).toBe(expected);
  });

  it.each([-1, 10_001, 12.5])('rejects %d basis points', (bp) => {
    expect(() => percentDiscount(1000, bp)).toThrow(/basis points from 0 to 10000/);
  });

  it('is amount × bp / 10000 rounded half-up', () => {
    fc.assert(
      fc.property(cents, fc.integer({ min: 0, max: 10_000 }), (amount, bp) => {
        const discount = percentDiscount(amount, bp);
        expect(isRoundedHalfUp(discount, BigInt(amount) * BigInt(bp), 10_000n)).toBe(true);
      }),
    );
  });
});

describe('allocateProportionally', () => {
  it.each([
    [100, [1, 1, 1], [34, 33, 33]],
    [-100, [1, 1, 1], [-34, -33, -33]],
    [1000, [300, 700], [300, 700]],
    [10, [1000, 0, 3000], [3, 0, 7]], // 2.5 and 7.5: equal remainders, the earlier line wins
    [1, [1, 1], [1, 0]],
    [0, [5, 7], [0, 0]],
    [500, [-200, -300], [200, 300]],
  ])('%d across %j = %j', (total, weights, expected) => {
    expect(allocateProportionally(total, weights)).toEqual(expected);
  });

  it('refuses impossible weights', () => {
    expect(() => allocateProportionally(100, [])).toThrow(/all zero/);
    expect(() => allocateProportionally(100, [0, 0])).toThrow(/all zero/);
    expect(() => allocateProportionally(100, [5, -5])).toThrow(/mix positive and negative/);
    expect(() => allocateProportionally(100, [1.5])).toThrow(NotAnIntegerError);
    expect(() => allocateProportionally(1.5, [1])).toThrow(NotAnIntegerError);
  });

  const weightLists = fc.oneof(
    fc.array(fc.integer({ min: 0, max: 10_000_000 }), { minLength: 1, maxLength: 30 }),
    fc.array(fc.integer({ min: -10_000_000, max: 0 }), { minLength: 1, maxLength: 30 }),
  );

  it('sums to the total exactly, each part within one cent of its exact share', () => {
    fc.assert(
      fc.property(cents, weightLists, (total, weights) => {
        fc.pre(weights.some((w) => w !== 0));
        const parts = allocateProportionally(total, weights);
        expect(parts).toHaveLength(weights.length);
        expect(parts.reduce((a, b) => a + b, 0)).toBe(total);
        const weightSum = BigInt(weights.reduce((a, b) => a + Math.abs(b), 0));
        parts.forEach((part, i) => {
          const exact = BigInt(total) * BigInt(Math.abs(weights[i] ?? 0));
          expect(abs(BigInt(part) * weightSum - exact) < weightSum).toBe(true);
          if (weights[i] === 0) expect(part).toBe(0);
          if (part !== 0) expect(Math.sign(part)).toBe(Math.sign(total));
        });
        // Deterministic: the same input gives the same split.
        expect(allocateProportionally(total, weights)).toEqual(parts);
      }),
    );
  });
});

describe('roundForCash', () => {
  it.each([
    [1230, 1230],
    [1231, 1230],
    [1232, 1230],
    [1233, 1235],
    [1234, 1235],
    [1235, 1235],
    [1236, 1235],
    [1237, 1235],
    [1238, 1240],
    [1239, 1240],
    [1, 0],
    [-1238, -1240],
    [-1232, -1230],
  ])('%d cents is paid as %d', (amount, rounded) => {
    expect(roundForCash(amount)).toEqual({ roundedCents: rounded, differenceCents: rounded - amount });
  });

  it('gives a multiple of 5 at most 2 cents away, symmetric for refunds', () => {
    fc.assert(
      fc.property(cents, (amount) => {
        const { roundedCents, differenceCents } = roundForCash(amount);
        expect(Math.abs(roundedCents % 5)).toBe(0);
        expect(Math.abs(differenceCents)).toBeLessThanOrEqual(2);
        expect(roundedCents - amount).toBe(differenceCents);
        expect(roundForCash(-amount).roundedCents).toBe(-roundedCents + 0);
      }),
    );
  });
});

describe('parseEuroAmount', () => {
  it.each([
    ['12,50', 1250],
    ['12.50', 1250],
    ['12,5', 1250],
    ['12', 1200],
    ['0,05', 5],
    [',50', 50],
    ['1.234,56', 123456],
    ['1.234', 123400],
    ['1.234.567', 123456700],
    ['1,234.56', 123456],
    ['€ 3', 300],
    ['€3,00', 300],
    ['3 €', 300],
    ['3 EUR', 300],
    ['3 euro', 300],
    ['EUR 12,50', 1250],
    ['1.234,56\u00a0€', 123456], // as Intl prints it, with a no-break space
    ['  7,90\n', 790],
    ['-2,5', -250],
    ['- 2,50', -250],
    ['-€ 2,50', -250],
    ['€ -2,50', -250],
    ['\u22122,50', -250],
    ['+4', 400],
    ['-0', 0],
  ])('%j is %d cents', (text, expected) => {
    expect(parseEuroAmount(text)).toBe(expected);
  });

  it.each([
    ['', /it is empty/],
    ['   ', /it is empty/],
    ['abc', /expected digits/],
    ['12,345', /more than two decimal places/],
    ['0.125', /more than two decimal places/],
    ['12,', /one or two decimals/],
    ['12.', /one or two decimals/],
    ['1,2,3', /more than one decimal comma/],
    ['1.23.4', /group exactly three digits/],
    ['12.34,56', /group exactly three digits/],
    ['1.234.56', /group exactly three digits/],
    ['--3', /two signs/],
    ['3 $', /expected digits/],
    ['1e3', /expected digits/],
    ['12 50', /expected digits/],
    ['99999999999999999', /too large/],
  ])('%j is refused (%s)', (text, message) => {
    expect(() => parseEuroAmount(text)).toThrow(InvalidAmountError);
    expect(() => parseEuroAmount(text)).toThrow(message);
  });

  it('names the input in the error', () => {
    expect(() => parseEuroAmount('dodici')).toThrow('Cannot read "dodici" as a euro amount');
  });

  it('reads back whatever formatCents prints, with or without a euro sign', () => {
    fc.assert(
      fc.property(cents, (amount) => {
        const text = formatCents(amount);
        expect(parseEuroAmount(text)).toBe(amount);
        expect(parseEuroAmount(`€ ${text}`)).toBe(amount);
        expect(parseEuroAmount(text.replace(/\./g, ''))).toBe(amount);
      }),
    );
  });
});

describe('formatCents', () => {
  it.each([
    [0, '0,00'],
    [5, '0,05'],
    [1250, '12,50'],
    [100000, '1.000,00'],
    [123456, '1.234,56'],
    [123456789, '1.234.567,89'],
    [-250, '-2,50'],
    [-0, '0,00'],
  ])('%d cents prints as %s', (amount, text) => {
    expect(formatCents(amount)).toBe(text);
  });

  it('refuses fractional cents', () => {
    expect(() => formatCents(0.5)).toThrow(NotAnIntegerError);
  });
});

describe('parseQuantityText', () => {
  it('reads whole and decimal quantities with a comma or a dot', () => {
    expect(parseQuantityText('5')).toBe(5000);
    expect(parseQuantityText('1,5')).toBe(1500);
    expect(parseQuantityText(' 0.250 ')).toBe(250);
    expect(parseQuantityText('0')).toBe(0);
  });

  it('refuses signs unless asked, a fourth decimal, and anything that is not a number', () => {
    expect(parseQuantityText('-2')).toBeNull();
    expect(parseQuantityText('-2', { signed: true })).toBe(-2000);
    expect(parseQuantityText('\u22121,5', { signed: true })).toBe(-1500);
    for (const bad of ['', '1,2345', '1.2.3', 'abc', '1e3', '--1', ',5']) expect(parseQuantityText(bad, { signed: true })).toBeNull();
  });

  it('reads back every quantity it could have been shown, in either style', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e12, max: 1e12 }), fc.boolean(), (milli, comma) => {
        const text = `${milli < 0 ? '-' : ''}${Math.trunc(Math.abs(milli) / 1000)}${comma ? ',' : '.'}${String(Math.abs(milli) % 1000).padStart(3, '0')}`;
        expect(parseQuantityText(text, { signed: true })).toBe(milli === 0 ? 0 : milli);
      }),
    );
  });
});
