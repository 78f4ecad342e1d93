import { saleArithmeticProblems } from '@cassa/shared';
import type { SaleRecord } from '@cassa/shared';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { demoEan } from '../demo/demo-shop';
import type { TestTill } from '../testing/test-till';
import { createTestTill } from '../testing/test-till';

const manager = { userId: 'user-marco', pin: '2222' };

/** Head office flags a sale whose figures its lines do not support: the till's own records must never be. */
describe("the till's sale records add up as head office checks them", () => {
  let till: TestTill;
  let token: string;

  beforeEach(async () => {
    till = createTestTill();
    token = await till.login('user-giulia', '1111');
    await till.call('shift.open', { floatCents: 10_000 }, token);
  });
  afterEach(() => till.dispose());

  function saleRecords(): SaleRecord[] {
    const rows = till.core.store.db.prepare("SELECT payload FROM outbox WHERE type = 'sale' ORDER BY seq").all() as { payload: string }[];
    return rows.map((r) => {
      const parsed = JSON.parse(r.payload) as { record?: SaleRecord } & SaleRecord;
      return parsed.record ?? parsed;
    });
  }

  async function sellMixed(cash: number) {
    await till.call('sale.scan', { code: demoEan(1) }, token);
    await till.call('sale.scan', { code: demoEan(1) }, token);
    const jeans = await till.call('catalogue.search', { query: 'jeans', limit: 1 }, token);
    const matrix = await till.call('catalogue.matrix', { productId: jeans[0]!.productId }, token);
    const ticket = await till.call('sale.addItem', { variantId: matrix.variants[0]!.variantId }, token);
    await till.call('sale.discountLine', { lineId: ticket.lines[0]!.lineId, discount: { kind: 'amount', amountCents: 37, reason: 'Graffio' } }, token);
    await till.call('sale.discountTicket', { discount: { kind: 'percent', basisPoints: 700, reason: 'Saldi' } }, token);
    await till.call('sale.addPayment', { method: 'card', amountCents: 3000 }, token);
    await till.call('sale.addPayment', { method: 'cash', amountCents: cash }, token);
    return till.call('sale.complete', { printReceipt: false }, token);
  }

  it('with discounts, split tenders, change, cash rounding, a return and a post-void', async () => {
    const first = await sellMixed(5000);
    till.core.services.context.settings.set('sale.cashRounding', 'true');
    await sellMixed(5000);
    const found = await till.call('sale.findReceipt', { query: '0001-0001' }, token);
    await till.call('sale.startReturn', { saleId: first.saleId, lines: [{ lineId: found.lines[0]!.lineId, quantityMilli: 1000 }], override: manager }, token);
    const refund = await till.call('sale.current', {}, token);
    await till.call('sale.addPayment', { method: 'cash', amountCents: Math.abs(refund!.totalCents) }, token);
    await till.call('sale.complete', { printReceipt: false }, token);
    const third = await sellMixed(6000);
    await till.call('sale.postVoid', { saleId: third.saleId, reason: 'Errore', override: manager }, token);

    const records = saleRecords();
    expect(records.map((r) => r.kind)).toEqual(expect.arrayContaining(['sale', 'return', 'post-void']));
    expect(records.some((r) => r.roundingCents !== 0)).toBe(true);
    expect(records.some((r) => r.changeCents !== 0)).toBe(true);
    for (const record of records) expect({ id: record.id, kind: record.kind, problems: saleArithmeticProblems(record) }).toEqual({ id: record.id, kind: record.kind, problems: [] });
  });
});
