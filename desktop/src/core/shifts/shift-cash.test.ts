/**
 * The drawer's cash in the X and Z reports, with cash rounding (DL 50/2017, to €0.05) and no
 * fiscal device: change goes out on a sale and comes back in on a refund. A €0.96 refund typed as
 * €0.96 rounds to €0.95 and records 1 cent of change: the customer hands that cent back, so the
 * drawer is down 95, not 97 (issue 16, disagreement 4 of desktop/test/fiscal-rounding.test.ts).
 * (A refund never takes more than is due: the rounding is its only source of change.)
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Product, SaleRecord } from '@cassa/shared';
import type { TestTill } from '../testing/test-till';
import { createTestTill } from '../testing/test-till';

const manager = { userId: 'user-marco', name: 'Marco', role: 'manager' as const };
const gum: Product = {
  id: 'p-gomma',
  sku: 'GOMMA',
  name: 'Gomma',
  categoryId: 'drogheria',
  vatCode: '22',
  unit: 'piece',
  priceCents: 96,
  axes: [],
  variants: [{ id: 'v-gomma', sku: 'GOMMA', barcodes: [], options: {}, priceCents: null, active: true }],
  active: true,
};

let till: TestTill;
beforeEach(() => {
  till = createTestTill();
  const { context, catalogue, shifts } = till.core.services;
  context.store.write(() => {
    context.settings.set('sale.cashRounding', 'true');
    catalogue.upsertProduct(gum);
  });
  shifts.open(manager, 10_000);
});
afterEach(() => till.dispose());

/** Sells one gum paid as given; returns the sale's id. */
function sell(payments: readonly { method: 'cash' | 'card'; amountCents: number }[]): string {
  const { tickets, completion } = till.core.services;
  tickets.addItem(manager, 'v-gomma', 1000);
  for (const p of payments) tickets.addPayment(manager, p.method, p.amountCents, undefined);
  return completion.complete(manager, false).saleId;
}

/** Returns the gum of `saleId`, handing back `cashCents` in cash; returns the refund's change. */
function refundInCash(saleId: string, cashCents: number): number {
  const { returns, tickets, completion } = till.core.services;
  const line = returns.findReceipt(saleId).lines[0]!;
  returns.startReturn(manager, saleId, [{ lineId: line.lineId, quantityMilli: 1000 }], undefined);
  tickets.addPayment(manager, 'cash', cashCents, undefined);
  const change = tickets.current(manager)!.changeCents;
  completion.complete(manager, false);
  return change;
}

function cashOf(report: { byMethod: readonly { method: string; amountCents: number }[] }): number | undefined {
  return report.byMethod.find((m) => m.method === 'cash')?.amountCents;
}

function saleRecords(): SaleRecord[] {
  const rows = till.core.services.context.store.db.prepare('SELECT record FROM sales ORDER BY rowid').all() as { record: string }[];
  return rows.map((r) => JSON.parse(r.record) as SaleRecord);
}

describe("the shift report's cash: change out on a sale, back in on a refund", () => {
  it('a €0.96 cash refund typed unrounded: 1 cent of change, the drawer is down 95 in the X and the Z', () => {
    const saleId = sell([{ method: 'card', amountCents: 96 }]);
    expect(refundInCash(saleId, 96)).toBe(1);
    const { shifts } = till.core.services;
    const x = shifts.xReport();
    expect(cashOf(x)).toBe(-95);
    expect(x.expectedCashCents).toBe(10_000 - 95);
    const shiftId = x.shiftId;
    // The counted drawer is the float less the 95 cents handed over.
    const z = shifts.close(manager, { '5000': 1, '2000': 2, '500': 1, '200': 1, '100': 2, '5': 1 }, undefined);
    expect(z.countedCashCents).toBe(9905);
    expect(cashOf(z)).toBe(-95);
    expect(z.expectedCashCents).toBe(9905);
    expect(z.varianceCents).toBe(0);
    expect(cashOf(shifts.reportOf(shiftId, 'Z'))).toBe(-95);
  });

  it('a €0.96 cash sale paid €1.00: it rounds to €0.95, 5 cents of change go out, the drawer is up 95', () => {
    sell([{ method: 'cash', amountCents: 100 }]);
    const x = till.core.services.shifts.xReport();
    expect(cashOf(x)).toBe(95);
    expect(x.expectedCashCents).toBe(10_095);
  });

  it('a sale with change and a refund with change in one shift: the cash is the sum of each', () => {
    sell([{ method: 'cash', amountCents: 200 }]); // 95 kept, 105 change
    const second = sell([{ method: 'card', amountCents: 96 }]);
    expect(refundInCash(second, 96)).toBe(1); // 96 handed out, 1 handed back
    const x = till.core.services.shifts.xReport();
    expect(cashOf(x)).toBe(0);
    expect(x.expectedCashCents).toBe(10_000);
  });

  it("the back office's takings by payment count the refund's change back in, as the Z does", () => {
    const saleId = sell([{ method: 'card', amountCents: 96 }]);
    refundInCash(saleId, 96);
    const day = till.clock.now().toISOString().slice(0, 10);
    const report = till.core.services.backOffice.salesReport(day, day, 'payment');
    expect(report.rows.find((r) => r.key === 'cash')?.totalCents).toBe(-95);
    expect(report.rows.find((r) => r.key === 'card')?.totalCents).toBe(96);
  });

  it('the records head office receives carry the refund as 96 out and 1 cent of change', () => {
    const saleId = sell([{ method: 'card', amountCents: 96 }]);
    refundInCash(saleId, 96);
    const refund = saleRecords().find((r) => r.kind === 'return')!;
    expect(refund).toMatchObject({ totalCents: -96, roundingCents: -1, changeCents: 1, payments: [{ method: 'cash', amountCents: -96 }] });
  });
});
