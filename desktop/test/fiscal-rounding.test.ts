/**
 * Cash rounded UP (DL 50/2017, to €0.05) through the till, the real Epson adapter and the RT
 * emulator: two disagreements the Z property test (fiscal-z-property.test.ts) found, pinned here
 * as failing tests (`it.fails`) until issue 16 decides them. When a fix lands, the test turns red:
 * drop `.fails` and the card detour in the property test.
 *
 * 1. A sale of €0.98 paid in cash is €1.00. The Epson adapter sends the +2 cents as a surcharge
 *    on the last line (epson-requests.ts `roundingUp`, marked [U]), so the device books them in
 *    that line's VAT class; shared's `fiscalVatTotals` and the till's Z report leave rounding out of
 *    every VAT class (shared/src/fiscal README, "Per-VAT totals leave rounding out"). The device's
 *    VAT 22 takings are 100, the till's 98.
 * 2. A return of that line refunded in cash rounds €0.98 up to €1.00 (the till rounds a refund on
 *    its magnitude). The till completes it; the Epson adapter refuses any return rounded up
 *    (bad-request), so its document is never issued and the Z cannot close.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFiscalDevice } from '@cassa/drivers';
import { ManualClock, startRtEmulator } from '@cassa/drivers/testing';
import type { RtEmulator } from '@cassa/drivers/testing';
import type { Product } from '@cassa/shared';
import { createTestTill } from '@cassa/desktop/testing';
import type { TestTill } from '@cassa/desktop/testing';

const manager = { userId: 'user-marco', name: 'Marco', role: 'manager' as const };
const clock = new ManualClock('2026-12-03T09:00:00');

const sweet: Product = {
  id: 'p-caramella',
  sku: 'CARAMELLA',
  name: 'Caramella',
  categoryId: 'drogheria',
  vatCode: '22',
  unit: 'piece',
  priceCents: 98,
  axes: [],
  variants: [{ id: 'v-caramella', sku: 'CARAMELLA', barcodes: [], options: {}, priceCents: null, active: true }],
  active: true,
};

let rt: RtEmulator;
let till: TestTill;

beforeEach(async () => {
  rt = await startRtEmulator({ port: 0, clock, serial: '99MEY012345' });
  till = createTestTill({ fiscalDevice: createFiscalDevice(`epson-rt://127.0.0.1:${rt.port}?timeoutMs=2000`) });
  const { context, catalogue, shifts } = till.core.services;
  context.store.write(() => {
    context.settings.set('sale.cashRounding', 'true');
    catalogue.upsertProduct(sweet);
  });
  shifts.open(manager, 0);
});
afterEach(async () => {
  await till.dispose();
  await rt.close();
});

async function sellOne(method: 'cash' | 'card'): Promise<string> {
  const { tickets, completion, fiscal } = till.core.services;
  tickets.addItem(manager, 'v-caramella', 1000);
  tickets.addPayment(manager, method, method === 'cash' ? 100 : 98, undefined);
  const sale = completion.complete(manager, false);
  await fiscal.idle();
  return sale.saleId;
}

describe('cash rounded up, with the Epson adapter and the RT emulator', () => {
  it('the sale rounds to €1.00 in cash and the document is issued', async () => {
    const saleId = await sellOne('cash');
    const document = till.core.services.fiscal.documentOfSale(saleId);
    expect(document?.amountCents).toBe(100);
  });

  it.fails("books the rounding in no VAT class: the device's VAT 22 takings equal the till's Z", async () => {
    await sellOne('cash');
    const shiftId = till.core.services.shifts.openShift()!.id;
    await till.core.services.fiscal.closeShift(manager, {}, undefined);
    const state = (await (await fetch(`${rt.url}/__mock/state`)).json()) as { closures: { totals: { vat: Record<string, { sales: number }> } }[] };
    const tillVat22 = till.core.services.shifts.reportOf(shiftId, 'Z').vatBreakdown.find((g) => g.vatCode === '22')?.grossCents;
    expect(tillVat22).toBe(98);
    expect(state.closures[0]?.totals.vat['22']?.sales).toBe(tillVat22);
  });

  it.fails('a return refunded in cash and rounded up gets its document', async () => {
    const saleId = await sellOne('card');
    const { returns, tickets, completion, fiscal } = till.core.services;
    const line = returns.findReceipt(saleId).lines[0]!;
    returns.startReturn(manager, saleId, [{ lineId: line.lineId, quantityMilli: 1000 }], undefined);
    tickets.addPayment(manager, 'cash', 98, undefined);
    for (let i = 0; i < 2 && tickets.current(manager)!.remainingCents > 0; i++) tickets.addPayment(manager, 'cash', tickets.current(manager)!.remainingCents, undefined);
    const refund = completion.complete(manager, false);
    await fiscal.idle();
    const blocked = fiscal.state().jobs[0];
    expect(blocked, `${blocked?.failure}: ${blocked?.failureMessage}`).toBeUndefined();
    expect(fiscal.documentOfSale(refund.saleId)).not.toBeNull();
  });
});
