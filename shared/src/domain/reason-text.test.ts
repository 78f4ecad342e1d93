import { describe, expect, it } from 'vitest';
import { parseScan } from './barcode';
import type { InvalidScan } from './barcode';
import { invalidScanReasons, invalidScanText, reasonText } from './reason-text';

describe('reason texts', () => {
  it('word a refused scan with its code and reason in Italian as in English', () => {
    const scan = parseScan('8001120000011') as InvalidScan;
    const details = { ...scan.details, code: '8001120000011', reason: scan.reason };
    expect(invalidScanText(details, 'it')).toBe(
      'Codice a barre non valido: 8001120000011 (cifra di controllo 1, attesa 9: codice letto male o stampato male)',
    );
    expect(invalidScanText(details, 'en')).toBe('Invalid barcode: 8001120000011 (check digit is 1, expected 9: misread or misprinted)');
  });

  it('word every reason parseScan gives', () => {
    for (const raw of ['', '12345', 'à006381333931', '4006381333932']) {
      const scan = parseScan(raw) as InvalidScan;
      const it = invalidScanText({ ...scan.details, code: raw, reason: scan.reason }, 'it');
      expect(it).toMatch(/^Codice a barre non valido: /);
      expect(it).not.toContain('?');
    }
  });

  it('answer undefined for a code a newer peer sent, and never read inherited keys', () => {
    expect(reasonText(invalidScanReasons, 'gtin-normalised', {}, 'it')).toBeUndefined();
    expect(reasonText(invalidScanReasons, 'toString', {}, 'it')).toBeUndefined();
    expect(invalidScanText({ code: '1', reason: 'constructor' }, 'en')).toBeUndefined();
  });
});

describe('reason texts without their facts', () => {
  it('still make a sentence when a check or an older peer sends the reason alone', () => {
    for (const reason of ['check-digit', 'length', 'characters', 'price-check-digit'] as const) {
      for (const locale of ['it', 'en'] as const) {
        const text = invalidScanText({ code: '800 123', reason }, locale);
        expect(text, `${reason} ${locale}`).toMatch(/^(Codice a barre non valido|Invalid barcode): 800 123 \(/);
        expect(text, `${reason} ${locale}`).not.toMatch(/\?|undefined/);
      }
    }
  });
});
