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
 * 3. €10.02 paid €10.00 by card and €0.02 in cash: the cash rounds to €0.00 and the 2 cents come
 *    back as change. The till completes the sale with a rounding of -2 and no cash left; the
 *    request's rounding then has no cash tender, which every adapter refuses (drivers'
 *    fiscal-request-checks.ts "Cash rounding without a cash tender"): blocked for good, no Z.
 * 4. (rounding down, where the device and shared agree) A refund of €0.96 in cash, typed as €0.96:
 *    it rounds to €0.95 and the till records 1 cent of change. The device's cash is -95 (95 cash
 *    and 1 payment discount), the drawer's too. Fixed: the till's Z report took change off the
 *    cash of a return as off a sale's (-97); a refund's change comes back in (shared
 *    drawer-cash.ts, one rule for the X, the Z, the back office and head office), so it says -95.
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
    catalogue.upsertProduct(tenEuro);
    catalogue.upsertProduct(gum);
  });
  shifts.open(manager, 0);
});
afterEach(async () => {
  await till.dispose();
  await rt.close();
});

/** €0.96: a refund of it in cash rounds down to €0.95. */
const gum: Product = { ...sweet, id: 'p-gomma', sku: 'GOMMA', name: 'Gomma', priceCents: 96, variants: [{ ...sweet.variants[0]!, id: 'v-gomma', sku: 'GOMMA' }] };
/** €10.02, card €10.00, cash €0.02 (which rounds to nothing). */
const tenEuro: Product = { ...sweet, id: 'p-dieci', sku: 'DIECI', name: 'Dieci euro e due', priceCents: 1002, variants: [{ ...sweet.variants[0]!, id: 'v-dieci', sku: 'DIECI' }] };

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

  it.fails('card and a cash rest that rounds to nothing: the sale gets its document', async () => {
    const { tickets, completion, fiscal } = till.core.services;
    tickets.addItem(manager, 'v-dieci', 1000);
    tickets.addPayment(manager, 'card', 1000, undefined);
    tickets.addPayment(manager, 'cash', 2, undefined);
    const sale = completion.complete(manager, false);
    await fiscal.idle();
    const blocked = fiscal.state().jobs[0];
    expect(blocked, `${blocked?.failure}: ${blocked?.failureMessage}`).toBeUndefined();
    expect(fiscal.documentOfSale(sale.saleId)?.amountCents).toBe(1000);
  });

  // Disagreement 4, decided: change on a refund comes back in (shared drawer-cash.ts); the Z agrees.
  it("a cash refund typed unrounded: the till's Z cash is the drawer's and the device's", async () => {
    const { tickets, completion, fiscal, returns, shifts } = till.core.services;
    tickets.addItem(manager, 'v-gomma', 1000);
    tickets.addPayment(manager, 'card', 96, undefined);
    const sale = completion.complete(manager, false);
    await fiscal.idle();
    const line = returns.findReceipt(sale.saleId).lines[0]!;
    returns.startReturn(manager, sale.saleId, [{ lineId: line.lineId, quantityMilli: 1000 }], undefined);
    tickets.addPayment(manager, 'cash', 96, undefined);
    expect(tickets.current(manager)!.changeCents).toBe(1);
    completion.complete(manager, false);
    await fiscal.idle();
    expect(fiscal.state().jobs).toEqual([]);
    const shiftId = shifts.openShift()!.id;
    await fiscal.closeShift(manager, {}, undefined);
    const state = (await (await fetch(`${rt.url}/__mock/state`)).json()) as { closures: { totals: { tenders: Record<string, { sales: number; returns: number }> } }[] };
    const cash = state.closures[0]!.totals.tenders['cash']!;
    expect(cash.sales - cash.returns).toBe(-95);
    expect(shifts.reportOf(shiftId, 'Z').byMethod.find((m) => m.method === 'cash')?.amountCents).toBe(-95);
  });
});
