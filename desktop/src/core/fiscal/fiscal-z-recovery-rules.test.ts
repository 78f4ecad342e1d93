/** The Z recovery's decisions on their own: the baseline, "did it run", and the till's amount. */
import { describe, expect, it } from 'vitest';
import type { FiscalClosure, FiscalDocument, FiscalRequest } from '@cassa/shared';
import { DEFAULT_DEPARTMENTS } from '@cassa/shared';
import { OtherDeviceError, baselineFromLastDocument, tillDailyAmountCents, zRanSince } from './fiscal-z-recovery';

const serial = '99MEY012345';
const doc = (zNumber: number, documentNumber: number): FiscalDocument => ({ serial, zNumber, documentNumber, date: '2026-11-26', time: '10:00:00', amountCents: 100 });
const reading = (zNumber: number, other = serial): FiscalClosure => ({ serial: other, zNumber, dailyAmountCents: 0, date: '2026-11-26', time: '19:00:00' });

function sale(kind: 'sale' | 'return', department: number, unitPriceCents: number, quantity = 1): FiscalRequest {
  const common = {
    lines: [{ description: 'Caffè', quantityMilli: quantity * 1000, unitPriceCents, department, discountCents: 0 }],
    tenders: [{ kind: 'cash' as const, amountCents: unitPriceCents * quantity }],
    roundingCents: 0,
  };
  return kind === 'sale' ? { kind, ...common, lotteryCode: null, customerTaxId: null } : { kind, ...common, original: null };
}

describe('the baseline from the last document', () => {
  it("is the last document's Z while the till holds no Z of that day", () => {
    expect(baselineFromLastDocument(doc(7, 12), () => 6)).toEqual({ serial, openZ: 7, basis: 'last-document' });
    expect(baselineFromLastDocument(doc(1, 1), () => null)).toEqual({ serial, openZ: 1, basis: 'last-document' });
  });

  it('is none on a device with no document, or when that day is already closed (a day without documents)', () => {
    expect(baselineFromLastDocument(null, () => null)).toBeNull();
    expect(baselineFromLastDocument(doc(7, 12), () => 7)).toBeNull();
    expect(baselineFromLastDocument(doc(7, 12), () => 9)).toBeNull();
  });

  it("asks the till about the last document's own serial", () => {
    const asked: string[] = [];
    baselineFromLastDocument(doc(3, 1), (s) => {
      asked.push(s);
      return null;
    });
    expect(asked).toEqual([serial]);
  });
});

describe('whether the Z ran', () => {
  const baseline = { serial, openZ: 7, basis: 'last-document' as const };
  it('ran when the X reports a day past the baseline', () => {
    expect(zRanSince(baseline, reading(8))).toBe(true);
    expect(zRanSince(baseline, reading(9))).toBe(true);
  });
  it('did not when the X still reports the baseline day (or an older number from a reset device)', () => {
    expect(zRanSince(baseline, reading(7))).toBe(false);
    expect(zRanSince(baseline, reading(0))).toBe(false);
  });
  it('cannot say on another device', () => {
    expect(() => zRanSince(baseline, reading(8, '99MEY054321'))).toThrow(OtherDeviceError);
  });
});

describe("the till's daily amount", () => {
  const lookupNone = () => undefined;
  it('is sales less returns, by VAT totals, in cents', () => {
    const documents = [
      { request: sale('sale', 1, 449, 3), amountCents: 1347 },
      { request: sale('sale', 2, 1_000_001), amountCents: 1_000_001 },
      { request: sale('return', 1, 449), amountCents: 449 },
    ];
    expect(tillDailyAmountCents(documents, DEFAULT_DEPARTMENTS, lookupNone)).toBe(1347 + 1_000_001 - 449);
  });
  it('takes a void off by the lines of the document it cancels', () => {
    const original = sale('sale', 1, 449, 2);
    const reference = { serial, zNumber: 7, documentNumber: 1, date: '2026-11-26' };
    const documents = [
      { request: original, amountCents: 898 },
      { request: sale('sale', 1, 100), amountCents: 100 },
      { request: { kind: 'void' as const, original: reference, amountCents: 898 }, amountCents: 898 },
    ];
    const found = (s: string, z: number, n: number) => (s === serial && z === 7 && n === 1 ? original : undefined);
    expect(tillDailyAmountCents(documents, DEFAULT_DEPARTMENTS, found)).toBe(100);
  });

  it('is zero for a day without documents', () => {
    expect(tillDailyAmountCents([], DEFAULT_DEPARTMENTS, lookupNone)).toBe(0);
  });
  it("falls back to the documents' own amounts when a department left the table", () => {
    const documents = [
      { request: sale('sale', 42, 500), amountCents: 500 },
      { request: sale('return', 42, 200), amountCents: 200 },
    ];
    expect(tillDailyAmountCents(documents, DEFAULT_DEPARTMENTS, lookupNone)).toBe(300);
  });
});
