import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { demoEan } from '../demo/demo-shop';
import type { TestTill } from '../testing/test-till';
import { createTestTill } from '../testing/test-till';

const manager = { userId: 'user-marco', pin: '2222' };

describe('returns, post-void, parking, customers and the Z close', () => {
  let till: TestTill;
  let token: string;

  beforeEach(async () => {
    till = createTestTill();
    token = await till.login('user-giulia', '1111');
    await till.call('shift.open', { floatCents: 10_000 }, token);
  });
  afterEach(() => till.dispose());

  /** 2 × coffee (4,49) and 1 jeans (59,90) with a 10 % ticket discount, paid by card 50 € and cash. */
  async function sellMixed() {
    await till.call('sale.scan', { code: demoEan(1) }, token);
    await till.call('sale.scan', { code: demoEan(1) }, token);
    const jeans = await till.call('catalogue.search', { query: 'jeans', limit: 1 }, token);
    const matrix = await till.call('catalogue.matrix', { productId: jeans[0]!.productId }, token);
    await till.call('sale.addItem', { variantId: matrix.variants[0]!.variantId }, token);
    const ticket = await till.call('sale.discountTicket', { discount: { kind: 'percent', basisPoints: 1000, reason: 'Saldi' } }, token);
    expect(ticket.totalCents).toBe(6199);
    await till.call('sale.addPayment', { method: 'card', amountCents: 5000 }, token);
    await till.call('sale.addPayment', { method: 'cash', amountCents: 2000 }, token);
    return till.call('sale.complete', { printReceipt: false }, token);
  }

  it('returns part of a sale at the price actually paid, never more than was sold, refunded by its tenders', async () => {
    const sale = await sellMixed();
    const found = await till.call('sale.findReceipt', { query: '0001-0001' }, token);
    expect(found).toMatchObject({ saleId: sale.saleId, postVoidable: true });
    const coffee = found.lines[0]!;
    expect(coffee).toMatchObject({ quantityMilli: 2000, returnableMilli: 2000, totalCents: 808, unit: 'piece' });
    expect((await till.call('sale.last', {}, token))?.saleId).toBe(sale.saleId);
    expect((await till.call('sale.findReceipt', { query: `CASSA:${sale.saleId}` }, token)).saleId).toBe(sale.saleId);

    await expect(till.call('sale.startReturn', { saleId: sale.saleId, lines: [{ lineId: coffee.lineId, quantityMilli: 1000 }] }, token)).rejects.toMatchObject({
      code: 'NOT_AUTHORISED',
    });
    await expect(
      till.call('sale.startReturn', { saleId: sale.saleId, lines: [{ lineId: coffee.lineId, quantityMilli: 3000 }], override: manager }, token),
    ).rejects.toMatchObject({ code: 'RETURN_EXCEEDS_SALE' });

    const ret = await till.call('sale.startReturn', { saleId: sale.saleId, lines: [{ lineId: coffee.lineId, quantityMilli: 1000 }], override: manager }, token);
    expect(ret).toMatchObject({ kind: 'return', totalCents: -404, remainingCents: 404 });
    // More back by card than the card paid, or more than is due, is refused.
    await expect(till.call('sale.addPayment', { method: 'card', amountCents: 405 }, token)).rejects.toMatchObject({ code: 'OVERPAYMENT' });
    await till.call('sale.addPayment', { method: 'card', amountCents: 404 }, token);
    const done = await till.call('sale.complete', { printReceipt: false }, token);
    expect(done).toMatchObject({ receiptNumber: '0001-0002', totalCents: -404 });

    const after = await till.call('sale.findReceipt', { query: '0001-0001' }, token);
    expect(after.lines[0]!.returnableMilli).toBe(1000);
    expect(after.postVoidable).toBe(false);
    // Returned stock is back on the shelf: 12 - 2 + 1.
    expect((await till.call('catalogue.search', { query: 'caffè macinato', limit: 1 }, token))[0]!.stockMilli).toBe(11_000);
  });

  it('post-voids the last sale as a reversing document, with a manager, once', async () => {
    const sale = await sellMixed();
    await expect(till.call('sale.postVoid', { saleId: sale.saleId, reason: 'Errore' }, token)).rejects.toMatchObject({ code: 'NOT_AUTHORISED' });
    const voided = await till.call('sale.postVoid', { saleId: sale.saleId, reason: 'Errore', override: manager }, token);
    expect(voided).toMatchObject({ receiptNumber: '0001-0002', totalCents: -6199 });
    await expect(till.call('sale.postVoid', { saleId: sale.saleId, reason: 'Ancora', override: manager }, token)).rejects.toMatchObject({ code: 'CONFLICT' });
    const report = await till.call('shift.report', {}, token);
    // Cash back in the drawer exactly as before the sale; card net zero.
    expect(report).toMatchObject({ salesCount: 1, returnsCount: 1, expectedCashCents: 10_000 });
    expect(report.byMethod.find((m) => m.method === 'card')).toBeUndefined();
    expect(report.vatBreakdown.every((r) => r.grossCents === 0 && r.vatCents === 0)).toBe(true);
  });

  it('parks a ticket and lets another cashier resume it', async () => {
    await till.call('sale.scan', { code: demoEan(3) }, token);
    await till.call('sale.park', {}, token);
    expect(await till.call('sale.current', {}, token)).toBeNull();
    const marco = await till.login('user-marco', '2222');
    const parked = await till.call('sale.parked', {}, marco);
    expect(parked).toMatchObject([{ cashierName: 'Giulia', lineCount: 1, totalCents: 899 }]);
    const resumed = await till.call('sale.resume', { ticketId: parked[0]!.ticketId }, marco);
    expect(resumed.lines).toHaveLength(1);
    expect(await till.call('sale.parked', {}, marco)).toEqual([]);
  });

  it('closes the shift with the counted drawer, the expected cash and the variance, then refuses to change it', async () => {
    await sellMixed(); // cash in: 20,00 − change 8,01 = 11,99
    await till.call('shift.cashMovement', { kind: 'out', amountCents: 2000, reason: 'Pagamento fornitore' }, token);
    const x = await till.call('shift.report', {}, token);
    expect(x).toMatchObject({ kind: 'X', expectedCashCents: 10_000 + 1199 - 2000, countedCashCents: null });
    // Counted: 4 × 20 € + 1 × 10 € + 99 cents in coins = 90,99 (expected 91,99): 1 € short.
    const z = await till.call('shift.close', { denominations: { '2000': 4, '1000': 1, '50': 1, '20': 2, '5': 1, '2': 2 } }, token);
    expect(z).toMatchObject({ kind: 'Z', expectedCashCents: 9199, countedCashCents: 9099, varianceCents: -100 });
    expect(await till.call('shift.current', {}, token)).toBeNull();
    await expect(till.call('shift.cashMovement', { kind: 'in', amountCents: 100, reason: 'x' }, token)).rejects.toMatchObject({ code: 'SHIFT_NOT_OPEN' });
    expect(() => till.core.store.db.prepare('UPDATE shifts SET counted_cents = 0').run()).toThrow(/immutable/);
    const shiftOps = till.core.services.context.outbox.pending(10_000).filter((op) => op.record.type === 'shift');
    expect(shiftOps).toHaveLength(1);
    // The next shift is Z 2 and numbers receipts from 1 again.
    await till.call('shift.open', { floatCents: 9099 }, token);
    await till.call('sale.scan', { code: demoEan(2) }, token);
    await till.call('sale.addPayment', { method: 'cash', amountCents: 200 }, token);
    expect((await till.call('sale.complete', { printReceipt: false }, token)).receiptNumber).toBe('0002-0001');
  });

  it('refuses a coin that does not exist', async () => {
    await expect(till.call('shift.close', { denominations: { '300': 1 } }, token)).rejects.toMatchObject({ code: 'VALIDATION' });
  });

  it('creates customers offline, pays with a voucher and refunds to store credit', async () => {
    const anna = await till.call('customer.create', { name: 'Anna Rossi', phone: '333 1234567', taxCode: 'rssnna80a41f205x' }, token);
    expect(anna).toMatchObject({ taxCode: 'RSSNNA80A41F205X', storeCreditCents: 0 });
    await expect(till.call('customer.create', { name: 'X', vatNumber: '123' }, token)).rejects.toMatchObject({ code: 'VALIDATION' });
    expect(await till.call('customer.search', { query: 'rossi' }, token)).toHaveLength(1);

    const marco = await till.login('user-marco', '2222');
    const voucher = await till.call('voucher.issue', { amountCents: 1000, reason: 'Buono regalo' }, marco);
    await till.call('sale.setCustomer', { customerId: anna.id }, token);
    await till.call('sale.scan', { code: demoEan(1) }, token);
    await till.call('sale.scan', { code: demoEan(1) }, token);
    await till.call('sale.scan', { code: demoEan(1) }, token);
    await expect(till.call('sale.addPayment', { method: 'voucher', amountCents: 1100, reference: voucher.code }, token)).rejects.toMatchObject({ code: 'OVERPAYMENT' });
    await till.call('sale.addPayment', { method: 'voucher', amountCents: 1000, reference: voucher.code.toLowerCase() }, token);
    await till.call('sale.addPayment', { method: 'cash', amountCents: 347 }, token);
    const sale = await till.call('sale.complete', { printReceipt: false }, token);
    expect(await till.call('voucher.balance', { code: voucher.code }, token)).toEqual({ code: voucher.code, balanceCents: 0 });

    const line = (await till.call('sale.findReceipt', { query: sale.receiptNumber }, token)).lines[0]!;
    await till.call('sale.startReturn', { saleId: sale.saleId, lines: [{ lineId: line.lineId, quantityMilli: 1000 }], override: manager }, token);
    await till.call('sale.setCustomer', { customerId: anna.id }, token);
    await till.call('sale.addPayment', { method: 'store-credit', amountCents: 449 }, token);
    await till.call('sale.complete', { printReceipt: false }, token);
    const history = await till.call('customer.history', { customerId: anna.id }, token);
    expect(history.customer.storeCreditCents).toBe(449);
    expect(history.sales.map((s) => s.kind).sort()).toEqual(['return', 'sale']);
  });
});
