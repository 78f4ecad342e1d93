import { describe, expect, it } from 'vitest';
import type { SapSettings } from '@cassa/shared';
import type { RegisterDayTakings } from '../day-takings';
import { buildDayDocuments } from './sap-day-documents';

const settings: SapSettings = {
  name: 'SAP',
  vatGroups: [{ sapVatGroup: 'C22', vatCode: '22' }],
  warehouses: [{ storeId: 's1', warehouseCode: 'W1' }],
  paymentAccounts: [
    { method: 'cash', account: 'A-CASH' },
    { method: 'voucher', account: 'A-VOUCH' },
  ],
  customerCode: 'BANCO',
  takingsItemCode: 'CORR',
  priceList: 1,
  itemsEveryMinutes: 0,
  sendDaysDaily: false,
};
const part = (grossCents: number) => ({ vat: grossCents === 0 ? [] : [{ vatCode: '22' as const, grossCents, netCents: 0, vatCents: 0 }], grossCents, documents: grossCents === 0 ? 0 : 1 });
const day = (overrides: Partial<Omit<RegisterDayTakings, 'net'>>): RegisterDayTakings => {
  const parts = { sales: part(0), returns: part(0), voids: part(0), ...overrides };
  return {
    storeId: 's1',
    registerId: 'r1',
    businessDay: '2026-12-02',
    fiscal: null,
    payments: [],
    ...parts,
    // Sales less returns less voids, as readDayTakings gives it.
    net: part(parts.sales.grossCents - parts.returns.grossCents - parts.voids.grossCents),
  };
};

describe('a day as SAP documents', () => {
  it("sends each VAT code's net: returns and voids that outweigh the sales go on a credit note; no incoming payment for a method whose refunds outweigh its takings", () => {
    const { documents } = buildDayDocuments(settings, 's1', '2026-12-02', [
      day({ sales: part(1_000), returns: part(1_500), voids: part(700), payments: [{ method: 'cash', kind: 'cash', amountCents: -500 }] }),
      day({ registerId: 'r2', storeId: 's2', sales: part(9_999) }),
    ]);
    expect(documents?.invoice).toBeNull();
    expect(documents?.creditNote?.DocumentLines.map((line) => line.PriceAfterVAT)).toEqual([12]);
    expect(documents?.payments).toEqual([]);
    expect(documents?.netCents).toBe(-1_200);
  });

  it('books a voucher as a transfer on its account, and says when a store has nothing or is unmapped', () => {
    const { documents } = buildDayDocuments(settings, 's1', '2026-12-02', [day({ sales: part(2_000), payments: [{ method: 'voucher', kind: 'other', amountCents: 2_000 }] })]);
    expect(documents?.payments[0]?.body).toMatchObject({ TransferAccount: 'A-VOUCH', TransferSum: 20, CounterReference: 'CASSA-s1-2026-12-02-P-voucher' });
    expect(buildDayDocuments(settings, 's1', '2026-12-02', []).problems.map((p) => p.problem)).toEqual(['nothing-to-send']);
    expect(buildDayDocuments(settings, 's9', '2026-12-02', [day({ storeId: 's9', sales: part(100) })]).problems.map((p) => p.problem)).toEqual(['unmapped-store']);
  });
});
