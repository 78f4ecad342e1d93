import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { FiscalDocument } from '@cassa/shared';
import { documentTotals, isAdoptable, issuedAfter } from './fiscal-recovery';
import { fiscalConnectionFor } from './fiscal-service';

const doc = (zNumber: number, documentNumber: number, amountCents: number, serial = '99MEY012345'): FiscalDocument => ({
  serial,
  zNumber,
  documentNumber,
  date: '2026-11-26',
  time: '10:00:00',
  amountCents,
});

describe('adopting the device’s last document after a lost answer', () => {
  it('adopts a newer document of the same amount, never an older or equal one, never another amount', () => {
    const baseline = doc(3, 17, 449);
    expect(isAdoptable(doc(3, 18, 449), baseline, [449])).toBe(true);
    expect(isAdoptable(doc(4, 1, 449), baseline, [449])).toBe(true);
    expect(isAdoptable(doc(3, 17, 449), baseline, [449])).toBe(false);
    expect(isAdoptable(doc(2, 99, 449), baseline, [449])).toBe(false);
    expect(isAdoptable(doc(3, 18, 450), baseline, [449])).toBe(false);
    expect(isAdoptable(null, baseline, [449])).toBe(false);
  });

  it('decides by the amount alone without a baseline or across a replaced device', () => {
    expect(isAdoptable(doc(1, 1, 449), 'none', [449])).toBe(true);
    expect(isAdoptable(doc(1, 1, 450), 'none', [449])).toBe(false);
    expect(isAdoptable(doc(1, 1, 449, '99MEY099999'), doc(8, 40, 449), [449])).toBe(true);
  });

  it('adopts a cash sale rounded down whether the device reports the rounded or the goods total', () => {
    // 19.02 of goods rounded down to 19.00 in cash: efsta sends the rounding as a payment discount.
    const request = { kind: 'sale' as const, lines: [], tenders: [], roundingCents: -2, lotteryCode: null, customerTaxId: null };
    const totals = documentTotals(request, 1900);
    expect(totals).toEqual([1900, 1902]);
    expect(isAdoptable(doc(3, 18, 1902), doc(3, 17, 449), totals)).toBe(true);
    expect(isAdoptable(doc(3, 18, 1900), doc(3, 17, 449), totals)).toBe(true);
    expect(isAdoptable(doc(3, 18, 1901), doc(3, 17, 449), totals)).toBe(false);
    // Rounding up is a surcharge line: the document's total is the rounded one only.
    expect(documentTotals({ ...request, roundingCents: 2 }, 1905)).toEqual([1905]);
  });

  it('orders documents by Z then number, as a strict order', () => {
    const arb = fc.record({ z: fc.integer({ min: 0, max: 9999 }), n: fc.integer({ min: 1, max: 9999 }) });
    fc.assert(
      fc.property(arb, arb, (a, b) => {
        const x = doc(a.z, a.n, 1);
        const y = doc(b.z, b.n, 1);
        const same = a.z === b.z && a.n === b.n;
        expect(issuedAfter(x, y) && issuedAfter(y, x)).toBe(false);
        expect(issuedAfter(x, y) || issuedAfter(y, x)).toBe(!same);
      }),
    );
  });
});

describe('the fiscal connection for a run', () => {
  it('takes the environment over the saved setting, and "none" or empty as no device', () => {
    expect(fiscalConnectionFor('epson-rt://10.0.0.5', undefined)).toBe('epson-rt://10.0.0.5');
    expect(fiscalConnectionFor('epson-rt://10.0.0.5', 'epson-rt://10.0.0.9')).toBe('epson-rt://10.0.0.9');
    expect(fiscalConnectionFor('epson-rt://10.0.0.5', '')).toBeNull();
    expect(fiscalConnectionFor(null, ' none ')).toBeNull();
    expect(fiscalConnectionFor(null, undefined)).toBeNull();
  });
});
