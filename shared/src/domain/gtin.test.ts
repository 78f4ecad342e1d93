import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { expandUpcE, gs1CheckDigit } from './barcode';
import { barcodeKey, catalogueBarcodeProblem, sameBarcode } from './gtin';

const digits = (n: number) => fc.array(fc.integer({ min: 0, max: 9 }), { minLength: n, maxLength: n }).map((d) => d.join(''));
const withCheck = (body: string) => `${body}${gs1CheckDigit(body)}`;
/** A valid UPC-E: number system 0 or 1, six digits, and the check digit of the UPC-A it expands to. */
const upcE = fc.tuple(fc.constantFrom('0', '1'), digits(6)).map(([ns, six]) => {
  for (let check = 0; check <= 9; check++) {
    try {
      expandUpcE(`${ns}${six}${check}`);
      return `${ns}${six}${check}`;
    } catch {
      // not this check digit
    }
  }
  throw new Error('unreachable: one check digit always fits');
});

describe('barcodeKey: one key per GTIN, however it is printed', () => {
  it('gives the UPC-E, its UPC-A, the EAN-13 and the GTIN-14 of the same number one key', () => {
    fc.assert(
      fc.property(upcE, (e) => {
        const a = expandUpcE(e);
        const forms = [e, a, `0${a}`, `00${a}`];
        expect(new Set(forms.map(barcodeKey))).toEqual(new Set([`00${a}`]));
      }),
    );
  });

  it('gives the EAN-13 and its GTIN-14 one key, and an EAN-8 its own GTIN-8 padded to 14', () => {
    fc.assert(
      fc.property(digits(12), (body) => {
        const ean13 = withCheck(body);
        expect(barcodeKey(`0${ean13}`)).toBe(barcodeKey(ean13));
      }),
    );
    expect(barcodeKey('96385074')).toBe('00000096385074');
    expect(barcodeKey('40123455')).toBe('00000040123455');
  });

  it('gives different GTIN numbers different keys', () => {
    fc.assert(
      fc.property(digits(13), digits(13), (x, y) => {
        fc.pre(x !== y);
        expect(barcodeKey(withCheck(x))).not.toBe(barcodeKey(withCheck(y)));
      }),
    );
    fc.assert(
      fc.property(upcE, upcE, (x, y) => {
        fc.pre(expandUpcE(x) !== expandUpcE(y));
        expect(sameBarcode(x, y)).toBe(false);
      }),
    );
  });

  it('keeps in-store codes (prefix 20–29) as padded EAN-13 and shop codes as printed', () => {
    expect(barcodeKey('2112345000008')).toBe('02112345000008');
    expect(barcodeKey('CAFFE-01')).toBe('CAFFE-01');
    expect(barcodeKey('caffe-01')).not.toBe(barcodeKey('CAFFE-01'));
    // Digits that are no valid GTIN (older data) stay their own key rather than being guessed at.
    expect(barcodeKey('4006381333932')).toBe('4006381333932');
    expect(barcodeKey(' 4006381333931\r\n')).toBe('04006381333931');
  });
});

describe('catalogueBarcodeProblem: the scan check, before a code is stored', () => {
  it('accepts what a scan accepts', () => {
    for (const code of ['4006381333931', '036000291452', '04252614', '96385074', 'CAFFE-01', '2112345000008']) {
      expect(catalogueBarcodeProblem(code)).toBeUndefined();
    }
  });

  it('refuses 22 digits, full-width digits, space-separated junk, wrong check digits and control bytes', () => {
    expect(catalogueBarcodeProblem('1234567890123456789012')?.reason).toBe('length');
    expect(catalogueBarcodeProblem('４００６３８１３３３９３１')?.reason).toBe('characters');
    expect(catalogueBarcodeProblem('800 123 456')?.reason).toBe('characters');
    expect(catalogueBarcodeProblem('4006381333932')?.reason).toBe('check-digit');
    expect(catalogueBarcodeProblem('ABC\u0000')?.reason).toBe('characters');
    expect(catalogueBarcodeProblem('10001')?.reason).toBe('length');
  });
});

describe('catalogueBarcodeProblem details', () => {
  it('passes on the scan check’s facts, so the sentence can name the digits', () => {
    expect(catalogueBarcodeProblem('8001120000011')).toMatchObject({ reason: 'check-digit', details: { given: '1', expected: '9' } });
    expect(catalogueBarcodeProblem('800 123')).toEqual({ reason: 'characters', message: 'A barcode has no spaces' });
  });
});
