import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { gs1CheckDigit, parseScan } from './barcode';
import {
  COMMON_VARIABLE_MEASURE_LAYOUTS,
  DEFAULT_SCALE_LAYOUTS,
  findVariableMeasureLayout,
  hasValidPriceCheckDigit,
  overlappingScaleLayouts,
  priceCheckDigit,
  readVariableMeasure,
  scaleLayoutProblemText,
  scaleLayoutsProblems,
  variableMeasureLayoutSchema,
  variableMeasureLayoutsSchema,
} from './gs1-variable-measure';
import type { VariableMeasureLayout } from './gs1-variable-measure';

const { italyPrice, weightGrams, flaggedPrice, flaggedWeight } = COMMON_VARIABLE_MEASURE_LAYOUTS;

describe('readVariableMeasure', () => {
  it.each([
    // Check digits worked out by hand.
    ['2123456012347', italyPrice, { itemCode: '123456', priceCents: 1234 }],
    ['2123456012347', flaggedPrice, { itemCode: '23456', priceCents: 1234 }],
    ['2222220015000', flaggedWeight, { itemCode: '22220', weightGrams: 1500 }],
    // 2, item 000112, weight 01010 g.
    ['2000112010100', weightGrams, { itemCode: '000112', weightGrams: 1010 }],
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
    expect(() => readVariableMeasure('2123456012347', tooLong)).toThrow(/take 13 digits instead of 12/);
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
    [{ ...flaggedPrice, itemDigits: 6 }, 'take 13 digits instead of 12'],
    // A digit nobody reads is a layout that does not match the label.
    [{ ...flaggedPrice, itemDigits: 4 }, 'take 11 digits instead of 12'],
    [{ ...flaggedWeight, itemDigits: 4, priceCheckDigit: true }, 'only for 4- or 5-digit prices'],
    [{ ...flaggedPrice, itemDigits: 3, valueDigits: 6, priceCheckDigit: true }, 'only for 4- or 5-digit prices'],
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
    const layouts: VariableMeasureLayout[] = [italyPrice, flaggedPrice, flaggedWeight];
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
    .filter((l) => l.prefix.length + l.itemDigits + l.valueDigits === 12);

  it('reads back the item and value a scale encoded', () => {
    // Every layout that fills the 12 digits exactly.
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

describe('the GS1 in-store price check digit', () => {
  it.each([
    // The worked examples of the GS1 General Specifications (price check digit calculation).
    ['2875', 9],
    ['14685', 6],
    // By hand: 2-(0)+2-(0)+3(0)+5-(0) = 0; 5+(0)+2-(1)+5-(0)+5+(1)+2-(0) = 2+5 = 7 → 3 = 5-(5).
    ['0000', 0],
    ['01010', 5],
  ])('%s → %i', (price, digit) => {
    expect(priceCheckDigit(price)).toBe(digit);
  });

  it('is defined for 4 and 5 digits only', () => {
    expect(() => priceCheckDigit('123')).toThrow(RangeError);
    expect(() => priceCheckDigit('123456')).toThrow(RangeError);
  });

  it('catches any single wrong digit in a 5-digit price', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 99_999 }), fc.integer({ min: 0, max: 4 }), fc.integer({ min: 1, max: 9 }), (value, at, shift) => {
        const price = String(value).padStart(5, '0');
        const wrong = `${price.slice(0, at)}${(Number(price[at]) + shift) % 10}${price.slice(at + 1)}`;
        expect(priceCheckDigit(wrong)).not.toBe(priceCheckDigit(price));
      }),
    );
  });

  it('refuses a label whose price does not match its check digit, and reads one that does', () => {
    const { checkedPrice } = COMMON_VARIABLE_MEASURE_LAYOUTS;
    // 20, item 0112, price check 5, price 01010 (10,10 €).
    const body = '200112501010';
    const label = `${body}${gs1CheckDigit(body)}`;
    expect(hasValidPriceCheckDigit(label, checkedPrice)).toBe(true);
    expect(parseScan(label, [checkedPrice])).toMatchObject({ kind: 'variable-measure', itemCode: '0112', priceCents: 1010 });
    // The same label with the price check digit 4: the EAN-13 check digit is recomputed, so only
    // the price check digit can notice.
    const forgedBody = '200112401010';
    const forged = `${forgedBody}${gs1CheckDigit(forgedBody)}`;
    expect(parseScan(forged, [checkedPrice])).toMatchObject({ kind: 'invalid', reason: 'price-check-digit' });
  });
});

describe('a list of layouts', () => {
  it('accepts the default and refuses overlapping prefixes with both prefixes named', () => {
    expect(variableMeasureLayoutsSchema.safeParse(DEFAULT_SCALE_LAYOUTS).success).toBe(true);
    expect(overlappingScaleLayouts([italyPrice, flaggedPrice])).toEqual([{ code: 'overlap', prefix: '2', other: '21' }]);
    expect(overlappingScaleLayouts([flaggedPrice, { ...flaggedPrice, value: 'weight', decimals: 3 }])).toEqual([
      { code: 'overlap', prefix: '21', other: '21' },
    ]);
    expect(overlappingScaleLayouts([flaggedPrice, flaggedWeight])).toEqual([]);
    expect(variableMeasureLayoutsSchema.safeParse([italyPrice, flaggedPrice]).error?.issues[0]?.message).toBe(
      'Prefixes 2 and 21 overlap: one label would match both',
    );
  });

  it('words each problem in Italian and English', () => {
    const problems = scaleLayoutsProblems([
      { prefix: '21', itemDigits: 4, value: 'price', valueDigits: 5, decimals: 2 },
      { prefix: '21', itemDigits: 5, value: 'weight', valueDigits: 5, decimals: 3 },
    ]);
    expect(problems).toEqual([
      { code: 'digits', prefix: '21', total: 11 },
      { code: 'overlap', prefix: '21', other: '21' },
    ]);
    expect(problems.map((p) => scaleLayoutProblemText(p, 'it'))).toEqual([
      'Prefisso 21: prefisso, codice articolo, cifra di controllo del prezzo e valore occupano 11 cifre invece di 12 (più la cifra di controllo EAN-13 fanno 13)',
      "I prefissi 21 e 21 si sovrappongono: un'etichetta corrisponderebbe a entrambi",
    ]);
    expect(scaleLayoutProblemText({ code: 'prefix', prefix: '19' }, 'en')).toBe('Prefix "19": 1 to 4 digits starting with 2');
  });
});

describe('the default layouts', () => {
  const label = (body: string) => `${body}${gs1CheckDigit(body)}`;
  it('read 20, 23 and 24 as price labels and 21, 22 as weight labels', () => {
    expect(parseScan(label('201000201234'), DEFAULT_SCALE_LAYOUTS)).toMatchObject({ itemCode: '10002', priceCents: 1234 });
    expect(parseScan(label('231000201234'), DEFAULT_SCALE_LAYOUTS)).toMatchObject({ itemCode: '10002', priceCents: 1234 });
    expect(parseScan(label('211000201234'), DEFAULT_SCALE_LAYOUTS)).toMatchObject({ itemCode: '10002', weightGrams: 1234 });
    // 25–29: the shop's own codes, looked up in the catalogue.
    expect(parseScan(label('251000201234'), DEFAULT_SCALE_LAYOUTS)).toMatchObject({ kind: 'gtin' });
  });
});
