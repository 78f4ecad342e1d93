/**
 * Sales channel benchmarks (issue 18), on SQLite and PostgreSQL, against the three emulators on
 * 127.0.0.1:
 * (a) from a till's sale acknowledged by head office to the new quantity at PrestaShop and eBay,
 *     p50/p95 over SALES sales (target p95 < 5 s); Amazon separately, since its listings API applies
 *     a patch only after its ACCEPTED delay (the emulator's, as the real one does);
 * (b) the first link of 10,000 products × 3 variants (head office's catalogue and each channel's
 *     listings seeded alike), per channel;
 * (c) 1,000 orders imported: head office's import alone (pages of 100, the worker's unit), and
 *     end to end from eBay (placed before the account is connected; the first poll brings them).
 * Peer figure: none runnable here. The middleware the issue names syncs every 15–30 minutes; that
 * is its published schedule, not something measured on this machine.
 * SALES (default 50), CASSA_BENCH_CHANNELS_ENGINES=sqlite|postgres, CASSA_BENCH_CHANNELS_PARTS=a,b,c.
 */
import { performance } from 'node:perf_hooks';
import type { ChannelOrder, Product } from '@cassa/shared';
import { demoCatalogue } from '@cassa/desktop/core';
import { createTestTill } from '@cassa/desktop/testing';
import { channelItemsOf } from '../../test-support/channel-demo-items';
import { startChannelWorld } from '../../test-support/channel-world';
import type { EngineName } from '../../test-support/sync-server-harness';
import type { BenchContext } from './bench-kit';
import { percentile, withBenchDatabase } from './bench-kit';

const SALES = Number(process.env.SALES ?? 50);
const ENGINES = (process.env.CASSA_BENCH_CHANNELS_ENGINES ?? 'sqlite,postgres').split(',') as EngineName[];
const PARTS = (process.env.CASSA_BENCH_CHANNELS_PARTS ?? 'a,b,c').split(',');
const WAIT_MS = 120_000;

async function waitFor(probe: () => boolean, what: string): Promise<number> {
  const started = performance.now();
  while (!probe()) {
    if (performance.now() - started > WAIT_MS) throw new Error(`waited ${WAIT_MS} ms for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
  return performance.now() - started;
}

async function saleToChannels(ctx: BenchContext, engine: EngineName, postgresUrl: string | null): Promise<void> {
  const catalogue = demoCatalogue();
  const world = await startChannelWorld({ engine, postgresUrl, catalogue });
  const till = createTestTill();
  try {
    await world.pairTill(till);
    const items = channelItemsOf(catalogue.products);
    await world.connectAll(items);
    const variantOf = new Map(catalogue.products.flatMap((p) => p.variants.map((v) => [v.sku, v.id] as const)));
    const expected = new Map(items.map((i) => [i.sku, i.quantity]));
    let cashier = await till.login('user-giulia', '1111');
    await till.call('shift.open', { floatCents: 0 }, cashier);
    const fast: number[] = [];
    const amazon: number[] = [];
    ctx.progress(`${engine}: ${SALES} sales, each waited for on every channel`);
    for (let i = 0; i < SALES + 3; i++) {
      const item = items[i % items.length]!;
      cashier = await till.login('user-giulia', '1111');
      await till.call('sale.addItem', { variantId: variantOf.get(item.sku)! }, cashier);
      await till.call('sale.addPayment', { method: 'cash', amountCents: item.priceCents }, cashier);
      await till.call('sale.complete', { printReceipt: false }, cashier);
      const want = Math.max(0, expected.get(item.sku)! - 1);
      expected.set(item.sku, want);
      // Acknowledged: the push returned with head office's word that it stored the sale.
      await till.core.services.sync.syncNow();
      const acknowledged = performance.now();
      await waitFor(() => world.channel('prestashop').emulator.control.quantityOf(item.sku) === want && world.channel('ebay').emulator.control.quantityOf(item.sku) === want, `${item.sku} on PrestaShop and eBay`);
      const both = performance.now() - acknowledged;
      await waitFor(() => world.channel('amazon').emulator.control.quantityOf(item.sku) === want, `${item.sku} on Amazon`);
      const viaAmazon = performance.now() - acknowledged;
      // The first few warm the connections and statement caches.
      if (i < 3) continue;
      fast.push(both);
      amazon.push(viaAmazon);
    }
    for (const p of [50, 95]) ctx.emit(`${engine}: sale acknowledged → quantity at PrestaShop and eBay p${p}`, percentile(fast, p), 'ms');
    for (const p of [50, 95]) ctx.emit(`${engine}: sale acknowledged → quantity at Amazon (after its ACCEPTED delay) p${p}`, percentile(amazon, p), 'ms');
  } finally {
    await till.dispose();
    await world.dispose();
  }
}

/** 10,000 products of three sizes each, every variant with a SKU and an EAN-like code. */
function bigCatalogue(products: number): { categories: []; products: Product[] } {
  const list: Product[] = [];
  for (let p = 0; p < products; p++) {
    const sku = `B${String(p).padStart(5, '0')}`;
    list.push({
      id: `bench-${sku}`,
      sku,
      name: `Articolo ${sku}`,
      categoryId: null,
      vatCode: '22',
      unit: 'piece',
      priceCents: 1000 + (p % 500),
      axes: [{ name: 'taglia', values: ['S', 'M', 'L'] }],
      variants: ['S', 'M', 'L'].map((size, i) => ({
        id: `bench-${sku}-${size}`,
        sku: `${sku}-${size}`,
        barcodes: [`2${String(p * 3 + i).padStart(11, '0')}`],
        options: { taglia: size },
        priceCents: null,
        active: true,
      })),
      active: true,
    });
  }
  return { categories: [], products: list };
}

async function firstLink(ctx: BenchContext, engine: EngineName, postgresUrl: string | null): Promise<void> {
  const catalogue = bigCatalogue(10_000);
  ctx.progress(`${engine}: head office's catalogue of 10,000 products × 3 variants`);
  const world = await startChannelWorld({ engine, postgresUrl, catalogue: { categories: [], products: [] } });
  try {
    for (let i = 0; i < catalogue.products.length; i += 1_000) await world.server.server.admin.upsertProducts(world.ho.organisationId, catalogue.products.slice(i, i + 1_000));
    const items = channelItemsOf(catalogue.products, 5);
    for (const channel of world.channels) {
      channel.emulator.control.seedItems(items);
      const credentials = { ...channel.emulator.credentials, kind: channel.kind } as never;
      const account = await world.ho.client.call('channels.connect', { name: channel.name, storeIds: [world.storeId], safetyBuffer: 0, credentials });
      channel.accountId = account.id;
      ctx.progress(`${engine}: first link on ${channel.kind}`);
      const started = performance.now();
      const linked = async () => {
        // A link longer than head office's wait goes on in the background: asking again joins it.
        for (;;) {
          const answer = await world.ho.client.call('channels.link', { accountId: account.id });
          if (!answer.running) return answer;
        }
      };
      const counts = await linked().catch((error: unknown) => {
        // A channel that refuses the first link (e.g. its quota) is reported, and the others still measured.
        ctx.progress(`${engine} ${channel.kind}: the first link failed after ${Math.round(performance.now() - started)} ms: ${error instanceof Error ? error.message : String(error)} ${JSON.stringify((error as { details?: unknown }).details ?? null)}`);
        return null;
      });
      if (counts === null) continue;
      const elapsed = performance.now() - started;
      if (counts.matched !== items.length) ctx.progress(`${engine} ${channel.kind}: ${counts.matched} of ${items.length} matched (${JSON.stringify(counts)})`);
      ctx.emit(`${engine}: first link of 30,000 variants on ${channel.kind}`, elapsed / 1000, 's');
    }
  } finally {
    await world.dispose();
  }
}

async function ordersImported(ctx: BenchContext, engine: EngineName, postgresUrl: string | null): Promise<void> {
  const catalogue = demoCatalogue();
  const world = await startChannelWorld({ engine, postgresUrl, catalogue });
  try {
    const items = channelItemsOf(catalogue.products, 100_000);
    // Head office's import alone: 1,000 orders in pages of 100, one transaction each.
    const storage = world.server.server.storage;
    const at = new Date().toISOString();
    await storage.channels.createAccount({
      organisationId: world.ho.organisationId,
      id: 'bench-import',
      kind: 'ebay',
      name: 'eBay bench',
      status: 'paused',
      storeIds: [world.storeId],
      safetyBuffer: 0,
      credentials: 'sealed-elsewhere',
      credentialsKeyId: 'bench',
      credentialHints: {},
      lastStockPushAt: null,
      lastOrderPullAt: null,
      lastReconcileAt: null,
      lastProblem: null,
      lastProblemDetail: null,
      lastProblemAt: null,
      createdAt: at,
      updatedAt: at,
    });
    const orders: ChannelOrder[] = Array.from({ length: 1_000 }, (_, n) => {
      const item = items[n % items.length]!;
      return {
        remoteOrderId: `bench-${n}`,
        dedupeKey: null,
        reference: `bench-${n}`,
        status: 'open',
        placedAt: at,
        updatedAt: at,
        currency: 'EUR',
        lines: [{ remoteLineId: `bench-${n}-1`, sku: item.sku, barcode: null, remoteProductId: null, remoteVariantId: null, title: item.title, quantity: 1, unitPriceCents: item.priceCents, totalCents: item.priceCents }],
        shippingCents: 0,
        totalCents: item.priceCents,
        buyerName: 'Mario Rossi',
      };
    });
    const account = { id: 'bench-import', kind: 'ebay' as const, storeIds: [world.storeId] };
    let started = performance.now();
    for (let i = 0; i < orders.length; i += 100) await storage.channelOrders.importOrders(world.ho.organisationId, account, orders.slice(i, i + 100), `c${i}`, new Date());
    ctx.emit(`${engine}: 1,000 orders imported by head office (pages of 100)`, (performance.now() - started) / 1000, 's');

    // End to end: placed on the eBay emulator, brought in by the first poll after connecting.
    const ebay = world.channel('ebay');
    ebay.emulator.control.seedItems(items);
    for (let n = 0; n < 1_000; n++) ebay.emulator.control.placeOrder({ lines: [{ sku: items[n % items.length]!.sku, quantity: 1 }] });
    started = performance.now();
    const connected = await world.ho.client.call('channels.connect', { name: 'eBay', storeIds: [world.storeId], safetyBuffer: 0, credentials: { ...ebay.emulator.credentials, kind: 'ebay' } as never });
    for (;;) {
      const { total } = await world.ho.client.call('channels.orders', { accountId: connected.id, limit: 1 });
      if (total >= 1_000) break;
      if (performance.now() - started > 10 * WAIT_MS) throw new Error(`only ${total} of 1,000 eBay orders imported`);
      await new Promise((r) => setTimeout(r, 100));
    }
    ctx.emit(`${engine}: 1,000 eBay orders from connecting to all imported (emulator's paging and rate limits)`, (performance.now() - started) / 1000, 's');
  } finally {
    await world.dispose();
  }
}

export default async function channelsBench(ctx: BenchContext): Promise<void> {
  // No peer figure is measured: the middleware shops use today polls every 15–30 minutes by its
  // own published schedule, and none of it runs here.
  ctx.progress('peer: none runnable here (the middleware the issue names polls every 15–30 minutes by its published schedule)');
  for (const engine of ENGINES) {
    const run = async (postgresUrl: string | null) => {
      if (PARTS.includes('a')) await saleToChannels(ctx, engine, postgresUrl);
      if (PARTS.includes('b')) await firstLink(ctx, engine, postgresUrl);
      if (PARTS.includes('c')) await ordersImported(ctx, engine, postgresUrl);
    };
    if (engine === 'sqlite') await run(null);
    else await withBenchDatabase(ctx, (url) => run(url));
  }
}
