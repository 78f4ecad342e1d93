/**
 * Sales channels end to end (issue 18), on both engines: a real head office, a real till paired to
 * it, and the three emulated channels (PrestaShop, Amazon, eBay) connected through head office's
 * API and linked by SKU. A sale at the till, once pushed and acknowledged, changes the quantity on
 * all three (Amazon applies a patch only after its ACCEPTED delay: the test waits for it); an order
 * placed on an emulator appears in head office's orders and on the dashboard as the channel, and
 * lowers what the till shows as available at its next pull; cancelling it gives the stock back.
 *
 * Head office and the emulators share a clock running `TIME_SCALE` times faster than the wall
 * clock (`test-support/scaled-clock.ts`): the minute between order polls and Amazon's ACCEPTED
 * delay pass in a fraction of the time, in the same ratios. The two engines' worlds run side by
 * side (they wait on those clocks, not the CPU); within one engine the cases run in order.
 */
import type { ChannelKind, ChannelOrderView } from '@cassa/shared';
import { demoCatalogue } from '@cassa/desktop/core';
import { createTestTill } from '@cassa/desktop/testing';
import type { TestTill } from '@cassa/desktop/testing';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { channelItemsOf, DEMO_SHELF_UNITS } from '../../test-support/channel-demo-items';
import type { ChannelWorld } from '../../test-support/channel-world';
import { startChannelWorld } from '../../test-support/channel-world';
import { until } from '../../test-support/until';

const catalogue = demoCatalogue();
const tshirt = catalogue.products.find((p) => p.sku === 'TSH')!.variants.find((v) => v.options.taglia === 'M' && v.options.colore === 'Blu')!;
const coffee = catalogue.products.find((p) => p.sku === 'CAF250')!.variants[0]!;
/** How long a change may take to reach a channel here (Amazon's ACCEPTED delay included). */
const REACH_MS = 60_000;
/** Head office's and the channels' clocks run this much faster than the wall clock. */
const TIME_SCALE = 20;

describe.concurrent.each(['sqlite', 'postgres'] as const)('sales channels end to end on %s', (engine) => {
  let world: ChannelWorld;
  let till: TestTill;
  let cashier: string;
  let manager: string;

  beforeAll(async () => {
    world = await startChannelWorld({ engine, postgresUrl: engine === 'postgres' ? inject('postgresUrl') : null, catalogue, timeScale: TIME_SCALE });
    till = createTestTill();
    await world.pairTill(till);
    cashier = await till.login('user-giulia', '1111');
    manager = await till.login('user-marco', '2222');
    // The demo till's opening stock (12 of each piece item) reaches head office; every emulator
    // lists the same items; connect and link all three.
    await world.connectAll(channelItemsOf(catalogue.products));
  }, 180_000);
  afterAll(async () => {
    await till?.dispose();
    await world?.dispose();
  }, 180_000);

  const quantities = (sku: string) => Object.fromEntries(world.channels.map((c) => [c.kind, c.emulator.control.quantityOf(sku)])) as Record<ChannelKind, number | null>;
  const allAt = (sku: string, n: number) => until(() => quantities(sku), (q) => Object.values(q).every((v) => v === n), REACH_MS, `${sku} at ${n} on every channel`);
  const levelAtTill = async (variantId: string) => {
    await till.core.services.sync.syncNow();
    manager = await till.login('user-marco', '2222');
    const rows = await till.call('stock.levels', { query: '', limit: 500 }, manager);
    return rows.find((r) => r.variantId === variantId)!;
  };

  it.sequential('links every demo item on every channel by SKU', async () => {
    const listed = channelItemsOf(catalogue.products).length;
    // Weighed items (sold by the kilo) are not listed on any channel: they stay unmatched.
    const weighed = catalogue.products.filter((p) => p.unit !== 'piece').reduce((n, p) => n + p.variants.length, 0);
    for (const channel of world.channels) {
      const view = (await world.ho.client.call('channels.list', {})).find((a) => a.id === channel.accountId)!;
      expect(view, channel.kind).toMatchObject({ status: 'active', mapping: { matched: listed, unmatched: weighed, conflicting: 0, remoteOnly: 0 } });
    }
  });

  it.sequential('a sale at the till changes the quantity on PrestaShop, Amazon and eBay', async () => {
    await till.call('shift.open', { floatCents: 0 }, cashier);
    await till.call('sale.addItem', { variantId: tshirt.id }, cashier);
    await till.call('sale.addPayment', { method: 'cash', amountCents: 1990 }, cashier);
    await till.call('sale.complete', { printReceipt: false }, cashier);
    await till.core.services.sync.syncNow();
    expect(till.core.services.sync.state().pending).toBe(0);

    await allAt(tshirt.sku, DEMO_SHELF_UNITS - 1);
    // An item nobody sold was left as it was.
    expect(quantities(coffee.sku)).toEqual({ prestashop: DEMO_SHELF_UNITS, amazon: DEMO_SHELF_UNITS, ebay: DEMO_SHELF_UNITS });
  }, 120_000);

  it.sequential('an order on eBay reaches head office and the dashboard, lowers what the till sees, and its cancellation gives it back', async () => {
    const ebay = world.channel('ebay');
    const { remoteOrderId } = ebay.emulator.control.placeOrder({ lines: [{ sku: coffee.sku, quantity: 2 }], buyerName: 'Mario Rossi' });

    const order = await world.untilPolled(
      async () => (await world.ho.client.call('channels.orders', { accountId: ebay.accountId })).rows.find((o: ChannelOrderView) => o.remoteOrderId === remoteOrderId) ?? null,
      (o) => o !== null,
      'the eBay order at head office',
      REACH_MS,
    );
    expect(order).toMatchObject({ kind: 'ebay', status: 'open', storeId: world.storeId, lines: 1, unmatchedLines: 0, buyerName: 'Mario Rossi' });
    expect(order!.totalCents).toBe(2 * 449);

    // The dashboard counts it as the channel's takings, next to the store.
    const dashboard = await world.ho.client.call('dashboard.get', {});
    expect(dashboard.channels).toContainEqual({ id: ebay.accountId, kind: 'ebay', name: ebay.name });
    expect(dashboard.stores.find((s) => s.storeId === ebay.accountId)).toMatchObject({ takingsCents: 2 * 449 });

    // The till's next pull: 2 held for the order, the shelf untouched.
    expect(await levelAtTill(coffee.id)).toMatchObject({ onHandMilli: DEMO_SHELF_UNITS * 1000, reservedMilli: 2_000, availableMilli: (DEMO_SHELF_UNITS - 2) * 1000 });
    // The other channels sell what is left.
    await allAt(coffee.sku, DEMO_SHELF_UNITS - 2);

    ebay.emulator.control.cancelOrder(remoteOrderId);
    await world.untilPolled(
      async () => (await world.ho.client.call('channels.orders', { accountId: ebay.accountId })).rows.find((o: ChannelOrderView) => o.remoteOrderId === remoteOrderId)?.status,
      (s) => s === 'cancelled',
      'the cancellation at head office',
      REACH_MS,
    );
    expect(await levelAtTill(coffee.id)).toMatchObject({ onHandMilli: DEMO_SHELF_UNITS * 1000, reservedMilli: 0, availableMilli: DEMO_SHELF_UNITS * 1000 });
    await allAt(coffee.sku, DEMO_SHELF_UNITS);
    // Imported once, however many polls saw it.
    const same = (await world.ho.client.call('channels.orders', { accountId: ebay.accountId })).rows.filter((o: ChannelOrderView) => o.remoteOrderId === remoteOrderId);
    expect(same).toHaveLength(1);
  }, 240_000);
});
