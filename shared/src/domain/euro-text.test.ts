import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_AMOUNT_CENTS } from '../records/limits';
import { euroInputText, formatEuro, moneyLocale, parseEuroInput } from './euro-text';
import { InvalidAmountError, parseEuroAmount } from './money';

const nbsp = '\u00a0';

describe('formatEuro', () => {
  it('writes Italian with a comma, grouped thousands and the sign after', () => {
    expect(formatEuro(123456, 'it')).toBe(`1.234,56${nbsp}€`);
    expect(formatEuro(29, 'it')).toBe(`0,29${nbsp}€`);
    expect(formatEuro(0, 'it')).toBe(`0,00${nbsp}€`);
    expect(formatEuro(-123456, 'it')).toBe(`-1.234,56${nbsp}€`);
  });

  it('writes English with the sign first and commas between thousands', () => {
    expect(formatEuro(123456, 'en')).toBe('€1,234.56');
    expect(formatEuro(-5, 'en')).toBe('-€0.05');
    expect(formatEuro(100, 'en-GB')).toBe('€1.00');
  });

  it('stays exact for huge amounts, where cents / 100 in a float would not', () => {
    expect(formatEuro(Number.MAX_SAFE_INTEGER, 'it')).toBe(`90.071.992.547.409,91${nbsp}€`);
    expect(formatEuro(-Number.MAX_SAFE_INTEGER, 'en')).toBe('-€90,071,992,547,409.91');
  });

  it('refuses what is not a whole number of cents', () => {
    expect(() => formatEuro(12.5, 'it')).toThrow(/safe integer/);
    expect(() => formatEuro(Number.NaN, 'en')).toThrow(/safe integer/);
  });

  it('reads the same as Intl for amounts below a thousand (what screens showed before)', () => {
    for (const cents of [0, 1, 29, 1999, 99_999, -250]) {
      expect(formatEuro(cents, 'it')).toBe(new Intl.NumberFormat('it-IT', { style: 'currency', currency: 'EUR' }).format(cents / 100));
      expect(formatEuro(cents, 'en')).toBe(new Intl.NumberFormat('en-IE', { style: 'currency', currency: 'EUR' }).format(cents / 100));
    }
  });
});

describe('euroInputText', () => {
  it('is what a person types: no grouping, no currency sign', () => {
    expect(euroInputText(123450, 'it')).toBe('1234,50');
    expect(euroInputText(123450, 'en')).toBe('1234.50');
    expect(euroInputText(-7, 'it')).toBe('-0,07');
  });
});

describe('moneyLocale', () => {
  it('takes any English tag as English and everything else as Italian', () => {
    expect(moneyLocale('en-GB')).toBe('en');
    expect(moneyLocale('it-IT')).toBe('it');
    expect(moneyLocale('de')).toBe('it');
  });
});

describe('parseEuroInput', () => {
  it('reads 0,29 as exactly 29 cents (a float reading gives 28.999…)', () => {
    expect(parseEuroInput('0,29')).toBe(29);
    expect(parseEuroInput('0.29')).toBe(29);
    expect(parseEuroInput('4,35')).toBe(435);
  });

  it('reads thousands separators and the euro sign in either style', () => {
    expect(parseEuroInput('1.234,56 €')).toBe(123456);
    expect(parseEuroInput('€1,234.56')).toBe(123456);
    expect(parseEuroInput('2.500')).toBe(250000);
  });

  it('gives null for two commas, letters, three decimals, negatives and amounts past the bound', () => {
    for (const text of ['1,2,3', '12a', 'abc', '12,345', '-5', '', '1.2.3,4']) expect(parseEuroInput(text)).toBeNull();
    expect(parseEuroInput('100,01', { min: 0, max: 10_000 })).toBeNull();
    expect(parseEuroInput('100,00', { min: 0, max: 10_000 })).toBe(10_000);
    expect(parseEuroInput('0', { min: 1 })).toBeNull();
  });
});

describe('parseEuroAmount bounds', () => {
  it('names the bound an amount breaks', () => {
    expect(() => parseEuroAmount('100,01', { max: 10_000 })).toThrow(/over the maximum of 100,00/);
    expect(() => parseEuroAmount('-1', { min: 0 })).toThrow(/negative/);
    expect(() => parseEuroAmount('0,50', { min: 100 })).toThrow(/below the minimum of 1,00/);
    expect(() => parseEuroAmount('12,345')).toThrow(InvalidAmountError);
  });
});

describe('format → parse round trip', () => {
  const inBounds = fc.integer({ min: -MAX_AMOUNT_CENTS, max: MAX_AMOUNT_CENTS });
  const anySafe = fc.integer({ min: -Number.MAX_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER });
  const locale = fc.constantFrom('it' as const, 'en' as const);

  it('reads back every amount it writes, in both languages', () => {
    fc.assert(
      fc.property(inBounds, locale, (cents, lang) => {
        expect(parseEuroAmount(formatEuro(cents, lang))).toBe(cents);
        expect(parseEuroAmount(euroInputText(cents, lang))).toBe(cents);
      }),
      { numRuns: 2000 },
    );
  });

  it('round-trips up to the largest safe integer', () => {
    fc.assert(fc.property(anySafe, locale, (cents, lang) => parseEuroAmount(formatEuro(cents, lang)) === cents));
  });

  it('round-trips through the form reader within its bounds', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: MAX_AMOUNT_CENTS }), locale, (cents, lang) => {
        expect(parseEuroInput(formatEuro(cents, lang), { min: 0, max: MAX_AMOUNT_CENTS })).toBe(cents);
      }),
    );
  });
});
