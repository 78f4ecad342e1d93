import { describe, expect, it } from 'vitest';
import { formatDocumentNumber } from './document-number';

describe('a document number as receipts print it', () => {
  it('is the Z and the number within it, four digits each', () => {
    expect(formatDocumentNumber(1, 2)).toBe('0001-0002');
    expect(formatDocumentNumber(123, 4567)).toBe('0123-4567');
    expect(formatDocumentNumber(9999, 9999)).toBe('9999-9999');
  });
});
