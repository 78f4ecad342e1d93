import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { demoEan } from '../demo/demo-shop';
import type { TestTill } from '../testing/test-till';
import { createTestTill } from '../testing/test-till';
import { localDayStartUtc } from '@cassa/shared';

describe('the back office', () => {
  let till: TestTill;
  let manager: string;
  let admin: string;

  beforeEach(async () => {
    till = createTestTill();
    manager = await till.login('user-marco', '2222');
    admin = await till.login('user-admin', '9999');
    await till.call('shift.open', { floatCents: 0 }, manager);
  });
  afterEach(() => till.dispose());

  async function sell(code: string, method: 'cash' | 'card', tendered?: number) {
    const ticket = await till.call('sale.scan', { code }, manager);
    await till.call('sale.addPayment', { method, amountCents: tendered ?? ticket.totalCents }, manager);
    return till.call('sale.complete', { printReceipt: false }, manager);
  }

  it('knows where a Roman day starts in UTC, winter and summer', () => {
    expect(localDayStartUtc('2026-11-26', 'Europe/Rome').toISOString()).toBe('2026-11-25T23:00:00.000Z');
    expect(localDayStartUtc('2026-07-01', 'Europe/Rome').toISOString()).toBe('2026-06-30T22:00:00.000Z');
    expect(localDayStartUtc('2026-03-29', 'Europe/Rome').toISOString()).toBe('2026-03-28T23:00:00.000Z');
  });

  it('gives the VAT of several days as the sum of each day\'s scorporo, as the Z reports and head office do', async () => {
    // 0,07 at 22 % holds 0,0126 of VAT: 0,01 a day. Two days are 0,02, not the 0,03 in 0,14.
    const sevenCents = async () => {
      const ticket = await till.call('sale.scan', { code: demoEan(1) }, manager);
      await till.call('sale.overridePrice', { lineId: ticket.lines[0]!.lineId, unitPriceCents: 7, reason: 'Prova' }, manager);
      await till.call('sale.addPayment', { method: 'card', amountCents: 7 }, manager);
      await till.call('sale.complete', { printReceipt: false }, manager);
    };
    await sevenCents();
    till.clock.advance(24 * 3600_000);
    manager = await till.login('user-marco', '2222');
    await sevenCents();
    const byVat = await till.call('reports.sales', { from: '2026-11-26', to: '2026-11-27', groupBy: 'vat' }, manager);
    expect(byVat.rows).toEqual([{ key: '22', label: '22%', tickets: 2, quantityMilli: 2000, totalCents: 14, vatCents: 2 }]);
    const byDay = await till.call('reports.sales', { from: '2026-11-26', to: '2026-11-27', groupBy: 'day' }, manager);
    expect(byDay.rows.map((r) => r.vatCents)).toEqual([1, 1]);
  });

  it('reports sales by local day and hour, with a sale at 00:30 in Rome on its Roman day', async () => {
    till.clock.advance(14.5 * 3600_000); // 2026-11-26T23:30Z = 00:30 on the 27th in Rome
    manager = await till.login('user-marco', '2222'); // the morning's session has expired by now
    await sell(demoEan(1), 'cash');
    const byDay = await till.call('reports.sales', { from: '2026-11-26', to: '2026-11-27', groupBy: 'day' }, manager);
    expect(byDay.rows).toEqual([{ key: '2026-11-27', label: '2026-11-27', tickets: 1, quantityMilli: 1000, totalCents: 449, vatCents: 81 }]);
    const byHour = await till.call('reports.sales', { from: '2026-11-27', to: '2026-11-27', groupBy: 'hour' }, manager);
    expect(byHour.rows[0]).toMatchObject({ key: '00', label: '00:00' });
    expect((await till.call('reports.sales', { from: '2026-11-26', to: '2026-11-26', groupBy: 'day' }, manager)).rows).toEqual([]);
  });

  it('reports by product, VAT rate and payment, with returns counted negative and cash net of change', async () => {
    await sell(demoEan(1), 'cash', 1000); // 4,49 cash, 5,51 change
    await sell(demoEan(2), 'card');
    const first = await till.call('sale.findReceipt', { query: '0001-0001' }, manager);
    await till.call('sale.startReturn', { saleId: first.saleId, lines: [{ lineId: first.lines[0]!.lineId, quantityMilli: 1000 }] }, manager);
    await till.call('sale.addPayment', { method: 'cash', amountCents: 449 }, manager);
    await till.call('sale.complete', { printReceipt: false }, manager);

    const range = { from: '2026-11-26', to: '2026-11-26' };
    const byProduct = await till.call('reports.sales', { ...range, groupBy: 'product' }, manager);
    expect(byProduct.rows.map((r) => [r.label, r.totalCents, r.quantityMilli])).toEqual([
      ['Spaghetti di grano duro 500 g', 129, 1000],
      ['Caffè macinato espresso 250 g', 0, 0],
    ]);
    const byVat = await till.call('reports.sales', { ...range, groupBy: 'vat' }, manager);
    expect(byVat.rows.map((r) => [r.key, r.totalCents, r.vatCents])).toEqual([
      ['22', 0, 0],
      ['4', 129, 5],
    ]);
    const byPayment = await till.call('reports.sales', { ...range, groupBy: 'payment' }, manager);
    expect(Object.fromEntries(byPayment.rows.map((r) => [r.key, r.totalCents]))).toEqual({ cash: 0, card: 129 });
    expect(byPayment.totalCents).toBe(129);
    const cashier = await till.call('reports.sales', { ...range, groupBy: 'cashier' }, manager);
    expect(cashier.rows).toMatchObject([{ label: 'Marco', tickets: 3, totalCents: 129 }]);
  });

  it('adjusts stock through movements and lists what runs low', async () => {
    const adjusted = await till.call('stock.adjust', { variantId: 'v-caf250', deltaMilli: -11_000, reason: 'adjustment', note: 'inventario' }, manager);
    expect(adjusted.onHandMilli).toBe(1000);
    const low = await till.call('stock.levels', { query: '', belowMilli: 2000, limit: 10 }, manager);
    expect(low.map((l) => l.sku)).toEqual(['CAF250']);
    await till.call('stock.adjust', { variantId: 'v-caf250', deltaMilli: 24_000, reason: 'goods-received' }, manager);
    expect((await till.call('stock.levels', { query: 'caffè', limit: 5 }, manager))[0]!.onHandMilli).toBe(25_000);
    const cashier = await till.login('user-giulia', '1111');
    await expect(till.call('stock.adjust', { variantId: 'v-caf250', deltaMilli: 1, reason: 'adjustment' }, cashier)).rejects.toMatchObject({ code: 'NOT_AUTHORISED' });
  });

  it('manages users and settings as admin, and a changed PIN ends that user\'s sessions', async () => {
    const luca = await till.call('users.save', { name: 'Luca', role: 'cashier', pin: '4321', active: true }, admin);
    const lucaToken = await till.login(luca.id, '4321');
    await till.call('users.save', { id: luca.id, name: 'Luca', role: 'cashier', pin: '9876', active: true }, admin);
    await expect(till.call('session.me', {}, lucaToken)).rejects.toMatchObject({ code: 'NOT_AUTHENTICATED' });
    await expect(till.call('users.save', { name: 'X', role: 'admin', pin: '12', active: true }, admin)).rejects.toMatchObject({ code: 'VALIDATION' });
    await expect(till.call('users.list', {}, manager)).rejects.toMatchObject({ code: 'NOT_AUTHORISED' });

    const settings = await till.call('settings.get', {}, manager);
    const saved = await till.call('settings.save', { ...settings, cashRounding: true, receiptFooter: ['Arrivederci'] }, admin);
    expect(saved).toMatchObject({ cashRounding: true, receiptFooter: ['Arrivederci'] });
    // Cash rounding now applies: 4,49 in cash is 4,50.
    await till.call('sale.scan', { code: demoEan(1) }, manager);
    const paid = await till.call('sale.addPayment', { method: 'cash', amountCents: 500 }, manager);
    expect(paid).toMatchObject({ roundingCents: 1, changeCents: 50 });
  });

  it('prints the technician test page through the queue', async () => {
    const job = await till.call('printer.testPrint', {}, manager);
    await till.core.services.printing.idle();
    expect(till.core.services.printing.job(job.printJobId)?.status).toBe('printed');
    expect(till.printer.printedText()).toMatch(/\xD5/); // € in CP858
  });

  it('refuses local catalogue and user edits on a register that head office manages', async () => {
    till.core.store.write(() => {
      const s = till.core.services.context.settings;
      s.set('sync.serverUrl', 'http://127.0.0.1:1');
      s.set('sync.deviceToken', 'x'.repeat(40));
      s.set('sync.organisationId', 'org');
      s.set('store.id', 'store');
    });
    const product = (await till.call('catalogue.matrix', { productId: 'p-caf250' }, manager));
    expect(product.variants).toHaveLength(1);
    await expect(till.call('users.save', { name: 'Y', role: 'cashier', pin: '1234', active: true }, admin)).rejects.toMatchObject({
      code: 'CONFLICT',
      message: expect.stringMatching(/head office/),
    });
  });
});

describe('the catalogue as the back office edits it', () => {
  it('returns a product with its code, list price, category and own variant prices, and saves it back', async () => {
    const till = createTestTill();
    try {
      const token = await till.login('user-marco', '2222');
      const jeans = await till.call('catalogue.matrix', { productId: 'p-jns' }, token);
      expect(jeans).toMatchObject({ sku: 'JNS', priceCents: 5990, categoryId: 'abbigliamento', active: true });
      const size50 = jeans.variants.find((v) => v.options.taglia === '50')!;
      expect(jeans.ownPrices[size50.variantId]).toBe(6490);
      expect(jeans.ownPrices[jeans.variants[0]!.variantId]).toBeNull();
      const categories = await till.call('catalogue.categories', {}, token);
      expect(categories.map((c) => c.id)).toContain('abbigliamento');
    } finally {
      await till.dispose();
    }
  });
});

describe('quick keys and the lock screen', () => {
  it('serves a default grid, keeps a manager\'s choice in order, and unlocks only with the right PIN', async () => {
    const till = createTestTill();
    try {
      const cashier = await till.login('user-giulia', '1111');
      const defaults = await till.call('catalogue.quickKeys', {}, cashier);
      expect(defaults.length).toBeGreaterThan(0);
      await expect(till.call('catalogue.setQuickKeys', { variantIds: ['v-spa500'] }, cashier)).rejects.toMatchObject({ code: 'NOT_AUTHORISED' });
      const manager = await till.login('user-marco', '2222');
      await till.call('catalogue.setQuickKeys', { variantIds: ['v-spa500', 'nope', 'v-caf250'] }, manager);
      expect((await till.call('catalogue.quickKeys', {}, cashier)).map((i) => i.sku)).toEqual(['SPA500', 'CAF250']);

      await expect(till.call('session.unlock', { pin: '0000' }, cashier)).rejects.toMatchObject({ code: 'INVALID_PIN' });
      expect(await till.call('session.unlock', { pin: '1111' }, cashier)).toEqual({ ok: true });
    } finally {
      await till.dispose();
    }
  });
});
