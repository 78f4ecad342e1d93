import { describe, expect, it } from 'vitest';
import type { Department, FiscalLine, FiscalReference, FiscalRequest } from './fiscal-model';
import { DEFAULT_DEPARTMENTS } from './departments';
import { fiscalVatTotals } from './fiscal-vat-totals';

const ref = (documentNumber: number): FiscalReference => ({ serial: '99MEY012345', zNumber: 4, documentNumber, date: '2026-12-03' });
const item = (department: number, quantityMilli: number, unitPriceCents: number, discountCents = 0): FiscalLine => ({
  description: 'x',
  quantityMilli,
  unitPriceCents,
  department,
  discountCents,
});
const sale = (lines: FiscalLine[], roundingCents = 0): FiscalRequest => ({
  kind: 'sale',
  lines,
  tenders: [{ kind: 'cash', amountCents: 1 }],
  roundingCents,
  lotteryCode: null,
  customerTaxId: null,
});
const table: Department[] = [...DEFAULT_DEPARTMENTS, { department: 11, vatCode: '22', description: 'Accessori' }];

describe('fiscalVatTotals', () => {
  it('adds a day by VAT code, sales, returns and voids apart, rounding left out', () => {
    const first = sale([item(1, 1000, 1220), item(2, 352, 1290, 4)], 2);
    const journal = new Map([[1, first]]);
    const requests: FiscalRequest[] = [
      first,
      sale([item(11, 2000, 305)]),
      { kind: 'return', lines: [item(1, 1000, 610)], tenders: [{ kind: 'cash', amountCents: 610 }], roundingCents: 0, original: ref(1) },
      { kind: 'void', original: ref(1), amountCents: 1672 },
    ];
    expect(fiscalVatTotals(requests, table, (original) => journal.get(original.documentNumber))).toEqual({
      sales: [
        // 1220 + 2 × 305 in departments 1 and 11, both 22 %.
        { vatCode: '22', grossCents: 1830, netCents: 1500, vatCents: 330 },
        // 0,352 kg × 12,90 €/kg = 454, less 4.
        { vatCode: '10', grossCents: 450, netCents: 409, vatCents: 41 },
      ],
      returns: [{ vatCode: '22', grossCents: 610, netCents: 500, vatCents: 110 }],
      voids: [
        { vatCode: '22', grossCents: 1220, netCents: 1000, vatCents: 220 },
        { vatCode: '10', grossCents: 450, netCents: 409, vatCents: 41 },
      ],
    });
  });

  it("extracts VAT once per code on the day's gross, as the closure does, not per document", () => {
    // Each 3-cent sale alone holds 1 cent of VAT (3 × 22 / 122 = 0,54); the day's 6 cents hold 1 (1,08).
    const totals = fiscalVatTotals([sale([item(1, 1000, 3)]), sale([item(1, 1000, 3)])], table, () => undefined);
    expect(totals.sales).toEqual([{ vatCode: '22', grossCents: 6, netCents: 5, vatCents: 1 }]);
    expect(totals.returns).toEqual([]);
  });

  it('refuses to total a department the table lacks or a void of a document it cannot find', () => {
    expect(() => fiscalVatTotals([sale([item(42, 1000, 100)])], table, () => undefined)).toThrow('Department 42 is not in the department table');
    expect(() => fiscalVatTotals([{ kind: 'void', original: ref(9), amountCents: 100 }], table, () => undefined)).toThrow('No document 99MEY012345 4-9 to void');
  });
});
