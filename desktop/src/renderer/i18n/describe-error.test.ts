import { describe, expect, it } from 'vitest';
import { CassaError, errorDetailsFromWire } from '@cassa/shared';
import { describeError } from './i18n';

describe('what the cashier reads for a refusal', () => {
  it('gives the code and the reason of a refused scan in Italian too', () => {
    const error = new CassaError('INVALID_BARCODE', '12345: A GTIN has 8, 12, 13 or 14 digits; this code has 5', {
      length: 5,
      code: '12345',
      reason: 'length',
    });
    expect(describeError(error, 'it')).toBe('Codice a barre non valido: 12345 (un codice EAN/UPC ha 8, 12, 13 o 14 cifre, questo ne ha 5)');
    expect(describeError(error, 'en')).toBe('Invalid barcode: 12345 (an EAN/UPC code has 8, 12, 13 or 14 digits, this one has 5)');
  });

  it('falls back to the table for a reason it does not know (a newer head office)', () => {
    expect(describeError(new CassaError('INVALID_BARCODE', 'x', errorDetailsFromWire({ code: '1', reason: 'from-the-future' })), 'it')).toBe('Codice a barre non valido');
  });

  it('names the owner\'s ceiling', () => {
    const error = new CassaError('AMOUNT_OVER_LIMIT', 'over', { ceilingCents: 1_000_000, amountCents: 100_000_000_000 });
    expect(describeError(error, 'it')).toBe('Importo oltre il massimo fissato dal titolare (10.000,00\u00a0€)');
    expect(describeError(error, 'en')).toMatch(/^Amount over the maximum the owner set \(€10,000\.00\)$/);
  });
});
