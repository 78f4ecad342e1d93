import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import {
  expandUpcE,
  gs1CheckDigit,
  hasValidGs1CheckDigit,
  InvalidBarcodeError,
  isValidEan13,
  isValidEan8,
  isValidGtin14,
  isValidUpcA,
  isValidUpcE,
  parseScan,
  toGtin14,
} from './barcode';
import { COMMON_VARIABLE_MEASURE_LAYOUTS } from './gs1-variable-measure';

const digit = fc.constantFrom(...'0123456789');
const digits = (length: number) => fc.string({ unit: digit, minLength: length, maxLength: length });
const withCheck = (body: string): string => `${body}${gs1CheckDigit(body)}`;

/** Every code that differs from `code` in exactly one digit. */
function singleDigitChanges(code: string): string[] {
  const changed: string[] = [];
  for (let i = 0; i < code.length; i += 1) {
    for (const d of '0123456789') {
      if (d !== code[i]) changed.push(`${code.slice(0, i)}${d}${code.slice(i + 1)}`);
    }
  }
  return changed;
}

// Each check digit below was worked out by hand from the weights, not copied from the code.
describe('real codes', () => {
  it.each([
    ['4006381333931', 'ean-13', '04006381333931'], // GS1's own EAN-13 example
    ['5901234123457', 'ean-13', '05901234123457'],
    ['8001120000019', 'ean-13', '08001120000019'], // Italian prefix 800
    ['8000500310427', 'ean-13', '08000500310427'],
    ['8012345000012', 'ean-13', '08012345000012'],
    ['96385074', 'ean-8', '00000096385074'], // GS1's EAN-8 example
    ['73513537', 'ean-8', '00000073513537'],
    ['40170725', 'ean-8', '00000040170725'],
    ['036000291452', 'upc-a', '00036000291452'], // GS1's UPC-A example
    ['04252614', 'upc-e', '00042100005264'], // expands to 042100005264
    ['00012345600012', 'gtin-14', '00012345600012'],
  ] as const)('%s is a valid %s, GTIN %s', (code, symbology, gtin) => {
    expect(parseScan(code)).toEqual({ kind: 'gtin', code, gtin, symbology });
    expect(toGtin14(code)).toBe(gtin);
  });

  it('finds the same GTIN whether a UPC-A is scanned as 12 digits or as EAN-13', () => {
    expect(toGtin14('036000291452')).toBe(toGtin14('0036000291452'));
  });

  it.each([
    ['8001120000011', 'Check digit is 1, expected 9'],
    ['4006381333932', 'Check digit is 2, expected 1'],
    ['036000291453', 'Check digit is 3, expected 2'],
    ['96385075', 'Check digit is 5, expected 4'],
    ['04252615', 'Check digit is 5, expected 0 (EAN-8) or 4 (UPC-E)'],
    ['00012345600013', 'Check digit is 3, expected 2'],
  ])('%s has a wrong check digit: %s', (code, message) => {
    expect(parseScan(code)).toEqual({
      kind: 'invalid',
      reason: 'check-digit',
      message,
      // The digits a screen words in its own language.
      details: { given: code.slice(-1), expected: expect.stringMatching(/^[0-9](\/[0-9])?$/) },
    });
    expect(() => toGtin14(code)).toThrow(InvalidBarcodeError);
    expect(() => toGtin14(code)).toThrow(message);
  });
});

describe('gs1CheckDigit', () => {
  it.each([
    ['400638133393', 1],
    ['9638507', 4],
    ['03600029145', 2],
    ['800112000001', 9],
    ['0001234560001', 2],
    ['000000000000', 0],
  ])('%s → %d', (body, check) => {
    expect(gs1CheckDigit(body)).toBe(check);
  });

  it('refuses non-digits', () => {
    expect(() => gs1CheckDigit('12a4')).toThrow(RangeError);
    expect(() => gs1CheckDigit('')).toThrow(RangeError);
  });

  it('validates any body with its computed check digit, for every GTIN length', () => {
    fc.assert(
      fc.property(fc.constantFrom(7, 11, 12, 13), fc.nat(), (bodyLength, seed) => {
        const body = String(seed).padStart(bodyLength, '0').slice(-bodyLength);
        expect(hasValidGs1CheckDigit(withCheck(body))).toBe(true);
      }),
    );
  });

  it('accepts any 12 digits plus their check digit as EAN-13, and as a GTIN on scan', () => {
    fc.assert(
      fc.property(digits(12), (body) => {
        const code = withCheck(body);
        expect(isValidEan13(code)).toBe(true);
        expect(parseScan(code)).toEqual({ kind: 'gtin', code, gtin: `0${code}`, symbology: 'ean-13' });
      }),
    );
  });

  it('catches every single-digit error in EAN-13, UPC-A, EAN-8 and GTIN-14', () => {
    const validators = { 13: isValidEan13, 12: isValidUpcA, 8: isValidEan8, 14: isValidGtin14 } as const;
    fc.assert(
      fc.property(fc.constantFrom(8, 12, 13, 14), fc.string({ unit: digit, minLength: 13, maxLength: 13 }), (length, seed) => {
        const code = withCheck(seed.slice(0, length - 1));
        const isValid = validators[length as keyof typeof validators];
        expect(isValid(code)).toBe(true);
        for (const changed of singleDigitChanges(code)) {
          expect(isValid(changed)).toBe(false);
          const scan = parseScan(changed);
          // An 8-digit code with a broken EAN-8 check digit may still be a valid UPC-E.
          if (scan.kind === 'gtin') expect(length === 8 && scan.symbology === 'upc-e' && !scan.alternative).toBe(true);
          else expect(scan.kind).toBe('invalid');
        }
      }),
    );
  });
});

describe('UPC-E', () => {
  // One example per last digit, expanded by hand with the GS1 zero-suppression table.
  it.each([
    ['04252614', '042100005264'], // 0–2: manufacturer d1 d2 d6 00, product 00 d3 d4 d5
    ['01234505', '012000003455'],
    ['01234514', '012100003454'],
    ['01234523', '012200003453'],
    ['01234531', '012300000451'], // 3: manufacturer d1 d2 d3 00, product 000 d4 d5
    ['01234543', '012340000053'], // 4: manufacturer d1 d2 d3 d4 0, product 0000 d5
    ['01234558', '012345000058'], // 5–9: manufacturer d1…d5, product 0000 d6
    ['01234565', '012345000065'],
    ['01234572', '012345000072'],
    ['01234589', '012345000089'],
    ['01234596', '012345000096'],
    ['16543214', '165100004324'], // number system 1
  ])('%s expands to %s', (upcE, upcA) => {
    expect(isValidUpcE(upcE)).toBe(true);
    expect(expandUpcE(upcE)).toBe(upcA);
    expect(isValidUpcA(upcA)).toBe(true);
    expect(toGtin14(upcE)).toBe(`00${upcA}`);
  });

  it('refuses malformed codes', () => {
    expect(() => expandUpcE('24252614')).toThrow('A UPC-E code starts with number system 0 or 1');
    expect(() => expandUpcE('0425261')).toThrow(/8 digits/);
    expect(() => expandUpcE('0425261x')).toThrow(InvalidBarcodeError);
    expect(() => expandUpcE('04252615')).toThrow('Check digit is 5, expected 4');
    expect(isValidUpcE('24252614')).toBe(false);
  });

  it('offers the EAN-8 reading too when the check digit fits both', () => {
    // For a last data digit of 5–9 the UPC-E and EAN-8 weights coincide.
    expect(isValidEan8('01234558')).toBe(true);
    expect(parseScan('01234558')).toEqual({
      kind: 'gtin',
      code: '01234558',
      gtin: '00012345000058',
      symbology: 'upc-e',
      alternative: { gtin: '00000001234558', symbology: 'ean-8' },
    });
  });

  it('expands every UPC-E to a valid UPC-A with the same check digit', () => {
    fc.assert(
      fc.property(fc.constantFrom('0', '1'), digits(6), (ns, data) => {
        const body = `${ns}${data}`;
        // The UPC-E check digit is the one that makes its expansion valid.
        const code = [...'0123456789'].map((d) => `${body}${d}`).find(isValidUpcE);
        expect(code).toBeDefined();
        const upcA = expandUpcE(code ?? '');
        expect(upcA).toHaveLength(12);
        expect(isValidUpcA(upcA)).toBe(true);
        expect(upcA.slice(-1)).toBe(code?.slice(-1));
        const scan = parseScan(code ?? '');
        expect(scan).toMatchObject({ kind: 'gtin', gtin: `00${upcA}`, symbology: 'upc-e' });
      }),
    );
  });
});

describe('parseScan', () => {
  it.each(['4006381333931\r\n', '  4006381333931 ', '\t4006381333931\n', '\x024006381333931\x03'])(
    'strips scanner noise around %j',
    (raw) => {
      expect(parseScan(raw)).toMatchObject({ kind: 'gtin', code: '4006381333931', gtin: '04006381333931' });
    },
  );

  it('takes letters and mixed text as a shop code, as is', () => {
    expect(parseScan('ABC-123\r\n')).toEqual({ kind: 'code', value: 'ABC-123' });
    expect(parseScan('SKU 0042')).toEqual({ kind: 'code', value: 'SKU 0042' });
    expect(parseScan('4006381333931X')).toEqual({ kind: 'code', value: '4006381333931X' });
  });

  it.each([
    ['', 'The scan is empty'],
    ['\r\n', 'The scan is empty'],
    ['12345', 'A GTIN has 8, 12, 13 or 14 digits; this code has 5'],
    ['40063813339', 'A GTIN has 8, 12, 13 or 14 digits; this code has 11'],
  ])('refuses %j by length: %s', (raw, message) => {
    expect(parseScan(raw)).toEqual({ kind: 'invalid', reason: 'length', message, details: { length: raw.trim().length } });
  });

  it('refuses characters a scanner should not send, pointing at the keyboard layout', () => {
    expect(parseScan('à006381333931')).toEqual({
      kind: 'invalid',
      reason: 'characters',
      message: `Unexpected character "à" (U+00E0) at position 1; check the scanner's keyboard layout`,
      details: { character: '"à" (U+00E0)', position: 1 },
    });
    expect(parseScan('4006\x1d381333931')).toMatchObject({
      reason: 'characters',
      message: expect.stringContaining('U+001D at position 5'),
    });
  });

  it('reads scale labels with the configured layouts, and other 2x codes as GTINs', () => {
    const layouts = [COMMON_VARIABLE_MEASURE_LAYOUTS.italyPrice, COMMON_VARIABLE_MEASURE_LAYOUTS.flaggedWeight];
    expect(parseScan('2123456012347', layouts)).toEqual({
      kind: 'variable-measure',
      code: '2123456012347',
      itemCode: '123456',
      priceCents: 1234,
      layout: COMMON_VARIABLE_MEASURE_LAYOUTS.italyPrice,
    });
    expect(parseScan('2222220015000', layouts)).toEqual({
      kind: 'variable-measure',
      code: '2222220015000',
      itemCode: '22220',
      weightGrams: 1500,
      layout: COMMON_VARIABLE_MEASURE_LAYOUTS.flaggedWeight,
    });
    // Without layouts an in-store code is just a GTIN the catalogue may know.
    expect(parseScan('2123456012347')).toMatchObject({ kind: 'gtin', symbology: 'ean-13' });
    // A bad check digit is refused before any layout is applied.
    expect(parseScan('2123456012340', layouts)).toMatchObject({ kind: 'invalid', reason: 'check-digit' });
  });

  it('never throws, whatever arrives', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 20 }), (raw) => {
        const scan = parseScan(raw, [COMMON_VARIABLE_MEASURE_LAYOUTS.italyPrice]);
        expect(['gtin', 'variable-measure', 'code', 'invalid']).toContain(scan.kind);
        if (scan.kind === 'invalid') expect(scan.message.length).toBeGreaterThan(0);
      }),
    );
  });

  it('gives the same answer with or without surrounding whitespace', () => {
    const noise = fc.string({ unit: fc.constantFrom(' ', '\r', '\n', '\t'), maxLength: 3 });
    fc.assert(
      fc.property(noise, fc.oneof(digits(13), fc.string({ maxLength: 15 })), noise, (before, code, after) => {
        expect(parseScan(`${before}${code}${after}`)).toEqual(parseScan(code));
      }),
    );
  });
});
