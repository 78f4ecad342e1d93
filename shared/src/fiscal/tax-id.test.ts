import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { reasonText } from '../domain';
import { codiceFiscaleProblem, customerTaxIdOf, partitaIvaProblem, taxIdReasons } from './tax-id';

// An independent check-character rule written out as the published table reads, so the module is
// not checked against itself: value of each character in an odd position, in 0-9 then A-Z order.
const ODD = [1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23];
const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';
function referenceCheck(first15: string): string {
  let sum = 0;
  [...first15].forEach((c, i) => {
    const at = ALPHABET.indexOf(c);
    sum += i % 2 === 0 ? (ODD[at] ?? NaN) : at < 10 ? at : at - 10;
  });
  return 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'.charAt(sum % 26);
}
function referencePartitaIvaCheck(first10: string): number {
  const digits = [...first10].map(Number);
  const odd = digits.filter((_, i) => i % 2 === 0).reduce((a, b) => a + b, 0);
  const even = digits.filter((_, i) => i % 2 === 1).map((d) => (d < 5 ? 2 * d : 2 * d - 9)).reduce((a, b) => a + b, 0);
  return (10 - ((odd + even) % 10)) % 10;
}

const letter = fc.integer({ min: 0, max: 25 }).map((n) => String.fromCharCode(65 + n));
const digitText = (count: number) => fc.array(fc.integer({ min: 0, max: 9 }), { minLength: count, maxLength: count }).map((d) => d.join(''));
/** A made-up person's first 15 characters, with omocodia substitutions in some digit places. */
const codiceFiscaleBody = fc
  .record({
    names: fc.array(letter, { minLength: 6, maxLength: 6 }).map((l) => l.join('')),
    year: digitText(2),
    month: fc.constantFrom(...'ABCDEHLMPRST'),
    day: fc.oneof(fc.integer({ min: 1, max: 31 }), fc.integer({ min: 41, max: 71 })).map((d) => String(d).padStart(2, '0')),
    town: letter,
    townNumber: digitText(3),
    omocodia: fc.array(fc.boolean(), { minLength: 7, maxLength: 7 }),
  })
  .map((p) => {
    const chars = [...`${p.names}${p.year}${p.month}${p.day}${p.town}${p.townNumber}`];
    [6, 7, 9, 10, 12, 13, 14].forEach((position, i) => {
      if (p.omocodia[i] === true) chars[position] = 'LMNPQRSTUV'.charAt(Number(chars[position]));
    });
    return chars.join('');
  });

describe('codice fiscale', () => {
  it('accepts the textbook examples, whose check characters the published table gives', () => {
    for (const code of ['RSSMRA85T10A562S', 'RSSMRA80A01F205X', 'BNZVCN32S10E573Z']) {
      expect(referenceCheck(code.slice(0, 15))).toBe(code.charAt(15));
      expect(codiceFiscaleProblem(code)).toBeNull();
    }
  });

  it('accepts every well-formed code with its check character, omocodia included, and refuses every other check character', () => {
    fc.assert(
      fc.property(codiceFiscaleBody, letter, (body, other) => {
        const check = referenceCheck(body);
        expect(codiceFiscaleProblem(body + check)).toBeNull();
        if (other !== check) {
          expect(codiceFiscaleProblem(body + other)).toEqual({
            problem: 'check-character',
            details: { kind: 'codice-fiscale', position: 16, expected: check, given: other },
          });
        }
      }),
    );
  });

  it('refuses a misplaced letter or digit, a month letter that is none, an impossible day', () => {
    // Digit in the surname letters; a letter outside LMNPQRSTUV in a digit place.
    expect(codiceFiscaleProblem('R5SMRA85T10A562S')?.problem).toBe('shape');
    expect(codiceFiscaleProblem('RSSMRA8AT10A562S')).toMatchObject({ problem: 'shape', details: { position: 8 } });
    expect(codiceFiscaleProblem('RSSMRA85F10A562S')?.problem).toBe('month');
    expect(codiceFiscaleProblem('RSSMRA85T32A562S')?.problem).toBe('day');
    expect(codiceFiscaleProblem('RSSMRA85T00A562S')?.problem).toBe('day');
    expect(codiceFiscaleProblem('RSSMRA85T72A562S')?.problem).toBe('day');
  });

  it('checks text as given: lower case, spaces, NUL and wrong lengths are refused', () => {
    expect(codiceFiscaleProblem('rssmra85t10a562s')?.problem).toBe('characters');
    expect(codiceFiscaleProblem('RSSMRA85T10A562S ')).toMatchObject({ problem: 'characters', details: { position: 17 } });
    expect(codiceFiscaleProblem('RSSMRA85T10A562\u0000')).toMatchObject({ problem: 'characters', details: { position: 16 } });
    expect(codiceFiscaleProblem('RSSMRA85T10A562')).toMatchObject({ problem: 'length', details: { length: 15 } });
    expect(codiceFiscaleProblem('RSSMRA85T10A562SX')).toMatchObject({ problem: 'length', details: { length: 17 } });
    expect(codiceFiscaleProblem('')?.problem).toBe('empty');
  });
});

describe('partita IVA', () => {
  it("accepts the Agenzia delle Entrate's sample 12345678903, whose check digit is right", () => {
    expect(referencePartitaIvaCheck('1234567890')).toBe(3);
    expect(partitaIvaProblem('12345678903')).toBeNull();
    expect(partitaIvaProblem('12345678901')).toEqual({
      problem: 'check-character',
      details: { kind: 'partita-iva', position: 11, expected: '3', given: '1' },
    });
  });

  it('accepts exactly one check digit for any ten digits', () => {
    fc.assert(
      fc.property(digitText(10), fc.integer({ min: 0, max: 9 }), (first10, digit) => {
        fc.pre(!/^0+$/.test(first10));
        const expected = referencePartitaIvaCheck(first10);
        expect(partitaIvaProblem(`${first10}${digit}`)?.problem ?? null).toBe(digit === expected ? null : 'check-character');
      }),
    );
  });

  it('refuses letters, NUL, wrong lengths and all zeros', () => {
    expect(partitaIvaProblem('1234567890A')?.problem).toBe('characters');
    expect(partitaIvaProblem('12345\u0000678903')?.problem).toBe('characters');
    expect(partitaIvaProblem('1234567890')).toMatchObject({ problem: 'length', details: { length: 10 } });
    expect(partitaIvaProblem('123456789031')).toMatchObject({ problem: 'length', details: { length: 12 } });
    expect(partitaIvaProblem('00000000000')?.problem).toBe('all-zero');
  });
});

describe('customerTaxIdOf', () => {
  it('trims and upper-cases, then tells a codice fiscale from a partita IVA', () => {
    expect(customerTaxIdOf('  rssmra85t10a562s\t')).toEqual({ ok: true, kind: 'codice-fiscale', value: 'RSSMRA85T10A562S' });
    expect(customerTaxIdOf(' 12345678903 ')).toEqual({ ok: true, kind: 'partita-iva', value: '12345678903' });
  });

  it('refuses inner spaces, NUL, non-ASCII letters that upper-case into ASCII, and other lengths', () => {
    expect(customerTaxIdOf('RSSMRA85T10 A562S')).toMatchObject({ ok: false, problem: 'characters', details: { position: 12 } });
    expect(customerTaxIdOf('RSSMRA85T10A562S\u0000')).toMatchObject({ ok: false, problem: 'characters' });
    // 'ß'.toUpperCase() is 'SS': upper-casing first would turn 15 characters into a valid 16.
    expect(customerTaxIdOf('RßMRA85T10A562S')).toMatchObject({ ok: false, problem: 'characters', details: { position: 2 } });
    expect(customerTaxIdOf('RSSMRA85T10A562')).toMatchObject({ ok: false, problem: 'length', details: { length: 15 } });
    expect(customerTaxIdOf('RSSMRA85T10A562SS')).toMatchObject({ ok: false, problem: 'length', details: { length: 17 } });
    expect(customerTaxIdOf('   ')).toMatchObject({ ok: false, problem: 'empty' });
    expect(customerTaxIdOf('9'.repeat(100_000))).toMatchObject({ ok: false, problem: 'length', details: { length: 100_000 } });
    expect(customerTaxIdOf('rssmra85t10a562x')).toMatchObject({ ok: false, problem: 'check-character', details: { expected: 'S', given: 'X' } });
    expect(customerTaxIdOf('1234567890A')).toMatchObject({ ok: false, problem: 'characters', details: { kind: 'partita-iva' } });
  });

  it('words every refusal in both languages, with the facts it has', () => {
    const refused = customerTaxIdOf('rssmra85t10a562x');
    if (refused.ok) throw new Error('expected a refusal');
    expect(reasonText(taxIdReasons, refused.problem, refused.details, 'it')).toBe(
      'Il codice fiscale ha un carattere di controllo errato (X, atteso S): controllare di averlo scritto bene',
    );
    expect(reasonText(taxIdReasons, refused.problem, refused.details, 'en')).toBe(
      'The codice fiscale has a wrong check character (X, expected S): check it was typed correctly',
    );
    for (const code of Object.keys(taxIdReasons)) {
      for (const locale of ['it', 'en'] as const) {
        expect(reasonText(taxIdReasons, code, {}, locale)).toMatch(/^[A-Z][^]{10,}$/);
      }
    }
  });
});
