import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { gs1CheckDigit, parseScan } from './barcode';
import {
  COMMON_VARIABLE_MEASURE_LAYOUTS,
  findVariableMeasureLayout,
  readVariableMeasure,
  variableMeasureLayoutSchema,
} from './gs1-variable-measure';
import type { VariableMeasureLayout } from './gs1-variable-measure';

const { italyPrice, weightGrams, flaggedPrice, flaggedWeight } = COMMON_VARIABLE_MEASURE_LAYOUTS;

describe('readVariableMeasure', () => {
  it.each([
    // Check digits worked out by hand.
    ['2123456012347', italyPrice, { itemCode: '123456', priceCents: 1234 }],
    ['2123456012347', flaggedPrice, { itemCode: '23456', priceCents: 1234 }],
    ['2222220015000', flaggedWeight, { itemCode: '22220', weightGrams: 1500 }],
    // 2, item 00011, a spare digit 2, weight 01010 g.
    ['2000112010100', weightGrams, { itemCode: '00011', weightGrams: 1010 }],
  ] as const)('%s with %j', (code, layout, expected) => {
    expect(readVariableMeasure(code, layout)).toEqual(expected);
  });

  it('reads a 3-digit-prefix layout as some Italian back-office software configures it', () => {
    // "200 AAAA PPPPP X": item 0112 at 10,10 €.
    const layout: VariableMeasureLayout = { prefix: '200', itemDigits: 4, value: 'price', valueDigits: 5, decimals: 2 };
    expect(readVariableMeasure('2000112010100', layout)).toEqual({ itemCode: '0112', priceCents: 1010 });
  });

  it('scales values with fewer decimals', () => {
    const tensOfCents: VariableMeasureLayout = { ...flaggedPrice, decimals: 1 };
    const euros: VariableMeasureLayout = { ...flaggedPrice, decimals: 0 };
    const tensOfGrams: VariableMeasureLayout = { ...flaggedWeight, decimals: 2 };
    expect(readVariableMeasure('2123456012347', tensOfCents).priceCents).toBe(12_340);
    expect(readVariableMeasure('2123456012347', euros).priceCents).toBe(123_400);
    expect(readVariableMeasure('2222220015000', tensOfGrams).weightGrams).toBe(15_000);
  });

  it('refuses malformed layouts and codes that do not match', () => {
    const tooLong: VariableMeasureLayout = { prefix: '21', itemDigits: 6, value: 'price', valueDigits: 5, decimals: 2 };
    expect(() => readVariableMeasure('2123456012347', tooLong)).toThrow(/must fit in the 12 digits/);
    expect(() => readVariableMeasure('2123456012347', flaggedWeight)).toThrow(/starting with 22/);
    expect(() => readVariableMeasure('212345601234', italyPrice)).toThrow(/not a 13-digit code/);
  });
});

describe('variableMeasureLayoutSchema', () => {
  it('accepts the common layouts', () => {
    for (const layout of Object.values(COMMON_VARIABLE_MEASURE_LAYOUTS)) {
      expect(variableMeasureLayoutSchema.parse(layout)).toEqual(layout);
    }
  });

  it.each([
    [{ ...flaggedPrice, prefix: '12' }, 'starting with 2'],
    [{ ...flaggedPrice, prefix: '' }, 'starting with 2'],
    [{ ...flaggedPrice, itemDigits: 6 }, 'must fit in the 12 digits'],
    [{ ...flaggedPrice, decimals: 3 }, 'at most 2 decimals'],
    [{ ...flaggedWeight, decimals: 4 }, ''],
    [{ ...flaggedPrice, value: 'volume' }, ''],
    [{ ...flaggedPrice, itemDigits: 2.5 }, ''],
  ])('refuses %j', (layout, message) => {
    const result = variableMeasureLayoutSchema.safeParse(layout);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.message).join('; ')).toContain(message);
  });
});

describe('findVariableMeasureLayout', () => {
  it('prefers the longest matching prefix, then the earlier layout', () => {
    const layouts = [italyPrice, flaggedPrice, flaggedWeight];
    expect(findVariableMeasureLayout('2123456012347', layouts)).toBe(flaggedPrice);
    expect(findVariableMeasureLayout('2222220015000', layouts)).toBe(flaggedWeight);
    expect(findVariableMeasureLayout('2512345012340', layouts)).toBe(italyPrice);
    expect(findVariableMeasureLayout('2512345012340', [italyPrice, weightGrams])).toBe(italyPrice);
    expect(findVariableMeasureLayout('8001120000019', layouts)).toBeUndefined();
  });
});

describe('round trip through a scale label', () => {
  const layout = fc
    .record({
      prefix: fc.constantFrom('2', '20', '21', '29', '200'),
      itemDigits: fc.integer({ min: 1, max: 6 }),
      value: fc.constantFrom('price' as const, 'weight' as const),
      valueDigits: fc.integer({ min: 1, max: 5 }),
      decimals: fc.integer({ min: 0, max: 2 }),
    })
    .filter((l) => l.prefix.length + l.itemDigits + l.valueDigits <= 12);

  it('reads back the item and value a scale encoded', () => {
    fc.assert(
      fc.property(layout, fc.nat(), fc.nat(), fc.nat(), (l, itemSeed, valueSeed, fillerSeed) => {
        const item = String(itemSeed).padStart(l.itemDigits, '0').slice(-l.itemDigits);
        const value = String(valueSeed).padStart(l.valueDigits, '0').slice(-l.valueDigits);
        const fillerLength = 12 - l.prefix.length - l.itemDigits - l.valueDigits;
        const filler = fillerLength === 0 ? '' : String(fillerSeed).padStart(fillerLength, '0').slice(-fillerLength);
        const body = `${l.prefix}${item}${filler}${value}`;
        const code = `${body}${gs1CheckDigit(body)}`;
        const scan = parseScan(code, [l]);
        const scale = l.value === 'price' ? 10 ** (2 - l.decimals) : 10 ** (3 - l.decimals);
        expect(scan).toEqual({
          kind: 'variable-measure',
          code,
          itemCode: item,
          layout: l,
          ...(l.value === 'price' ? { priceCents: Number(value) * scale } : { weightGrams: Number(value) * scale }),
        });
      }),
    );
  });
});
