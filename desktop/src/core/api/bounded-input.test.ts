import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ApiResult } from '@cassa/shared';
import { MAX_AMOUNT_CENTS, saleArithmeticProblems, saleRecordSchema } from '@cassa/shared';
import { demoEan } from '../demo/demo-shop';
import type { TestTill } from '../testing/test-till';
import { createTestTill } from '../testing/test-till';

async function codeOf(work: Promise<ApiResult<unknown>>): Promise<string | null> {
  const result = await work;
  return result.ok ? null : result.error.code;
}

// Head office sets aside a record whose amounts pass the sync bounds (±10⁹ cents): a sale the
// till completed would then be missing from every figure. So the till refuses such an amount
// where the cashier types it, and never completes a sale it could not hand over.
describe('amounts typed at the till stay within what head office accepts', () => {
  let till: TestTill;
  let cashier: string;
  let manager: { userId: string; pin: string };

  beforeEach(async () => {
    till = createTestTill();
    cashier = await till.login('user-giulia', '1111');
    manager = { userId: 'user-marco', pin: '2222' };
  });
  afterEach(() => till.dispose());

  it('refuses a float, a cash movement, a payment, a discount and a voucher beyond 10⁹ cents, and an override beyond the ceiling', async () => {
    const huge = 2 ** 53 - 1;
    expect(await codeOf(till.raw('shift.open', { floatCents: MAX_AMOUNT_CENTS + 1 }, cashier))).toBe('VALIDATION');
    await till.call('shift.open', { floatCents: 0 }, cashier);
    expect(await codeOf(till.raw('shift.cashMovement', { kind: 'in', amountCents: huge, reason: 'x' }, cashier))).toBe('VALIDATION');
    const ticket = await till.call('sale.scan', { code: demoEan(1) }, cashier);
    const lineId = ticket.lines[0]!.lineId;
    expect(await codeOf(till.raw('sale.addPayment', { method: 'cash', amountCents: 1_000_000_000_000 }, cashier))).toBe('VALIDATION');
    // An override is capped lower still, by the owner's ceiling (at most 10⁸ cents), with its own message.
    expect(await codeOf(till.raw('sale.overridePrice', { lineId, unitPriceCents: huge, reason: 'x', override: manager }, cashier))).toBe('AMOUNT_OVER_LIMIT');
    expect(
      await codeOf(till.raw('sale.discountLine', { lineId, discount: { kind: 'amount', amountCents: huge, reason: 'x' }, override: manager }, cashier)),
    ).toBe('VALIDATION');
    const managerToken = await till.login('user-marco', '2222');
    expect(await codeOf(till.raw('voucher.issue', { amountCents: huge, reason: 'x' }, managerToken))).toBe('VALIDATION');
  });

  it('completes a sale paid with the largest cash amount it accepts, and the record passes the sync schema', async () => {
    await till.call('shift.open', { floatCents: 0 }, cashier);
    await till.call('sale.scan', { code: demoEan(1) }, cashier);
    await till.call('sale.addPayment', { method: 'cash', amountCents: MAX_AMOUNT_CENTS }, cashier);
    const sale = await till.call('sale.complete', { printReceipt: false }, cashier);
    const row = till.core.store.db.prepare("SELECT payload FROM outbox WHERE type = 'sale' ORDER BY seq DESC LIMIT 1").get() as { payload: string };
    const record = saleRecordSchema.parse((JSON.parse(row.payload) as { record: unknown }).record);
    expect(saleArithmeticProblems(record)).toEqual([]);
    expect(sale.changeCents).toBe(MAX_AMOUNT_CENTS - sale.totalCents);
  });

  it('refuses a denomination count that no drawer holds', async () => {
    await till.call('shift.open', { floatCents: 0 }, cashier);
    const absurd = { denominations: { '99999999999999': 100_000 }, override: manager };
    expect(await codeOf(till.raw('shift.close', absurd, cashier))).toBe('VALIDATION');
    const tooMany = Object.fromEntries(Array.from({ length: 31 }, (_, i) => [String(i + 1), 1]));
    expect(await codeOf(till.raw('shift.close', { denominations: tooMany, override: manager }, cashier))).toBe('VALIDATION');
  });
});
